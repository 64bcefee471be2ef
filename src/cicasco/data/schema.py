"""The data files' schema, declared once with pandera; `problems` turns its failures into Problems.

Every file is read as text, so the rules see exactly what is in the file; `load.py` converts types after
the rules pass. The header is checked first: a missing or unknown column is reported alone, since every
other rule of that file would only echo it. Rules that relate rows run only on files whose cells pass.
"""

import pandas as pd
import pandera.pandas as pa

from ..errors import Problem
from .rules import (
    BOOL,
    DATE_YEARS,
    HTTP_URL,
    ISO3,
    ISO3_OPTIONAL,
    NON_EMPTY,
    NOT_FUTURE,
    ONE_NAME_PER_STATE,
    ONE_STATE_PER_FOLDER,
    ROW_RULE_COLUMNS,
    SLUG,
    SOURCE_IDS,
    UNIQUE,
    VISIBLE,
    WHOLE_OPTIONAL,
    YEAR_OPTIONAL,
    cites_sources,
    col,
    date_check,
    end_not_before_start,
    one_of,
    one_open_term,
    row_rule,
    terms_do_not_overlap,
    terms_leave_no_gap,
)
from .vocab import (
    DOMAINS,
    FACT_STATUSES,
    INITIATIVE_STATUSES,
    MEETING_KINDS,
    MEMBER_STATUSES,
    ORGANISATIONS,
    SOURCE_KINDS,
)


def sources_schema(source_ids=None) -> pa.DataFrameSchema:
    columns = {
        "source_id": col(NON_EMPTY, SLUG, UNIQUE),
        "url": col(HTTP_URL),
        "publisher": col(NON_EMPTY),
        "title": col(NON_EMPTY),
        "date_published": col(date_check(optional_=True), NOT_FUTURE),
        "date_accessed": col(date_check(), NOT_FUTURE),
        "kind": col(one_of(SOURCE_KINDS)),
        "refound": col(one_of(("yes", "no"))),  # found again in the stored pages on review
        # the day it was last looked for and not found (refound=no): readers see it, not a 'read' date
        "date_checked": pa.Column(
            str, checks=[VISIBLE, date_check(optional_=True), DATE_YEARS, NOT_FUTURE], required=False
        ),
        "note": col(),
    }
    checks = [
        row_rule(
            "date_checked",
            "is empty, but a source not found again (refound=no) needs the day it was looked for",
            lambda df: (
                (df["refound"] == "yes")
                | (df.get("date_checked", pd.Series("", index=df.index)).str.strip() != "")
            ),
        ),
        row_rule(
            "title",
            "is a placeholder; give the page's title, or a description in square brackets",
            lambda df: ~df["title"].str.contains(r"(?i)untitled|title not shown", regex=True),
        ),
        end_not_before_start("date_published", "date_accessed"),
        row_rule(
            "note",
            "must say why a source was not found again (refound=no)",
            lambda df: (df["refound"] == "yes") | (df["note"].str.strip() != ""),
        ),
    ]
    return pa.DataFrameSchema(columns, checks=checks)


def chairmanships_schema(source_ids) -> pa.DataFrameSchema:
    columns = {
        "organisation": col(one_of(ORGANISATIONS)),
        "country": col(NON_EMPTY),
        "iso3": col(ISO3),
        "term_start": col(date_check()),
        "term_end": col(date_check(optional_=True)),
        "handover_event": col(NON_EMPTY),
        "status": col(one_of(FACT_STATUSES)),
        "counted": col(BOOL),
        "note": col(),
        "dispute": col(),  # the dispute in plain words, for readers; the note is the researcher's
        "source_ids": col(SOURCE_IDS),
    }
    checks = [
        end_not_before_start("term_start", "term_end"),
        row_rule(
            "dispute",
            "a disputed term must say what is disputed, in plain words (dispute)",
            lambda df: (df["status"] != "disputed") | (df["dispute"].str.strip() != ""),
        ),
        row_rule(
            "counted",
            "only a disputed term may be left out of the count (counted=false)",
            lambda df: (df["counted"] == "true") | (df["status"] == "disputed"),
        ),
        row_rule("term_start", "overlaps an earlier term of the same organisation", terms_do_not_overlap),
        row_rule("term_start", "does not start where the previous term ended (a gap)", terms_leave_no_gap),
        row_rule(
            "term_end", "is empty but a later term follows (only the current term may be open)", one_open_term
        ),
        *cites_sources(source_ids),
    ]
    return pa.DataFrameSchema(columns, checks=checks)


def meetings_schema(source_ids) -> pa.DataFrameSchema:
    columns = {
        "meeting_id": col(SLUG, UNIQUE),
        "organisation": col(one_of(ORGANISATIONS)),
        "kind": col(one_of(MEETING_KINDS)),
        "number": col(WHOLE_OPTIONAL),
        "city": col(),
        "host_iso3": col(ISO3_OPTIONAL),
        "online": col(BOOL),
        "start_date": col(date_check()),
        "end_date": col(date_check(optional_=True)),  # empty: the day it ended is not known
        "status": col(one_of(FACT_STATUSES)),
        "note": col(),
        "source_ids": col(SOURCE_IDS),
    }
    checks = [end_not_before_start("start_date", "end_date"), *cites_sources(source_ids)]
    return pa.DataFrameSchema(columns, checks=checks)


