"""The claim register: it covers the article, its quotes are exact, and computed verdicts match."""

import json

import pandas as pd
import pytest

from cicasco import claimreview, register, tables
from cicasco.build import DEFAULT_ARTICLE
from cicasco.errors import DataError

from .conftest import edit_row


@pytest.fixture(scope="module")
def article(data):
    return register.read_article(data, DEFAULT_ARTICLE)


@pytest.fixture(scope="module")
def assessed(data, article):
    return register.assess(data, register.load_claims(data, article), article.date_published)


def test_article_has_five_paragraphs_from_the_received_text(article):
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("A nation once located")
    assert article.paragraphs[4].startswith("Kazakhstan’s ascent to prominence")
    assert article.date_published == pd.Timestamp("2023-12-12")


def test_sentence_split_keeps_abbreviations_together():
    text = "He met in St. Petersburg in June. Then — “Yes.” It ended."
    spans = [text[a:b] for a, b in register.sentences(text)]
    assert spans == ["He met in St. Petersburg in June.", "Then — “Yes.” It ended."]


def test_register_covers_every_sentence_with_thirty_or_more_rows(data, article, assessed):
    assert len(assessed) >= 30
    total = sum(len(register.sentences(p)) for p in article.paragraphs)
    assert total >= 25
    # load_claims raises on an uncovered sentence, so reaching here means all are covered;
    # check it independently for one paragraph too
    p2 = article.paragraphs[1]
    quotes = assessed.loc[assessed["paragraph"] == 2, "quote"]
    for a, b in register.sentences(p2):
        assert any(p2.find(q) < b and a < p2.find(q) + len(q) for q in quotes), p2[a:b]


@pytest.mark.parametrize("column", ["computed", "computed_latest"])
def test_computed_verdicts_match_the_expected_ones(assessed, column):
    expected = "verdict" if column == "computed" else "verdict_latest"
    wrong = assessed[assessed[column] != assessed[expected]]
    assert wrong.empty, "\n".join(
        f"{r.claim_id}: expected {getattr(r, expected)}, computed {getattr(r, column)}: {r.evidence}"
        for r in wrong.itertuples()
    )


def test_the_key_findings(assessed):
    v = assessed.set_index("claim_id")
    assert v.loc["c21", "computed"] == "inaccurate"  # Iran talks in 2013: Turkey chaired CICA
    assert "Turkey" in v.loc["c21", "evidence"]
    assert v.loc["c28", "computed"] == "partly accurate"  # founding meeting: Shanghai, not St Petersburg
    assert "Shanghai" in v.loc["c28", "evidence"]
    assert v.loc["c31", "computed"] == "accurate"  # four SCO terms
    assert v.loc["c17", "computed"] == "unverifiable" and v.loc["c17", "computed_latest"] == "accurate"


def test_a_data_change_that_flips_a_verdict_is_caught_with_the_claim_id(data_copy):
    # Say the New Delhi handover had been in August: claim c29 ("July 2023") no longer holds in full.
    edit_row(data_copy / "chairmanships.csv", {"iso3": "IND"}, term_end="2023-08-04")
    edit_row(
        data_copy / "chairmanships.csv",
        {"organisation": "SCO", "term_start": "2023-07-04"},
        term_start="2023-08-04",
    )
    d = tables.load(data_copy)
    art = register.read_article(d, DEFAULT_ARTICLE)
    bad = register.mismatches(register.assess(d, register.load_claims(d, art), art.date_published))
    assert "c29" in set(bad["claim_id"])


def test_quote_not_in_the_article_is_an_error_with_its_line(data_copy):
    line = edit_row(
        data_copy / "claims.csv", {"claim_id": "c05"}, quote="one of the globe's most competitive"
    )  # straight apostrophe
    d = tables.load(data_copy)
    with pytest.raises(DataError) as e:
        register.load_claims(d, register.read_article(d, DEFAULT_ARTICLE))
    assert f"claims.csv:{line}: quote: " in str(e.value) and "is not found verbatim in paragraph 1" in str(
        e.value
    )


def test_unknown_verdict_label_and_unknown_check_are_errors(data_copy):
    line = edit_row(data_copy / "claims.csv", {"claim_id": "c08"}, verdict="mostly true", check="guess")
    d = tables.load(data_copy)
    with pytest.raises(DataError) as e:
        register.load_claims(d, register.read_article(d, DEFAULT_ARTICLE))
    msg = str(e.value)
    assert f"claims.csv:{line}: verdict: 'mostly true' is not allowed" in msg
    assert f"claims.csv:{line}: check: 'guess' is not a known check" in msg


def test_removing_a_claim_leaves_a_sentence_uncovered(data_copy):
    from .conftest import read_rows, write_rows

    rows = [r for r in read_rows(data_copy / "claims.csv") if r["claim_id"] != "c42"]
    write_rows(data_copy / "claims.csv", rows)
    d = tables.load(data_copy)
    with pytest.raises(DataError, match="paragraph 5: no claim covers the sentence 'In a nutshell"):
        register.load_claims(d, register.read_article(d, DEFAULT_ARTICLE))


def test_claimreview_json_ld(assessed, article, data):
    doc = json.loads(claimreview.dumps(claimreview.claim_reviews(assessed, article, data.as_of)))
    reviews = doc["@graph"]
    assert doc["@context"] == "https://schema.org"
    assert len(reviews) == (assessed["check"] != "").sum()
    r = next(x for x in reviews if x["@id"] == "#c21")
    assert r["@type"] == "ClaimReview"
    assert r["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "inaccurate",
        "bestRating": 3,
        "worstRating": 1,
        "ratingValue": 1,
    }
    assert r["itemReviewed"]["author"] == {"@type": "Person", "name": "Zaman Bajwa"}
    assert r["itemReviewed"]["datePublished"] == "2023-12-12"
    assert r["itemReviewed"]["appearance"]["url"].startswith("https://www.nation.com.pk/")
    assert len(r["claimReviewed"]) <= 75
    unverifiable = next(x for x in reviews if x["reviewRating"]["alternateName"] == "unverifiable")
    assert "ratingValue" not in unverifiable["reviewRating"]
