"""Load the data files, validate them against `schema.py`, and hand back typed frames.

A file that breaks a rule raises DataError listing every problem as `file:line: column: message`, where
line is the line of the CSV file (the header is line 1), so an editor or a CI log can jump to it.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from ..errors import DataError, Problem
from .digest import fingerprint
from .paths import DATA_DIR, display_path
from .vocab import INVISIBLE

# Files every report reads, and the tables they hold, in load order (sources first: others refer to it).
TABLE_FILES = {
    "sources": "sources.csv",
    "members": "members.csv",
    "chairmanships": "chairmanships.csv",
    "meetings": "meetings.csv",
    "initiatives": "initiatives.csv",
    "events": "events.csv",
    "articles": "articles.csv",
    "statements": "statements.csv",
    "quantities": "quantities.csv",
    "themes": "themes.csv",
    "changes": "changes.csv",
    "documents": "documents.csv",
}
# Columns a file may leave out (added later; older files keep working): filled with "" when absent.
OPTIONAL_COLUMNS = {
    "articles": ("body_ends_before", "review_first_published", "review_updated", "kind"),
    "initiatives": ("chair_term_start", "held_at"),
    "sources": ("date_checked",),
}
DATE_COLUMNS = {
    "sources": ["date_published", "date_accessed", "date_checked"],
    "chairmanships": ["term_start", "term_end"],
    "meetings": ["start_date", "end_date"],
    "initiatives": ["status_as_of", "chair_term_start"],
    "events": ["start_date", "end_date"],
    "articles": ["date_published", "review_first_published", "review_updated"],
    "statements": ["date"],
    "quantities": ["date"],
    "changes": ["date"],
    "documents": ["date"],
}
YEAR_COLUMNS = {
    "initiatives": ["year_proposed", "year_launched"],
    "members": ["year_joined"],
    "themes": ["term_start_year"],
}
BOOL_COLUMNS = {"meetings": ["online"], "chairmanships": ["counted"]}


def _decode(path: Path, shown: str) -> str:
    if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
        # read nothing outside the data folder, and print none of it
        raise DataError(
            [
                Problem(
                    shown, None, None, "is a link to a file outside the data folder; copy the file in instead"
                )
            ]
        )
    try:
        raw = path.read_bytes()
    except OSError as e:  # permissions, a device that fails: say so, with the file's name
        raise DataError([Problem(shown, None, None, f"cannot be read ({e.strerror})")]) from e
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            [
                Problem(
                    shown,
                    1,
                    None,
                    "is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8",
                )
            ]
        )
    try:
        # a byte-order mark (as Excel writes) is accepted and dropped; text is NFC, so one spelling of
        # Türkiye (composed or decomposed) is one name
        return unicodedata.normalize("NFC", raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DataError([Problem(shown, line, None, f"is not UTF-8 text (byte {raw[e.start]:#04x})")]) from e


def _header_defect(header: list[str], shown: str) -> Problem | None:
    """The first defect of a header row that no column rule would name rightly, or None."""
    hidden = [h for h in header if re.search(INVISIBLE.replace("\\ufeff", ""), h)]
    if hidden:  # a control character in a column's name: named by its repr, never printed raw
        return Problem(
            shown, 1, None, f"the header's column name {hidden[0]!r} holds a control character; remove it"
        )
    bom = [h for h in header if "\ufeff" in h]
    if bom:  # a second byte-order mark (the file saved twice as UTF-8 with BOM): invisible in an editor
        return Problem(
            shown,
            1,
            bom[0].replace("\ufeff", ""),
            "the header holds a byte-order mark (U+FEFF) in this column's name; save the file as UTF-8 with at most one at the start",
        )
    names = [h.strip() for h in header]
    if "" in names:  # a trailing or doubled comma: one column every row fills with nothing
        return Problem(
            shown, 1, None, f"column {names.index('') + 1} of the header has no name (a stray comma?)"
        )
    twice = [n for i, n in enumerate(names) if n in names[:i]]
    if twice:  # pandas would keep one of the two, and rules would read the other
        return Problem(shown, 1, twice[0], "column appears twice in the header (each column once)")
    return None


def read_csv(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """Read a CSV as text, and the file line each row starts on."""
    shown = display_path(path)
    if path.is_dir():
        raise DataError([Problem(shown, None, None, "is a folder, not a CSV file")])
    if not path.is_file():
        raise DataError([Problem(shown, None, None, "file not found")])
    reader = csv.reader(io.StringIO(_decode(path, shown), newline=""), strict=True)
    rows, lines = [], []
    try:
        header = next(reader, None)
        line = reader.line_num + 1
        for row in reader:
            rows.append(row)
            lines.append(line)
            line = reader.line_num + 1
    except csv.Error as e:
        raise DataError([Problem(shown, reader.line_num, None, f"is not valid CSV ({e})")]) from e
    if not header:
        raise DataError([Problem(shown, None, None, "file is empty (expected a header row and data rows)")])
    problems = [
        Problem(shown, ln, None, f"has {len(row)} fields, the header has {len(header)}")
        for row, ln in zip(rows, lines, strict=True)
        if len(row) != len(header)
    ]
    if problems:
        raise DataError(problems)
    defect = _header_defect(header, shown)
    if defect:
        raise DataError([defect])
    if not rows:
        raise DataError([Problem(shown, None, None, "has a header but no data rows")])
    return pd.DataFrame(rows, columns=[h.strip() for h in header], dtype=str), lines


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for c in OPTIONAL_COLUMNS.get(name, ()):
        if c not in df:
            df[c] = ""
    for c in DATE_COLUMNS.get(name, []):
        df[c] = pd.to_datetime(df[c].replace("", None), format="%Y-%m-%d")
    for c in YEAR_COLUMNS.get(name, []):
        df[c] = pd.to_numeric(df[c].replace("", None)).astype("Int64")
    for c in BOOL_COLUMNS.get(name, []):
        df[c] = df[c] == "true"
    return df


@dataclass(frozen=True)
class Dataset:
    """The validated tables of one data folder; a table not asked for is None."""

    data_dir: Path
    sources: pd.DataFrame | None = None
    members: pd.DataFrame | None = None
    chairmanships: pd.DataFrame | None = None
    meetings: pd.DataFrame | None = None
    initiatives: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    articles: pd.DataFrame | None = None
    statements: pd.DataFrame | None = None
    quantities: pd.DataFrame | None = None
    themes: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None
    documents: pd.DataFrame | None = None

    def loaded(self) -> dict[str, pd.DataFrame]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name in TABLE_FILES and getattr(self, f.name) is not None
        }

    def with_tables(self, **tables: pd.DataFrame) -> "Dataset":
        return replace(self, **tables)

    @property
    def as_of(self) -> pd.Timestamp:
        """The latest date the data covers: the newest source's publication date. Open terms are drawn
        up to it, not up to today, since nothing later has been checked."""
        latest = self.sources["date_published"].max()
        return latest if pd.notna(latest) else self.sources["date_accessed"].max()


def load(
    data_dir: Path | str | None = None,
    tables: tuple[str, ...] | None = None,
    trusted_fingerprint: str | None = None,
    remember: bool = False,
) -> Dataset:
    """Load and validate `tables` (all by default; sources and members always) from `data_dir`.

    Validation is skipped only when the caller has just validated these exact files and says so by
    passing their fingerprint, or, with `remember`, when this process has validated them. Raises
    DataError with every problem found across the files read.
    """
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    if not data_dir.is_dir():  # one problem, not one per file
        what = "is not a folder" if data_dir.exists() else "data folder not found"
        raise DataError([Problem(display_path(data_dir), None, None, what)])
    wanted = ["sources", "members", *[t for t in (tables or TABLE_FILES) if t not in ("sources", "members")]]
    unknown = [t for t in wanted if t not in TABLE_FILES]
    if unknown:
        raise ValueError(f"unknown table(s) {unknown}; known: {', '.join(TABLE_FILES)}")
    # Trusted: the caller validated these exact files, or (remember) this process did: a batch builds every
    # report from one data folder, 1 s of validation each. A fingerprint reads every file of the folder,
    # so it is taken only then (a notebook must read just the tables its section declares).
    digest = fingerprint(data_dir) if remember or trusted_fingerprint else None
    seen = (str(data_dir.resolve()), digest, tuple(wanted))
    trusted = (digest is not None and digest == trusted_fingerprint) or (remember and seen in _VALID)
    validate = not trusted
    problems: list[Problem] = []
    raw: dict[str, pd.DataFrame] = {}
    lines_of: dict[str, list[int]] = {}
    source_ids: frozenset[str] | None = None  # None: sources unreadable, so references are not judged
    for name in wanted:
        path = data_dir / TABLE_FILES[name]
        try:
            df, lines = read_csv(path)
        except DataError as e:
            problems += e.problems
            continue
        if validate:
            from . import glyphs, schema  # pandera: imported only when validating

            problems += schema.problems(name, df, lines, display_path(path), source_ids)
            problems += glyphs.problems(name, df, lines, display_path(path))
        raw[name], lines_of[name] = df, lines
        if name == "sources" and "source_id" in df and not problems:  # references judged only then
            source_ids = frozenset(df["source_id"])
    if validate and not problems:  # rules that join two tables, once each table is sound on its own
        from . import joins

        problems += joins.problems(raw, lines_of, {n: display_path(data_dir / TABLE_FILES[n]) for n in raw})
    if problems:
        raise DataError(problems)
    if remember and validate and fingerprint(data_dir) == digest:  # unchanged while read: what was validated
        _VALID.add(seen)
    return Dataset(data_dir, **{name: _typed(name, df) for name, df in raw.items()})


_VALID: set[tuple[str, str, tuple[str, ...]]] = set()  # (folder, fingerprint, tables) validated here
