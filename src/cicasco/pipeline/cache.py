"""What a build depends on, where its outputs go, and the fast check that skips an unchanged rebuild.

Kept free of heavy imports (pandas, papermill, nbconvert): `cicasco build` consults it before loading
anything else, so a no-change rebuild costs the interpreter's start and one pass of hashing.
"""

import contextlib
import csv
import hashlib
import json
import os
import secrets
from pathlib import Path

from ..data import paths
from ..data.digest import hash_files
from ..data.ids import slugify
from . import outline, owners, publish
from .options import Options

MANIFEST = ".manifest.json"  # in a report folder: the build key and the digest of every output file
TMP_PREFIX = ".tmp-"  # a cache entry being written: .tmp-<pid>-<random>, renamed into place when whole


def code_files() -> list[Path]:
    """The package's code and assets, and the lock file: a change to any of them is a change of input."""
    pkg = Path(__file__).resolve().parents[1]
    files = sorted(p for p in pkg.rglob("*") if p.suffix in (".py", ".css", ".j2", ".toml"))
    lock = paths.ROOT / "uv.lock"
    return files + ([lock] if lock.exists() else [])


def report_key(opts: Options) -> str:
    """Everything a whole report depends on: parameters as given, data, notebooks, code, lock file."""
    h = hashlib.sha256(json.dumps(opts.identity(), sort_keys=True, default=str).encode())
    hash_files(h, [p for p in opts.data.rglob("*") if p.is_file()], base=opts.data)
    hash_files(h, sorted(paths.NOTEBOOK_DIR.glob("*.ipynb")))
    hash_files(h, code_files())
    return h.hexdigest()[:24]


def notebook_key(section: outline.Section, params: dict, inputs: list[Path]) -> str:
    """A digest of all a notebook reads: itself, the files it reads, the code, and its parameters."""
    h = hashlib.sha256(json.dumps(params, sort_keys=True).encode())
    hash_files(h, [paths.NOTEBOOK_DIR / section.notebook, *inputs])
    hash_files(h, code_files())
    return h.hexdigest()[:24]


def folders(opts: Options, slug: str) -> tuple[Path, Path]:
    """(report folder, figures folder) of one report. The default article's reports live at
    report/<country>/ (README, CI and readers rely on it); another article's at
    report/<article>/<country>/, so no article's build overwrites another's."""
    sub = Path(slug) if opts.article == outline.default("article") else Path(opts.article) / slug
    return opts.out / "report" / sub, opts.out / "figures" / sub


def digest_outputs(report: Path, figures: Path) -> dict[str, str]:
    """sha256 of every output file of a report (not the manifest itself)."""
    out = {}
    for base, label in ((report, "report"), (figures, "figures")):
        for f in sorted(p for p in base.rglob("*") if p.is_file() and p.name != MANIFEST):
            out[f"{label}/{f.relative_to(base).as_posix()}"] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def manifest(key: str, report: Path, figures: Path) -> str:
    return json.dumps({"key": key, "files": digest_outputs(report, figures)}, indent=1, sort_keys=True) + "\n"


def _index(opts: Options, key: str) -> Path:
    return opts.cache / "reports" / key


def up_to_date(opts: Options, key: str | None = None) -> Path | None:
    """The report folder of an existing report built from exactly these inputs, with every output
    file as the build wrote it (a deleted, emptied or overwritten file means a rebuild); else None.
    Staging a killed build of that report left behind is cleared on the way (if no build holds it)."""
    if opts.force:
        return None
    key = key or report_key(opts)
    index = _index(opts, key)
    if not index.is_file():
        return None
    report = opts.out / index.read_text(encoding="utf-8").strip()
    figures = opts.out / "figures" / report.relative_to(opts.out / "report")
    try:
        recorded = json.loads((report / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if recorded.get("key") != key or recorded.get("files") != digest_outputs(report, figures):
        return None
    with contextlib.suppress(OSError), publish.lock(report, wait=False) as mine:
        if mine:
            publish.clear_stale(report, figures)
            clear_abandoned(opts)
    return report


def clear_abandoned(opts: Options) -> None:
    """Remove cache entries a killed build was writing (their process is gone); entries being
    written by a live build, of this report or another, are left alone."""
    owners.remove_abandoned(
        [*opts.cache.glob(f"notebooks/{TMP_PREFIX}*"), *opts.cache.glob(f"reports/{TMP_PREFIX}*")],
        lambda name: name[len(TMP_PREFIX) :].split("-", 1)[0],
    )


def record(opts: Options, key: str, report: Path) -> None:
    """Remember which report these inputs built (written after the report is in place; atomically,
    so a concurrent build or a kill never leaves half an entry)."""
    index = _index(opts, key)
    index.parent.mkdir(parents=True, exist_ok=True)
    tmp = index.with_name(f"{TMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}")  # unique to this write
    try:
        tmp.write_text(report.relative_to(opts.out).as_posix() + "\n", encoding="utf-8")
        os.replace(tmp, index)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def notebooks_to_run(opts: Options) -> int:
    """How many notebooks a build of `opts` will execute at most, from a cheap look (csv module only)
    at the data: 0 if the country names no member state (the build will stop on that parameter), else
    the sections that apply. Used to start just enough warm kernels; the build checks everything."""
    wanted = opts.country.strip().casefold()
    try:
        with (opts.data / "members.csv").open(newline="", encoding="utf-8-sig") as f:
            iso3 = next(
                (
                    r.get("iso3", "")
                    for r in csv.DictReader(f)
                    if r.get("status") == "member"
                    and wanted
                    in (
                        r.get("country", "").casefold(),
                        r.get("iso3", "").casefold(),
                        slugify(r.get("country", "")),
                    )
                ),
                None,
            )
        with (opts.data / "articles.csv").open(newline="", encoding="utf-8-sig") as f:
            subject = next(
                (r.get("subject_iso3") for r in csv.DictReader(f) if r.get("article_id") == opts.article),
                None,
            )
    except (OSError, csv.Error, UnicodeDecodeError):
        return 0
    if iso3 is None:
        return 0
    return sum(1 for s in outline.sections() if subject == iso3 or not s.only_for_subject)
