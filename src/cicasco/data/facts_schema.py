"""Schemas of the fact tables the checks read beyond terms and meetings: statements, quantities,
themes, and the review log."""

import pandera.pandas as pa

from .rules import (
    ISO3,
    ISO3_OPTIONAL,
    NON_EMPTY,
    SLUG,
    SOURCE_IDS,
    UNIQUE,
    cites_sources,
    col,
    date_check,
    one_of,
    row_rule,
)
from .vocab import COUNTING_UNITS, ORGANISATIONS


def statements_schema(source_ids) -> pa.DataFrameSchema:
    columns = {
        "statement_id": col(SLUG, UNIQUE),
        "actor": col(NON_EMPTY),
        "actor_iso3": col(ISO3_OPTIONAL),
        "date": col(date_check(optional_=True)),  # empty: the source shows no date
        "occasion": col(),
        "words": col(NON_EMPTY),  # exact, in the source's language
        "language": col(NON_EMPTY),
        "english": col(),  # a rendering, where the words are not English
        "source_ids": col(SOURCE_IDS),
        "note": col(),
    }
    return pa.DataFrameSchema(columns, checks=cites_sources(source_ids))


def quantities_schema(source_ids) -> pa.DataFrameSchema:
    columns = {
        "fact_id": col(SLUG, UNIQUE),
        "organisation": col(one_of(ORGANISATIONS, optional_=True)),
        "measure": col(NON_EMPTY),
        "value": col(pa.Check.str_matches(r"^-?\d+(\.\d+)?$", error="is not a number")),
        "unit": col(NON_EMPTY),
        "date": col(date_check()),
        "note": col(),
        "source_ids": col(SOURCE_IDS),
    }
    return pa.DataFrameSchema(columns, checks=[*cites_sources(source_ids), NO_NEGATIVE_COUNT])


def _no_negative_count(df):
    unit = df["unit"].str.replace(r"\(.*?\)", "", regex=True).str.strip().str.lower()
    return ~(unit.isin(COUNTING_UNITS) & df["value"].str.startswith("-"))


# "-5 states": a count below zero, which the number rule alone passes (a percentage may fall below zero)
NO_NEGATIVE_COUNT = row_rule("value", "is below zero, and its unit counts things", _no_negative_count)


def themes_schema(source_ids) -> pa.DataFrameSchema:
    columns = {
        "organisation": col(one_of(ORGANISATIONS)),
        "iso3": col(ISO3),
        "term_start_year": col(
            pa.Check.str_matches(r"^(19|20)\d{2}$", error="is not a year (expected YYYY)")
        ),
        "theme": col(NON_EMPTY),
        "language": col(NON_EMPTY),
        "source_ids": col(SOURCE_IDS),
        "note": col(),
    }
    return pa.DataFrameSchema(columns, checks=cites_sources(source_ids))


def changes_schema(source_ids) -> pa.DataFrameSchema:
    columns = {
        "date": col(date_check()),
        "item": col(NON_EMPTY),
        "field": col(NON_EMPTY),
        "old_value": col(),
        "new_value": col(),
        "what_was_wrong": col(NON_EMPTY),
        "source_ids": col(SOURCE_IDS),  # what settled it (for an editorial change, the article itself)
    }
    return pa.DataFrameSchema(columns, checks=cites_sources(source_ids))


DOCUMENT_KINDS = (
    "charter",
    "declaration",
    "statement",
    "agreement",
    "convention",
    "strategy",
    "programme",
    "decision",
    "other",
)


def documents_schema(source_ids) -> pa.DataFrameSchema:
    """Documents adopted at a meeting: what a claim such as "the summit adopted the Astana Declaration"
    is checked against (the `document_adopted` check)."""
    columns = {
        "document_id": col(SLUG, UNIQUE),
        "name": col(NON_EMPTY),
        "organisation": col(one_of(ORGANISATIONS)),
        "kind": col(one_of(DOCUMENT_KINDS)),
        "meeting_id": col(),  # the meeting that adopted it (a row of meetings.csv), where one did
        "date": col(date_check()),
        "note": col(),
        "source_ids": col(SOURCE_IDS),
    }
    return pa.DataFrameSchema(columns, checks=cites_sources(source_ids))