def initiatives_schema(source_ids) -> pa.DataFrameSchema:
    columns = {
        "initiative_id": col(SLUG, UNIQUE),
        "name": col(NON_EMPTY),
        "organisation": col(one_of(ORGANISATIONS)),
        "domain": col(one_of(DOMAINS)),
        "proposer_iso3": col(ISO3_OPTIONAL),
        "year_proposed": col(YEAR_OPTIONAL),
        "year_launched": col(YEAR_OPTIONAL),
        "status": col(one_of(INITIATIVE_STATUSES)),
        "status_as_of": col(date_check(optional_=True)),
        "place": col(),
        "description": col(NON_EMPTY),
        "note": col(),
        "source_ids": col(SOURCE_IDS),
        # the start of the chair term under which it was put forward or launched; empty: tied to none
        "chair_term_start": pa.Column(
            str, checks=[VISIBLE, date_check(optional_=True), DATE_YEARS], required=False
        ),
        # the meeting or event that held, launched or adopted it (its id); empty where none is on record
        "held_at": pa.Column(str, checks=[VISIBLE], required=False),
    }
    launched = lambda df: df["status"].isin(["held", "launched"])  # noqa: E731
    checks = [
        row_rule(
            "status",
            "says held or launched but gives no year_launched, or says proposed but gives one",
            lambda df: (
                (~launched(df) | (df["year_launched"] != ""))
                & ((df["status"] != "proposed") | (df["year_launched"] == ""))
            ),
        ),
        row_rule(
            "status_as_of",
            "is before the year the initiative was launched (the latest evidence cannot predate it)",
            lambda df: (
                (df["status_as_of"] == "")
                | (df["year_launched"] == "")
                | (df["status_as_of"].str[:4] >= df["year_launched"])
            ),
        ),
        *cites_sources(source_ids),
    ]
    return pa.DataFrameSchema(columns, checks=checks)


def members_schema(source_ids) -> pa.DataFrameSchema:
    columns = {
        "organisation": col(one_of(ORGANISATIONS)),
        "country": col(NON_EMPTY),
        "iso3": col(ISO3),
        "status": col(one_of(MEMBER_STATUSES)),
        "year_joined": col(YEAR_OPTIONAL),
        "note": col(),
        "source_ids": col(SOURCE_IDS),
    }
    checks = [
        row_rule(
            "iso3",
            "listed twice for the same organisation",
            lambda df: ~df.duplicated(["organisation", "iso3"]),
        ),
        ONE_NAME_PER_STATE,
        ONE_STATE_PER_FOLDER,
        *cites_sources(source_ids),
    ]
    return pa.DataFrameSchema(columns, checks=checks)


def events_schema(source_ids) -> pa.DataFrameSchema:
    columns = {
        "event_id": col(SLUG, UNIQUE),
        "kind": col(NON_EMPTY),
        "name": col(NON_EMPTY),
        "start_date": col(date_check(optional_=True)),  # empty for an undated fact (a role, a doctrine)
        "end_date": col(date_check(optional_=True)),
        "city": col(),
        "country_iso3": col(ISO3_OPTIONAL),
        "organisation": col(one_of(ORGANISATIONS, optional_=True)),
        "actor": col(),
        "description": col(NON_EMPTY),
        "status": col(one_of(FACT_STATUSES)),
        "note": col(),
        "source_ids": col(SOURCE_IDS),
    }
    checks = [end_not_before_start("start_date", "end_date"), *cites_sources(source_ids)]
    return pa.DataFrameSchema(columns, checks=checks)


def _header_problems(df: pd.DataFrame, sch: pa.DataFrameSchema, shown: str) -> list[Problem]:
    expected, found = list(sch.columns), list(df.columns)
    missing = [c for c in expected if c not in found and sch.columns[c].required]
    extra = [c for c in found if c not in expected]
    if len(missing) == len(extra) == 1:  # one column renamed: one problem, not two
        return [
            Problem(shown, 1, extra[0], f"column is not in the schema and {missing[0]} is missing (renamed?)")
        ]
    return [Problem(shown, 1, c, "column is missing from the header") for c in missing] + [
        Problem(shown, 1, c, "column is not in the schema (misspelt?)") for c in extra
    ]


def validate(df: pd.DataFrame, lines: list[int], sch: pa.DataFrameSchema, shown: str) -> list[Problem]:
    """Every rule `sch` finds broken in `df`, one Problem per (row, column, rule), in file order."""
    header = _header_problems(df, sch, shown)
    if header:
        return header
    try:
        sch.validate(df, lazy=True)
        return []
    except pa.errors.SchemaErrors as e:
        cases = e.failure_cases
    cells, rows = {}, {}
    for case in cases.itertuples(index=False):
        check, index = str(case.check), case.index
        line = lines[int(index)] if index is not None and not pd.isna(index) else None
        if case.schema_context == "DataFrameSchema":
            column = ROW_RULE_COLUMNS[check]
            value = df.at[index, column] if line is not None else None
            target = rows
        else:
            column, value, target = case.column, case.failure_case, cells
        target.setdefault(
            (line, column, check),
            Problem(shown, line, column, f"{value!r} {check}" if value is not None else check),
        )
    # a rule relating rows says little while a cell it reads is wrong: report the cells first
    found = cells or rows
    return sorted(found.values(), key=lambda p: (p.line or 0, p.column or ""))


from .facts_schema import (  # noqa: E402,F401
    changes_schema,
    documents_schema,
    quantities_schema,
    statements_schema,
    themes_schema,
)
from .register_schema import articles_schema, claims_schema  # noqa: E402,F401


def problems(name: str, df: pd.DataFrame, lines: list[int], shown: str, source_ids) -> list[Problem]:
    """The problems of one table file, by its schema."""
    return validate(df, lines, globals()[f"{name}_schema"](source_ids), shown)
