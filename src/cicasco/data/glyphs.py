"""Text the report prints must be text its fonts can print: a character no report font has would be
drawn as an empty box in the PDF. Found when the data is validated, as `file:line: column: ...`.

The report sets its text in DejaVu Serif and DejaVu Sans (report.css); their character sets are read
from the font files fontconfig finds. Where fontconfig or the fonts are missing, nothing is checked
here (the PDF step would fail on its own)."""

import functools
import shutil
import subprocess
import unicodedata

import pandas as pd

from ..errors import Problem

FONTS = ("DejaVu Serif", "DejaVu Sans", "DejaVu Serif:italic", "DejaVu Serif:bold", "DejaVu Sans:bold")
# The columns whose text reaches the printed page. Notes and descriptions stay in the data.
PRINTED = {
    "sources": ("title", "publisher"),
    "initiatives": ("name", "place"),
    "chairmanships": ("country", "handover_event", "dispute"),
    "members": ("country",),
    "meetings": ("city",),
    "events": ("name", "actor", "city"),
    "statements": ("actor", "occasion", "english"),
    "quantities": ("measure", "unit"),
    "articles": ("title", "author", "outlet"),
    "changes": ("what_was_wrong",),
    "documents": ("name",),
}


@functools.cache
def printable() -> frozenset[int] | None:
    """The code points the report's fonts have, or None where the fonts cannot be found."""
    from fontTools.ttLib import TTFont

    if not shutil.which("fc-match"):
        return None
    points: set[int] = set()
    for family in FONTS:
        path = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True).stdout
        if not path or "DejaVu" not in path:
            return None
        points |= set(TTFont(path, lazy=True)["cmap"].getBestCmap())
    return frozenset(points)


def unprintable(text: str, points: frozenset[int]) -> list[str]:
    """The characters no report font has. Control, format and separator characters are left to the
    rule on invisible characters, which names them."""
    return sorted(
        {
            c
            for c in str(text)
            if ord(c) > 0x7F and ord(c) not in points and unicodedata.category(c)[0] not in "CZ"
        }
    )


def problems(name: str, df: pd.DataFrame, lines: list[int], shown: str) -> list[Problem]:
    """One problem per cell of a printed column that holds a character the fonts cannot print. A
    statement's exact words are printed only where it has no English rendering, so they are checked
    only then."""
    points = printable()
    columns = [c for c in PRINTED.get(name, ()) if c in df]
    if points is None or not (columns or name == "statements"):
        return []
    out = []
    for i, r in enumerate(df.to_dict("records")):
        cells = [(c, r[c]) for c in columns]
        if name == "statements" and not str(r.get("english", "")).strip():
            cells.append(("words", r.get("words", "")))
        for column, value in cells:
            bad = unprintable(value, points)
            if bad:
                shown_chars = " ".join(bad[:8]) + (" …" if len(bad) > 8 else "")
                out.append(
                    Problem(
                        shown,
                        lines[i],
                        column,
                        f"holds characters the report's fonts cannot print ({shown_chars}); give the text in "
                        "Latin, Cyrillic or Greek script, or an English rendering in square brackets, and keep "
                        "the original in the note",
                    )
                )
    return out
