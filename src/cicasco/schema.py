"""The data files' schema, declared once with pandera and used at load time and in tests.

Every file is read as text, so the rules see exactly what is in the file; `tables.py` converts types after
the rules pass. Rules that relate rows (overlapping terms) or files (source ids) are dataframe checks
whose error text starts with the column they report on ("term_start: ...").
"""

import re
from functools import cache

import pandas as pd
import pandera.pandas as pa
import pycountry

from .vocab import (
    CLAIM_KINDS,
    DATE_RE,
    DOMAINS,
    FACT_STATUSES,
    INITIATIVE_STATUSES,
    MEETING_KINDS,
    MEMBER_STATUSES,
    ORGANISATIONS,
    SLUG_RE,
    SOURCE_KINDS,
    VERDICTS,
)


@cache
def known_iso3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


# --- element rules -------------------------------------------------------------------------------


def _is_date(s: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    return s.str.fullmatch(DATE_RE) & parsed.notna()


def _blank(s: pd.Series) -> pd.Series:
    return s.str.strip() == ""


def _year(s: pd.Series) -> pd.Series:
    return s.str.fullmatch(r"(19|20)\d{2}")


def _iso3(s: pd.Series) -> pd.Series:
    return s.isin(known_iso3())


def _ids(s: pd.Series) -> pd.Series:
    return s.str.fullmatch(r"[a-z0-9-]+(;\s*[a-z0-9-]+)*")


def date_check(optional: bool = False) -> pa.Check:
    if optional:
        return pa.Check(
            lambda s: _blank(s) | _is_date(s), error="is not a date (expected YYYY-MM-DD or empty)"
        )
    return pa.Check(_is_date, error="is not a date (expected YYYY-MM-DD)")


def one_of(values, optional: bool = False) -> pa.Check:
    allowed = ", ".join(values)
    if optional:
        return pa.Check(
            lambda s: _blank(s) | s.isin(values),
            error=f"is not allowed (expected one of: {allowed}, or empty)",
        )
    return pa.Check(lambda s: s.isin(values), error=f"is not allowed (expected one of: {allowed})")


NON_EMPTY = pa.Check(lambda s: ~_blank(s), error="is empty (a value is required)")
ISO3 = pa.Check(_iso3, error="is not a known ISO 3166-1 alpha-3 code")
ISO3_OPTIONAL = pa.Check(
    lambda s: _blank(s) | _iso3(s), error="is not a known ISO 3166-1 alpha-3 code (or empty)"
)
YEAR_OPTIONAL = pa.Check(lambda s: _blank(s) | _year(s), error="is not a year (expected YYYY or empty)")
BOOL = pa.Check(lambda s: s.isin(["true", "false"]), error="is not a boolean (expected true or false)")
SOURCE_IDS = pa.Check(_ids, error="is not a list of source ids (id;id;...), and every row needs one")
SLUG = pa.Check(
    lambda s: s.str.fullmatch(SLUG_RE), error="is not an id (lower-case letters, digits, hyphens)"
)
UNIQUE = pa.Check(lambda s: ~s.duplicated(keep="first"), error="duplicates an id used on an earlier row")


def col(*checks: pa.Check) -> pa.Column:
    return pa.Column(str, checks=list(checks), nullable=False, coerce=False)


# --- row and file rules --------------------------------------------------------------------------


def _end_not_before_start(start: str, end: str) -> pa.Check:
    def rule(df: pd.DataFrame) -> pd.Series:
        s = pd.to_datetime(df[start], format="%Y-%m-%d", errors="coerce")
        e = pd.to_datetime(df[end], format="%Y-%m-%d", errors="coerce")
        return ~(e < s)

    return pa.Check(rule, error=f"{end}: is before {start}")


def _terms_do_not_overlap(df: pd.DataFrame) -> pd.Series:
    ok = pd.Series(True, index=df.index)
    start = pd.to_datetime(df["term_start"], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(df["term_end"], format="%Y-%m-%d", errors="coerce")
    for _, group in df.groupby("organisation"):
        order = start[group.index].sort_values().index
        for prev, cur in zip(order[:-1], order[1:], strict=True):
            if pd.isna(end[prev]) or start[cur] < end[prev]:
                ok[cur] = False
    return ok


def _no_unexplained_gap(df: pd.DataFrame) -> pd.Series:
    ok = pd.Series(True, index=df.index)
    start = pd.to_datetime(df["term_start"], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(df["term_end"], format="%Y-%m-%d", errors="coerce")
    for _, group in df.groupby("organisation"):
        order = start[group.index].sort_values().index
        for prev, cur in zip(order[:-1], order[1:], strict=True):
            gap = pd.notna(end[prev]) and start[cur] > end[prev]
            if gap and "gap" not in df.at[cur, "note"].lower():
                ok[cur] = False
    return ok


def _one_open_term(df: pd.DataFrame) -> pd.Series:
    open_rows = df["term_end"].str.strip() == ""
    later_open = open_rows & open_rows.groupby(df["organisation"]).cumsum().gt(1)
    return ~later_open


def _references(column: str, known: frozenset[str], what: str) -> pa.Check:
    def rule(df: pd.DataFrame) -> pd.Series:
        def resolves(cell: str) -> bool:
            ids = [i.strip() for i in re.split(r";", cell) if i.strip()]
            return all(i in known for i in ids)

        return df[column].map(resolves).astype(bool)

    return pa.Check(rule, error=f"{column}: names an id not found in {what}")


# --- schemas -------------------------------------------------------------------------------------


def sources_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "source_id": col(NON_EMPTY, SLUG, UNIQUE),
            "url": col(pa.Check.str_matches(r"^https?://\S+$", error="is not an http(s) URL")),
            "publisher": col(NON_EMPTY),
            "title": col(NON_EMPTY),
            "date_published": col(date_check(optional=True)),
            "date_accessed": col(date_check()),
            "kind": col(one_of(SOURCE_KINDS)),
        },
        checks=[_end_not_before_start("date_published", "date_accessed")],
        strict=True,
        name="sources",
    )


def chairmanships_schema(source_ids: frozenset[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "organisation": col(one_of(ORGANISATIONS)),
            "country": col(NON_EMPTY),
            "iso3": col(ISO3),
            "term_start": col(date_check()),
            "term_end": col(date_check(optional=True)),
            "handover_event": col(NON_EMPTY),
            "status": col(one_of(FACT_STATUSES)),
            "counted": col(BOOL),
            "note": col(),
            "source_ids": col(SOURCE_IDS),
        },
        checks=[
            _end_not_before_start("term_start", "term_end"),
            pa.Check(
                lambda df: (df["counted"] == "true") | (df["status"] == "disputed"),
                error="counted: only a disputed term may be left out of the count (counted=false)",
            ),
            pa.Check(
                _terms_do_not_overlap,
                error="term_start: overlaps an earlier term of the same organisation",
            ),
            pa.Check(
                _no_unexplained_gap,
                error="term_start: leaves a gap after the previous term (explain it in note: 'gap ...')",
            ),
            pa.Check(
                _one_open_term,
                error="term_end: a second open term (only the current term may have no end)",
            ),
            _references("source_ids", source_ids, "data/sources.csv"),
        ],
        strict=True,
        name="chairmanships",
    )


def meetings_schema(source_ids: frozenset[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "meeting_id": col(SLUG, UNIQUE),
            "organisation": col(one_of(ORGANISATIONS)),
            "kind": col(one_of(MEETING_KINDS)),
            "number": col(
                pa.Check(
                    lambda s: _blank(s) | s.str.fullmatch(r"\d+"),
                    error="is not a whole number (or empty)",
                )
            ),
            "city": col(),
            "host_iso3": col(ISO3_OPTIONAL),
            "online": col(BOOL),
            "start_date": col(date_check()),
            "end_date": col(date_check(optional=True)),  # empty: the day it ended is not known
            "status": col(one_of(FACT_STATUSES)),
            "note": col(),
            "source_ids": col(SOURCE_IDS),
        },
        checks=[
            _end_not_before_start("start_date", "end_date"),
            _references("source_ids", source_ids, "data/sources.csv"),
        ],
        strict=True,
        name="meetings",
    )


def initiatives_schema(source_ids: frozenset[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "initiative_id": col(SLUG, UNIQUE),
            "name": col(NON_EMPTY),
            "organisation": col(one_of(ORGANISATIONS)),
            "domain": col(one_of(DOMAINS)),
            "proposer_iso3": col(ISO3_OPTIONAL),
            "year_proposed": col(YEAR_OPTIONAL),
            "year_launched": col(YEAR_OPTIONAL),
            "status": col(one_of(INITIATIVE_STATUSES)),
            "status_as_of": col(date_check(optional=True)),
            "place": col(),
            "description": col(NON_EMPTY),
            "named_in_article": col(BOOL),
            "note": col(),
            "source_ids": col(SOURCE_IDS),
        },
        checks=[_references("source_ids", source_ids, "data/sources.csv")],
        strict=True,
        name="initiatives",
    )


def members_schema(source_ids: frozenset[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "organisation": col(one_of(ORGANISATIONS)),
            "country": col(NON_EMPTY),
            "iso3": col(ISO3),
            "status": col(one_of(MEMBER_STATUSES)),
            "year_joined": col(YEAR_OPTIONAL),
            "note": col(),
            "source_ids": col(SOURCE_IDS),
        },
        checks=[
            pa.Check(
                lambda df: ~df.duplicated(["organisation", "iso3"]),
                error="iso3: listed twice for the same organisation",
            ),
            _references("source_ids", source_ids, "data/sources.csv"),
        ],
        strict=True,
        name="members",
    )


def events_schema(source_ids: frozenset[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "event_id": col(SLUG, UNIQUE),
            "kind": col(NON_EMPTY),
            "name": col(NON_EMPTY),
            "start_date": col(date_check(optional=True)),  # empty for an undated fact (a role, a doctrine)
            "end_date": col(date_check(optional=True)),
            "city": col(),
            "country_iso3": col(ISO3_OPTIONAL),
            "organisation": col(one_of(ORGANISATIONS, optional=True)),
            "actor": col(),
            "description": col(NON_EMPTY),
            "status": col(one_of(FACT_STATUSES)),
            "note": col(),
            "source_ids": col(SOURCE_IDS),
        },
        checks=[
            _end_not_before_start("start_date", "end_date"),
            _references("source_ids", source_ids, "data/sources.csv"),
        ],
        strict=True,
        name="events",
    )


def articles_schema(source_ids: frozenset[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "article_id": col(SLUG, UNIQUE),
            "title": col(NON_EMPTY),
            "author": col(NON_EMPTY),
            "outlet": col(NON_EMPTY),
            "date_published": col(date_check()),
            "url": col(pa.Check.str_matches(r"^https?://\S+$", error="is not an http(s) URL")),
            "subject_iso3": col(ISO3),
            "text_file": col(NON_EMPTY),
            "claims_file": col(NON_EMPTY),
            "note": col(),
            "source_ids": col(SOURCE_IDS),
        },
        checks=[_references("source_ids", source_ids, "data/sources.csv")],
        strict=True,
        name="articles",
    )


def claims_schema(source_ids: frozenset[str], check_names: frozenset[str]) -> pa.DataFrameSchema:
    def check_matches_kind(df: pd.DataFrame) -> pd.Series:
        is_opinion = df["kind"] == "opinion"
        return (is_opinion & (df["check"] == "")) | (~is_opinion & (df["check"] != ""))

    def opinion_verdict(df: pd.DataFrame) -> pd.Series:
        is_opinion = df["kind"] == "opinion"
        return (is_opinion == (df["verdict"] == "opinion")) & (
            is_opinion == (df["verdict_latest"] == "opinion")
        )

    return pa.DataFrameSchema(
        {
            "claim_id": col(NON_EMPTY, pa.Check.str_matches(r"^[a-z0-9-]+$", error="is not an id"), UNIQUE),
            "paragraph": col(
                pa.Check.str_matches(r"^[1-9]\d*$", error="is not a paragraph number (1, 2, ...)")
            ),
            "quote": col(NON_EMPTY),
            "claim": col(
                NON_EMPTY,
                pa.Check(lambda s: s.str.len() <= 75, error="is longer than 75 characters"),
            ),
            "kind": col(one_of(CLAIM_KINDS)),
            "organisation": col(one_of(("SCO", "CICA", "both"), optional=True)),
            "check": col(
                pa.Check(
                    lambda s: _blank(s) | s.isin(check_names),
                    error=f"is not a known check (expected one of: {', '.join(sorted(check_names))}, or empty)",
                )
            ),
            "check_args": col(),
            "verdict": col(one_of(VERDICTS)),  # expected as of the report's default as-of date
            "verdict_latest": col(one_of(VERDICTS)),  # expected on the latest data
            "finding": col(NON_EMPTY),
            "source_ids": col(SOURCE_IDS),
            "note": col(),
        },
        checks=[
            pa.Check(
                check_matches_kind,
                error="check: must be empty for an opinion and set for any other kind",
            ),
            pa.Check(opinion_verdict, error="verdict: 'opinion' goes with kind opinion and only with it"),
            _references("source_ids", source_ids, "data/sources.csv"),
        ],
        strict=True,
        name="claims",
    )
