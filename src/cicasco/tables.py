"""Load the data files, validate them against `schema.py`, and hand back typed frames.

A file that breaks a rule raises DataError listing every problem as `file:line: column: message`, where
line is the line of the CSV file (the header is line 1), so an editor or a CI log can jump to it.
"""

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import DataError, Problem
from .inputs import data_fingerprint
from .paths import DATA_DIR, display_path

# Set by the build, after it has validated a data folder, to that folder's fingerprint: the notebooks it
# then runs read the same bytes and skip validating them again (and importing pandera).
VALIDATED_ENV = "CICASCO_VALIDATED"

# Files every report reads, and the tables they hold, in load order (sources first: others refer to it).
TABLE_FILES = {
    "sources": "sources.csv",
    "members": "members.csv",
    "chairmanships": "chairmanships.csv",
    "meetings": "meetings.csv",
    "initiatives": "initiatives.csv",
    "events": "events.csv",
    "articles": "articles.csv",
}
DATE_COLUMNS = {
    "sources": ["date_published", "date_accessed"],
    "chairmanships": ["term_start", "term_end"],
    "meetings": ["start_date", "end_date"],
    "initiatives": ["status_as_of"],
    "events": ["start_date", "end_date"],
    "articles": ["date_published"],
}
YEAR_COLUMNS = {"initiatives": ["year_proposed", "year_launched"], "members": ["year_joined"]}
BOOL_COLUMNS = {
    "meetings": ["online"],
    "initiatives": ["named_in_article"],
    "chairmanships": ["counted"],
}


def note_read(path: Path) -> None:
    """Record a file read, when asked, so the build can learn which inputs each notebook depends on."""
    log = os.environ.get("CICASCO_READ_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(path.name + "\n")


def read_csv(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """Read a CSV as text, and the file line each row starts on."""
    shown = display_path(path)
    if not path.exists():
        raise DataError([Problem(shown, None, None, "file not found")])
    note_read(path)
    with path.open(newline="", encoding="utf-8") as f:
        try:
            reader = csv.reader(f, strict=True)
            header = next(reader, None)
            rows, lines = [], []
            line = reader.line_num + 1
            for row in reader:
                rows.append(row)
                lines.append(line)
                line = reader.line_num + 1
        except (csv.Error, UnicodeDecodeError) as e:
            raise DataError([Problem(shown, None, None, f"not a readable UTF-8 CSV file ({e})")]) from e
    if not header:
        raise DataError([Problem(shown, None, None, "file is empty (expected a header row and data rows)")])
    problems = [
        Problem(shown, ln, None, f"has {len(row)} fields, the header has {len(header)}")
        for row, ln in zip(rows, lines, strict=True)
        if len(row) != len(header)
    ]
    if problems:
        raise DataError(problems)
    if not rows:
        raise DataError([Problem(shown, None, None, "has a header but no data rows")])
    return pd.DataFrame(rows, columns=[h.strip() for h in header], dtype=str), lines


def trusted(data_dir: Path) -> bool:
    """Whether the build has just validated exactly these files."""
    return os.environ.get(VALIDATED_ENV) == data_fingerprint(data_dir)


def schema_problems(df: pd.DataFrame, lines: list[int], sch, shown: str) -> list[Problem]:
    """Validate and translate pandera's failure cases into one Problem per (row, rule)."""
    import pandera.pandas as pa

    try:
        sch.validate(df, lazy=True)
        return []
    except pa.errors.SchemaErrors as e:
        cases = e.failure_cases
    problems: dict[tuple, Problem] = {}
    for case in cases.itertuples(index=False):
        check, column, value, index = str(case.check), case.column, case.failure_case, case.index
        if check == "column_in_dataframe":
            key = ("missing", value)
            problems[key] = Problem(shown, 1, str(value), "column is missing from the header")
            continue
        if check == "column_in_schema":
            problems[("extra", value)] = Problem(
                shown, 1, str(value), "column is not in the schema (misspelt?)"
            )
            continue
        if case.schema_context == "DataFrameSchema" and ": " in check:
            # a row rule: its text names the column it reports on
            column, check = check.split(": ", 1)
            value = df.at[index, column] if index is not None and column in df else value
        line = lines[int(index)] if index is not None and not pd.isna(index) else None
        key = (line, column, check)
        if key not in problems:
            problems[key] = Problem(shown, line, column, f"{value!r} {check}" if value is not None else check)
    return sorted(problems.values(), key=lambda p: (p.line or 0, p.column or ""))


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for c in DATE_COLUMNS.get(name, []):
        df[c] = pd.to_datetime(df[c].replace("", None), format="%Y-%m-%d")
    for c in YEAR_COLUMNS.get(name, []):
        df[c] = pd.to_numeric(df[c].replace("", None)).astype("Int64")
    for c in BOOL_COLUMNS.get(name, []):
        df[c] = df[c] == "true"
    return df


def split_ids(cell: str) -> list[str]:
    return [i.strip() for i in str(cell).split(";") if i.strip()]


def _schema_for(name: str, source_ids: frozenset[str]):
    from . import schema  # pandera: imported only when validating

    if name == "sources":
        return schema.sources_schema()
    return getattr(schema, f"{name}_schema")(source_ids)


@dataclass
class Dataset:
    """The validated tables of one data folder (only those asked for)."""

    data_dir: Path
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.__dict__["tables"][name]
        except KeyError:
            raise AttributeError(f"table {name!r} was not loaded") from None

    @property
    def as_of(self) -> pd.Timestamp:
        """The latest date the data covers: the newest source's publication date. Open terms are drawn
        up to it, not up to today, since nothing later has been checked."""
        s = self.tables["sources"]
        latest = s["date_published"].max()
        return latest if pd.notna(latest) else s["date_accessed"].max()


def load(data_dir: Path | str | None = None, tables: tuple[str, ...] | None = None) -> Dataset:
    """Load and validate `tables` (all by default; sources and members always) from `data_dir`.

    Raises DataError with every problem found across the files read.
    """
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    wanted = [
        "sources",
        "members",
        *[t for t in (tables or TABLE_FILES) if t not in ("sources", "members")],
    ]
    unknown = [t for t in wanted if t not in TABLE_FILES]
    if unknown:
        raise ValueError(f"unknown table(s) {unknown}; known: {', '.join(TABLE_FILES)}")
    problems: list[Problem] = []
    raw: dict[str, pd.DataFrame] = {}
    source_ids: frozenset[str] = frozenset()
    validate = not trusted(data_dir)
    for name in wanted:
        path = data_dir / TABLE_FILES[name]
        try:
            df, lines = read_csv(path)
        except DataError as e:
            problems += e.problems
            continue
        if validate:
            problems += schema_problems(df, lines, _schema_for(name, source_ids), display_path(path))
        raw[name] = df
        if name == "sources" and "source_id" in df:
            source_ids = frozenset(df["source_id"])
    if problems:
        raise DataError(problems)
    return Dataset(data_dir, {name: _typed(name, df) for name, df in raw.items()})
