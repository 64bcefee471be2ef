"""Schemas of an article and its claims file: the register an analyst writes for each article."""

import pandas as pd
import pandera.pandas as pa

from .rules import (
    DATE_YEARS,
    HTTP_URL,
    ISO3,
    NON_EMPTY,
    SLUG,
    SOURCE_IDS,
    UNIQUE,
    VISIBLE,
    cites_sources,
    col,
    date_check,
    one_of,
    row_rule,
)
from .vocab import ARTICLE_KINDS, CLAIM_KINDS, VERDICTS


def articles_schema(source_ids) -> pa.DataFrameSchema:
    columns = {
        "article_id": col(SLUG, UNIQUE),
        "title": col(NON_EMPTY),
        "author": col(NON_EMPTY),
        "outlet": col(NON_EMPTY),
        "date_published": col(date_check()),
        "url": col(HTTP_URL),
        "subject_iso3": col(ISO3),
        "text_file": col(NON_EMPTY),
        "claims_file": col(NON_EMPTY),
        "note": col(),
        "source_ids": col(SOURCE_IDS),
        "body_ends_before": pa.Column(str, checks=[VISIBLE], required=False),  # the byline's first words
        # news, opinion or analysis: what kind of article the claims appeared in (empty: not said)
        "kind": pa.Column(str, checks=[VISIBLE, one_of(ARTICLE_KINDS, optional_=True)], required=False),
        # The fact-check's own publication record: empty until it is first published.
        "review_first_published": pa.Column(
            str, checks=[VISIBLE, date_check(optional_=True), DATE_YEARS], required=False
        ),
        "review_updated": pa.Column(
            str, checks=[VISIBLE, date_check(optional_=True), DATE_YEARS], required=False
        ),
    }
    checks = [
        row_rule(
            "review_updated",
            "must be empty before a first publication, and on or after it",
            lambda df: (
                (
                    (df["review_updated"].str.strip() == "")
                    | (
                        (df["review_first_published"].str.strip() != "")
                        & (df["review_updated"] >= df["review_first_published"])
                    )
                )
                if "review_updated" in df and "review_first_published" in df
                else pd.Series(True, index=df.index)
            ),
        ),
        *cites_sources(source_ids),
    ]
    return pa.DataFrameSchema(columns, checks=checks)


def claims_schema(source_ids, check_names: frozenset[str]) -> pa.DataFrameSchema:
    is_opinion = lambda df: df["kind"] == "opinion"  # noqa: E731
    columns = {
        "claim_id": col(NON_EMPTY, pa.Check.str_matches(r"^[a-z0-9-]+$", error="is not an id"), UNIQUE),
        "paragraph": col(pa.Check.str_matches(r"^[1-9]\d*$", error="is not a paragraph number (1, 2, ...)")),
        "quote": col(NON_EMPTY),
        "claim": col(NON_EMPTY, pa.Check(lambda s: s.str.len() <= 75, error="is longer than 75 characters")),
        "kind": col(one_of(CLAIM_KINDS)),
        "organisation": col(one_of(("SCO", "CICA", "both"), optional_=True)),
        "check": col(one_of(sorted(check_names), optional_=True)),
        "check_args": col(),
        "verdict": col(one_of(VERDICTS)),  # expected as of the article's date
        "verdict_latest": col(one_of(VERDICTS)),  # expected on the latest data
        # the verdict as the fact-check first published it (empty for a claim not yet published)
        "verdict_published": pa.Column(
            str, checks=[VISIBLE, one_of(VERDICTS, optional_=True)], required=False
        ),
        # the editor's verdict where it differs from the check's, and why (shown beside the check's)
        "editor_verdict": pa.Column(
            str, checks=[VISIBLE, one_of(VERDICTS[:4], optional_=True)], required=False
        ),
        "editor_reason": pa.Column(str, checks=[VISIBLE], required=False),
        "finding": col(),  # the editor's context beside the check's evidence; an opinion's whole note
        "source_ids": col(SOURCE_IDS),
        "note": col(),
    }
    checks = [
        row_rule(
            "editor_reason",
            "must say why the editor's verdict differs from the check's (and be empty without one)",
            lambda df: (
                (df["editor_verdict"].str.strip() == "") == (df["editor_reason"].str.strip() == "")
                if "editor_verdict" in df and "editor_reason" in df
                else pd.Series("editor_verdict" not in df and "editor_reason" not in df, index=df.index)
            ),
        ),
        row_rule(
            "finding",
            "an opinion needs a note on why it is not rated",
            lambda df: ~is_opinion(df) | (df["finding"].str.strip() != ""),
        ),
        row_rule(
            "check",
            "must be empty for an opinion and set for any other kind",
            lambda df: is_opinion(df) == (df["check"] == ""),
        ),
        row_rule(
            "verdict",
            "'opinion' goes with kind opinion and only with it",
            lambda df: (
                (is_opinion(df) == (df["verdict"] == "opinion"))
                & (is_opinion(df) == (df["verdict_latest"] == "opinion"))
            ),
        ),
        *cites_sources(source_ids),
    ]
    return pa.DataFrameSchema(columns, checks=checks)
