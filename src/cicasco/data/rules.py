"""The rules the schema is built from: checks on one cell, and checks that relate rows or files.

A rule on rows reports on one column; `row_rule` records which, so a failure is told as
`file:line: column: message` without parsing pandera's text.
"""

from functools import cache

import pandas as pd
import pandera.pandas as pa
import pycountry

from .ids import slugify, split_ids
from .vocab import DATE_RE, FIRST_YEAR, INVISIBLE, LAST_YEAR, SLUG_RE

ROW_RULE_COLUMNS: dict[str, str] = {}  # a row rule's message -> the column it reports on


@cache
def known_iso3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


def _is_date(s: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    return s.str.fullmatch(DATE_RE) & parsed.notna()


def _blank(s: pd.Series) -> pd.Series:
    return s.str.strip() == ""


def _iso3(s: pd.Series) -> pd.Series:
    return s.isin(known_iso3())


def optional(rule, error: str) -> pa.Check:
    """A cell rule that an empty cell also passes."""
    return pa.Check(lambda s: _blank(s) | rule(s), error=error + " (or empty)")


def date_check(optional_: bool = False) -> pa.Check:
    """A date, YYYY-MM-DD (`col` adds DATE_YEARS after it)."""
    if optional_:
        check = optional(_is_date, "is not a date (expected YYYY-MM-DD)")
    else:
        check = pa.Check(_is_date, error="is not a date (expected YYYY-MM-DD)")
    check.cicasco_date = True
    return check


def _in_years(s: pd.Series) -> pd.Series:
    years = pd.to_numeric(s.str.extract(r"^(\d{4})-\d{2}-\d{2}$")[0], errors="coerce")
    return years.isna() | years.between(FIRST_YEAR, LAST_YEAR)


# a date the date rule passes, in a year no row can mean (0001, 9999: a slip of the keyboard); the
# report wrote "16 December 1" for a year 0001 and charted nothing for a period ending in 9999
DATE_YEARS = pa.Check(
    _in_years, error=f"is outside the years the data can hold (expected {FIRST_YEAR} to {LAST_YEAR})"
)


def one_of(values, optional_: bool = False) -> pa.Check:
    allowed = ", ".join(values)
    if optional_:
        return optional(lambda s: s.isin(values), f"is not allowed (expected one of: {allowed})")
    return pa.Check(lambda s: s.isin(values), error=f"is not allowed (expected one of: {allowed})")


VISIBLE = pa.Check(
    lambda s: ~s.str.contains(INVISIBLE, regex=True),
    error="holds a control character or a bidirectional override (invisible; remove it)",
)
NON_EMPTY = pa.Check(lambda s: ~_blank(s), error="is empty (a value is required)")
ISO3 = pa.Check(_iso3, error="is not a known ISO 3166-1 alpha-3 code")
ISO3_OPTIONAL = optional(_iso3, "is not a known ISO 3166-1 alpha-3 code")
YEAR_OPTIONAL = optional(lambda s: s.str.fullmatch(r"(19|20)\d{2}"), "is not a year (expected YYYY)")
WHOLE_OPTIONAL = optional(lambda s: s.str.fullmatch(r"\d+"), "is not a whole number")
BOOL = pa.Check(lambda s: s.isin(["true", "false"]), error="is not a boolean (expected true or false)")
HTTP_URL = pa.Check.str_matches(r"^https?://\S+$", error="is not an http(s) URL")
SOURCE_IDS = pa.Check(
    lambda s: s.str.fullmatch(r"[a-z0-9-]+(;\s*[a-z0-9-]+)*"),
    error="is not a list of source ids (id;id;...), and every row needs one",
)
SLUG = pa.Check(
    lambda s: s.str.fullmatch(SLUG_RE), error="is not an id (lower-case letters, digits, hyphens)"
)
UNIQUE = pa.Check(lambda s: ~s.duplicated(keep="first"), error="duplicates an id used on an earlier row")


def latest_today() -> pd.Timestamp:
    """The latest date it is anywhere on Earth now (UTC+14, Kiribati's Line Islands): a date no later
    than this may have been read somewhere, whatever this machine's time zone (TZ) says."""
    return (pd.Timestamp.now(tz="UTC") + pd.Timedelta(hours=14)).tz_localize(None).normalize()


NOT_FUTURE = pa.Check(
    lambda s: ~(pd.to_datetime(s, format="%Y-%m-%d", errors="coerce") > latest_today()),
    error="is in the future (no source can have been read or published yet on that day)",
)


# four or more combining marks on one letter: no language needs them, and they smear over the lines
# above and below ("Zalgo" text)
STACKED = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{4,}"
UNSTACKED = pa.Check(
    lambda s: ~s.str.contains(STACKED, regex=True),
    error="holds a stack of four or more combining marks on one letter (remove them)",
)


def col(*checks: pa.Check) -> pa.Column:
    """A text column: every cell visible text without stacked marks, then the given rules."""
    dated = [DATE_YEARS] if any(getattr(c, "cicasco_date", False) for c in checks) else []
    return pa.Column(str, checks=[VISIBLE, UNSTACKED, *checks, *dated], nullable=False, coerce=False)


def row_rule(column: str, message: str, rule) -> pa.Check:
    """A rule over whole rows that reports on `column`."""
    ROW_RULE_COLUMNS[message] = column
    return pa.Check(rule, error=message)


def _dates(df: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(df[column], format="%Y-%m-%d", errors="coerce")


def end_not_before_start(start: str, end: str) -> pa.Check:
    return row_rule(end, f"is before {start}", lambda df: ~(_dates(df, end) < _dates(df, start)))


def _consecutive(df: pd.DataFrame):
    """(previous, current) row labels of each organisation's terms in order of start."""
    start = _dates(df, "term_start")
    for _, group in df.groupby("organisation"):
        order = start[group.index].sort_values().index
        yield from zip(order[:-1], order[1:], strict=True)


def terms_do_not_overlap(df: pd.DataFrame) -> pd.Series:
    start, end = _dates(df, "term_start"), _dates(df, "term_end")
    ok = pd.Series(True, index=df.index)
    for prev, cur in _consecutive(df):  # an open term followed by another: one_open_term says so
        if pd.notna(end[prev]) and start[cur] < end[prev]:
            ok[cur] = False
    return ok


def terms_leave_no_gap(df: pd.DataFrame) -> pd.Series:
    start, end = _dates(df, "term_start"), _dates(df, "term_end")
    ok = pd.Series(True, index=df.index)
    for prev, cur in _consecutive(df):
        if pd.notna(end[prev]) and start[cur] > end[prev]:
            ok[cur] = False
    return ok


def one_open_term(df: pd.DataFrame) -> pd.Series:
    """Only an organisation's latest term may be open; the open term with a later one is the row at
    fault (not the later, untouched term)."""
    start = _dates(df, "term_start")
    is_open = df["term_end"].str.strip() == ""
    later = start < start.groupby(df["organisation"]).transform("max")
    tie = is_open & df.duplicated(["organisation", "term_start"])
    return ~((is_open & later) | tie)


def references(column: str, known: frozenset[str] | None, what: str) -> list[pa.Check]:
    """Every id in the column names a row of `what`; no rule when `known` is None (that file failed)."""
    if known is None:
        return []
    rule = lambda df: df[column].map(lambda cell: all(i in known for i in split_ids(cell))).astype(bool)  # noqa: E731
    return [row_rule(column, f"names an id not found in {what}", rule)]


SOURCES = "the sources file"


def cites_sources(known: frozenset[str] | None) -> list[pa.Check]:
    """The rule every sourced table shares: each id in its source_ids names a row of the sources file."""
    return references("source_ids", known, SOURCES)


def _same_as_first(key: pd.Series, value: pd.Series) -> pd.Series:
    """Whether each row's value is the one the first row with its key has."""
    return value == value.groupby(key).transform("first")


def _folder(df: pd.DataFrame) -> pd.Series:
    """Each row's report folder name: as `Country.slug` makes it (the ISO3 code if the name has no
    Latin letters)."""
    slug = df["country"].map(slugify)
    return slug.where(slug != "", df["iso3"].str.lower())


# A state has one name, and two states never share a folder name (report/<slug>/): the second state's
# report would overwrite the first's.
ONE_NAME_PER_STATE = row_rule(
    "country",
    "is not the name an earlier row gives this iso3 (one name per state)",
    lambda df: _same_as_first(df["iso3"], df["country"]),
)
ONE_STATE_PER_FOLDER = row_rule(
    "country",
    "gives the same folder name (slug) as another state's name; its report would overwrite that one",
    lambda df: _same_as_first(_folder(df), df["iso3"]),
)
