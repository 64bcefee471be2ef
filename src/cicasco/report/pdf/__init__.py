"""The PDF: the report's HTML page typeset by Typst (the `typst` wheel: the compiler itself, in process).

`convert` turns the page into Typst markup; `report.typ` is the layout; this module compiles the two as
PDF/UA-1, which Typst checks as it writes (alternative text on every figure, a title, tags, the
language): a PDF that fails the check is not written, and the build stops with Typst's message.
Fonts are DejaVu Serif and Sans, as on the page, from the system's font folder; nothing else is read.
"""

import contextlib
import functools
import os
import subprocess
import tempfile
import threading
from importlib import resources
from pathlib import Path

from ...errors import BuildError
from . import markup as m
from .convert import Document, convert

__all__ = ["compile_pdf", "compiler", "convert", "source", "warm_up", "write_pdf"]

STANDARDS = ["ua-1"]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _font_dirs() -> list[str]:
    """The folder(s) of DejaVu Serif and Sans as fontconfig finds them, else Debian's folder."""
    found = set()
    for family in ("DejaVu Serif", "DejaVu Sans"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, timeout=10
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        if "DejaVu" in out:
            found.add(str(Path(out).parent))
    return sorted(found) or [str(DEJAVU)]


@functools.cache  # one per process: the fonts are read once
def _compiler():
    import typst

    return typst.Compiler(font_paths=_font_dirs(), ignore_system_fonts=True)


_LOCK = threading.Lock()


@contextlib.contextmanager
def compiler():
    """The process's Typst compiler, to one thread at a time: the PDF and the charts' PNGs (png.py)
    share it, and the preview may ask for a PDF while a rebuild draws PNGs."""
    with _LOCK:
        yield _compiler()


def warm_up() -> None:
    """Import Typst and read the fonts ahead of use (the build does it while the notebooks run)."""
    _compiler()


def _layout() -> str:
    return resources.files("cicasco.report.pdf").joinpath("report.typ").read_text(encoding="utf-8")


def _epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def _lang(meta: dict) -> str:
    """The page's language as Typst takes it: an ISO 639 code, lower case ("en" of "en-GB")."""
    code = meta.get("lang", "en").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else "en"


def source(doc: Document) -> str:
    """The whole Typst source: the layout, the metadata, then the converted page."""
    meta = doc.meta
    keywords = [k.strip() for k in meta.get("keywords", "").split(",") if k.strip()]
    date = "auto" if _epoch() is not None else "none"  # no build time in the file unless one is given
    document = ", ".join(
        [
            f"title: {m.string(doc.title)}",
            f"author: {m.string(meta.get('author', ''))}",
            f"description: {m.string(meta.get('description', ''))}",
            f"keywords: ({''.join(m.string(k) + ', ' for k in keywords)})",
            f"date: {date}",
        ]
    )
    return (
        f"{_layout()}\n#set document({document})\n"
        f"#show: report.with(title: [{m.text(doc.title)}], lang: {m.string(_lang(meta))})\n\n{doc.body}\n"
    )


def compile_pdf(doc: Document) -> bytes:
    """The PDF's bytes; BuildError with Typst's message if it cannot be typeset or fails PDF/UA-1."""
    import typst

    with tempfile.TemporaryDirectory(prefix="cicasco-pdf-") as root:
        for name, data in doc.images.items():
            Path(root, name).write_bytes(data)
        try:
            with compiler() as typeset:
                pdf, warnings = typeset.compile_with_warnings(
                    input=source(doc).encode("utf-8"),
                    format="pdf",
                    root=root,
                    pdf_standards=STANDARDS,
                    timestamp=_epoch(),
                )
        except typst.TypstError as e:
            hints = "".join(f"; hint: {h}" for h in getattr(e, "hints", []) or [])
            raise BuildError(f"the PDF could not be typeset: {e.message}{hints}") from None
    if warnings:
        raise BuildError("the PDF could not be typeset cleanly: " + "; ".join(w.message for w in warnings))
    return pdf


def write_pdf(html: str, path: Path) -> None:
    """The page printed to a tagged PDF/UA-1 file (written whole, or not at all)."""
    pdf = compile_pdf(convert(html))
    Path(path).write_bytes(pdf)
