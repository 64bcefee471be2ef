"""The claim register: it covers the article, its quotes are exact, and computed verdicts match."""

import json

import pandas as pd
import pytest

from cicasco.claims import assess, claimreview
from cicasco.claims.article import body, read_article, sentences
from cicasco.claims.decide import decide
from cicasco.claims.register import load_claims
from cicasco.data import load
from cicasco.errors import DataError, ParameterError
from cicasco.pipeline import outline

from .conftest import edit_row, read_rows, write_rows

DEFAULT_ARTICLE = outline.default("article")


@pytest.fixture(scope="module")
def article(data):
    return read_article(data, DEFAULT_ARTICLE)


@pytest.fixture(scope="module")
def assessed(data, article):
    return decide(data, article, article.date_published)


def _load_claims_errors(data_dir) -> str:
    d = load.load(data_dir)
    with pytest.raises(DataError) as e:
        load_claims(d, read_article(d, DEFAULT_ARTICLE))
    return str(e.value)


# --- the article ----------------------------------------------------------------------------------


def test_default_article_is_the_nation_op_ed():
    assert DEFAULT_ARTICLE == "nation-2023-kazakhstan-in-cica-and-sco"


def test_article_has_five_paragraphs_from_the_received_text(article):
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("A nation once located")
    assert article.paragraphs[4].startswith("Kazakhstan’s ascent to prominence")
    assert article.date_published == pd.Timestamp("2023-12-12")
    assert (article.author, article.outlet, article.subject_iso3) == ("Zaman Bajwa", "The Nation", "KAZ")
    assert article.text_file.name == "kazakhstan-in-cica-and-sco.txt"
    assert article.claims_file.name == "claims.csv"


def test_body_drops_the_title_and_stops_at_the_byline():
    text = "Title\n\nFirst para.\n\n  Second para.  \nThe writer is someone.\nePaper"
    assert body(text, "The writer is") == ("First para.", "Second para.")
    assert body(text) == ("First para.", "Second para.", "The writer is someone.", "ePaper")


def test_sentence_split_keeps_abbreviations_together():
    text = "He met in St. Petersburg in June. Then — “Yes.” It ended (at No. 5). Why? “Because.”"
    spans = [text[a:b] for a, b in sentences(text)]
    # a sentence ends after any closing quote; abbreviations do not end one
    assert spans == [
        "He met in St. Petersburg in June.",
        "Then — “Yes.”",
        "It ended (at No. 5).",
        "Why?",
        "“Because.”",
    ]


def test_unknown_article_is_a_parameter_error_listing_the_valid_ids(data):
    with pytest.raises(ParameterError) as e:
        read_article(data, "no-such-article")
    assert str(e.value) == (
        "parameter article: 'no-such-article' is not an article of the data; valid: "
        + ", ".join(data.articles["article_id"])
    )


@pytest.mark.parametrize("column", ["text_file", "claims_file"])
def test_a_file_outside_the_data_folder_is_a_data_error(data_copy, tmp_path, column):
    (tmp_path / "outside.txt").write_text("Title\n\nText.\n", encoding="utf-8")
    line = edit_row(data_copy / "articles.csv", {"article_id": DEFAULT_ARTICLE}, **{column: "../outside.txt"})
    d = load.load(data_copy)
    with pytest.raises(DataError) as e:
        read_article(d, DEFAULT_ARTICLE)
    assert str(e.value).endswith(
        f"articles.csv:{line}: {column}: '../outside.txt' lies outside the data folder"
    )


def test_a_missing_text_file_is_a_data_error(data_copy):
    line = edit_row(
        data_copy / "articles.csv", {"article_id": DEFAULT_ARTICLE}, text_file="articles/gone.txt"
    )
    d = load.load(data_copy)
    with pytest.raises(DataError) as e:
        read_article(d, DEFAULT_ARTICLE)
    assert str(e.value).endswith(f"articles.csv:{line}: text_file: 'articles/gone.txt': file not found")


# --- the register, decided ------------------------------------------------------------------------------


def test_register_covers_every_sentence_with_thirty_or_more_rows(article, assessed):
    assert len(assessed) >= 30
    total = sum(len(sentences(p)) for p in article.paragraphs)
    assert total >= 25
    # load_claims raises on an uncovered sentence, so reaching here means all are covered;
    # check it independently for one paragraph too
    p2 = article.paragraphs[1]
    quotes = assessed.loc[assessed["paragraph"] == 2, "quote"]
    for a, b in sentences(p2):
        assert any(p2.find(q) < b and a < p2.find(q) + len(q) for q in quotes), p2[a:b]


def test_every_article_computes_the_expected_verdicts(data):
    for article_id in data.articles["article_id"]:
        art = read_article(data, article_id)
        wrong = assess.mismatches(decide(data, art, art.date_published))
        assert wrong.empty, "\n".join(
            f"{article_id} {r.claim_id}: expected {r.verdict}/{r.verdict_latest}, "
            f"computed {r.computed}/{r.computed_latest}: {r.evidence}"
            for r in wrong.itertuples()
        )


def test_decide_is_assess_with_durations_measured_to_the_article_date(data, article, assessed):
    direct = assess.assess(
        data, load_claims(data, article), article.date_published, said_on=article.date_published
    )
    assert direct["computed"].tolist() == assessed["computed"].tolist()
    assert direct["evidence"].tolist() == assessed["evidence"].tolist()


def test_the_key_findings(assessed):
    v = assessed.set_index("claim_id")
    # Iran talks in 2013: Türkiye chaired CICA
    assert v.loc["c21", "computed"] == "inaccurate"
    assert v.loc["c21", "evidence"].endswith(
        "the CICA chair then: Türkiye (from 8 June 2010 to 21 May 2014)."
    )
    # founding meeting: Shanghai, not St Petersburg
    assert v.loc["c28", "computed"] == "partly accurate"
    assert v.loc["c28", "evidence"] == (
        "The June 2001 meeting was held in Shanghai on 14–15 June 2001, not in St Petersburg; "
        "St Petersburg hosted one on 7 June 2002."
    )
    # CICA's 30 years: 31 completed years from 5 Oct 1992 to the article's date, within 5%
    assert v.loc["c12", "computed"] == "accurate"
    assert v.loc["c12", "evidence"].endswith(
        "(Nazarbayev proposes CICA at the 47th UN General Assembly) to 12 December 2023: 31 completed years; the claim says 30."
    )
    # the environment conference: planned on record by then, held later
    assert v.loc["c17", "computed"] == "accurate"
    assert "announced it on 13 October 2022" in v.loc["c17", "evidence"]


def test_four_sco_terms_is_accurate_on_the_data_count_and_inaccurate_counting_the_disputed_term(assessed):
    r = assessed.set_index("claim_id").loc["c31"]
    assert (r["computed"], r["computed_latest"]) == ("accurate", "accurate")
    assert r["reading"] == "on the count the data uses (4)"
    assert [(x.label, x.verdict) for x in r["readings"]] == [
        ("counting the disputed 2002–03 term", "inaccurate")
    ]
    assert [(x.label, x.verdict) for x in r["readings_latest"]] == [
        ("counting the disputed 2002–03 term", "inaccurate")
    ]


def test_a_data_change_that_flips_a_verdict_is_caught_with_the_claim_id(data_copy):
    # Say the New Delhi handover had been in August: claim c29 ("July 2023") no longer holds in full.
    edit_row(data_copy / "chairmanships.csv", {"iso3": "IND"}, term_end="2023-08-04")
    edit_row(
        data_copy / "chairmanships.csv",
        {"organisation": "SCO", "term_start": "2023-07-04"},
        term_start="2023-08-04",
    )
    rows = read_rows(data_copy / "initiatives.csv")  # the initiatives of that term follow its start
    for r in rows:
        if (r["organisation"], r["chair_term_start"]) == ("SCO", "2023-07-04"):
            r["chair_term_start"] = "2023-08-04"
    write_rows(data_copy / "initiatives.csv", rows)
    d = load.load(data_copy)
    art = read_article(d, DEFAULT_ARTICLE)
    bad = assess.mismatches(decide(d, art, art.date_published)).set_index("claim_id")
    assert bad.loc["c29", "computed"] == "partly accurate"
    assert bad.loc["c29", "evidence"].endswith(", not in July 2023.")


# --- a broken claims file ----------------------------------------------------------------------------


def test_quote_with_straight_apostrophe_is_an_error_that_hints_at_curly_quotes(data_copy):
    quote = "one of the globe's most competitive developed nations"  # the article prints ’
    line = edit_row(data_copy / "claims.csv", {"claim_id": "c05"}, quote=quote)
    lines = _load_claims_errors(data_copy).splitlines()
    assert len(lines) == 2, lines
    assert lines[0].endswith(
        f"claims.csv:{line}: quote: {quote!r} is not found verbatim in paragraph 1 "
        "(it is there with other quote marks or dashes: copy them as printed, e.g. “ ” ’ –)"
    )
    # the sentence it was to cover is then uncovered too
    assert (
        "claims.csv: quote: paragraph 1: no claim covers the sentence 'Kazakhstan is on a trajectory"
        in lines[1]
    )


def test_quote_not_in_the_paragraph_has_no_hint(data_copy):
    line = edit_row(data_copy / "claims.csv", {"claim_id": "c05"}, paragraph="2")
    msg = _load_claims_errors(data_copy)
    assert (
        f"claims.csv:{line}: quote: 'one of the globe’s most competitive developed nations' is not found verbatim in paragraph 2\n"
        in msg + "\n"
    )


def test_paragraph_past_the_end(data_copy):
    line = edit_row(data_copy / "claims.csv", {"claim_id": "c05"}, paragraph="9")
    msg = _load_claims_errors(data_copy)
    assert f"claims.csv:{line}: paragraph: 9 is past the article's last paragraph (5)" in msg


def test_unknown_verdict_label_and_unknown_check_are_errors(data_copy):
    from cicasco.claims import checks

    line = edit_row(data_copy / "claims.csv", {"claim_id": "c08"}, verdict="mostly true", check="guess")
    lines = _load_claims_errors(data_copy).splitlines()
    assert len(lines) == 2, lines  # cell errors only: the row rules on check and verdict are not run
    known = ", ".join(sorted(checks.CHECKS))
    assert lines[0].endswith(
        f"claims.csv:{line}: check: 'guess' is not allowed (expected one of: {known}) (or empty)"
    )
    assert lines[1].endswith(
        f"claims.csv:{line}: verdict: 'mostly true' is not allowed "
        "(expected one of: accurate, partly accurate, inaccurate, unverifiable, opinion)"
    )


def test_every_bad_check_args_is_reported(data_copy):
    path = data_copy / "claims.csv"
    missing = edit_row(path, {"claim_id": "c08"}, check_args='{"organisations": ["SCO"], "iso3": "KAZ"}')
    unknown = edit_row(
        path,
        {"claim_id": "c21"},
        check_args='{"organisation": "CICA", "iso3": "KAZ", "event_id": "no-such-event"}',
    )
    not_json = edit_row(path, {"claim_id": "c26"}, check_args="{oops")
    lines = _load_claims_errors(data_copy).splitlines()
    assert len(lines) == 3, lines
    assert lines[0].endswith(f"claims.csv:{missing}: check_args: chair_on_date needs date")
    assert lines[1].endswith(
        f"claims.csv:{unknown}: check_args: event_id 'no-such-event' is not an id in the data (events.csv or meetings.csv)"
    )
    assert f"claims.csv:{not_json}: check_args: is not a JSON object (" in lines[2]


def test_removing_a_claim_leaves_a_sentence_uncovered(data_copy):
    rows = [r for r in read_rows(data_copy / "claims.csv") if r["claim_id"] != "c42"]
    write_rows(data_copy / "claims.csv", rows)
    with pytest.raises(DataError, match="quote: paragraph 5: no claim covers the sentence 'In a nutshell"):
        d = load.load(data_copy)
        load_claims(d, read_article(d, DEFAULT_ARTICLE))


def test_validate_false_skips_the_schema(data_copy):
    edit_row(data_copy / "claims.csv", {"claim_id": "c08"}, verdict="mostly true")
    d = load.load(data_copy)
    claims = load_claims(d, read_article(d, DEFAULT_ARTICLE), validate=False)
    assert claims.set_index("claim_id").loc["c08", "verdict"] == "mostly true"


def test_loaded_claims_carry_parsed_arguments_and_file_lines(data, article):
    claims = load_claims(data, article).set_index("claim_id")
    assert claims.loc["c31", "args"] == {"organisation": "SCO", "iso3": "KAZ", "expected": 4}
    assert claims.loc["c02", "args"] == {}
    assert claims.loc["c01", "line"] == 2
    assert claims.loc["c31", "paragraph"] == 3


# --- ClaimReview --------------------------------------------------------------------------------------


def test_claimreview_json_ld(assessed, article, data):
    doc = json.loads(claimreview.dumps(claimreview.claim_reviews(assessed, article, data)))
    reviews = doc["@graph"]
    assert doc["@context"] == "https://schema.org"
    assert len(reviews) == (assessed["check"] != "").sum()
    r = next(x for x in reviews if x["@id"] == "#c21")
    assert r["@type"] == "ClaimReview"
    # the day its verdict was first published: the fact-check's first publication (no correction since)
    assert r["datePublished"] == f"{article.review_first_published:%Y-%m-%d}"
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


def test_claimreview_names_the_verdict_under_the_disputed_reading(assessed, article, data):
    reviews = claimreview.claim_reviews(assessed, article, data, base_url="https://example.org/report")[
        "@graph"
    ]
    r = next(x for x in reviews if x["@id"] == "https://example.org/report#c31")
    assert r["reviewBody"].endswith(
        " Rated accurate on the count the data uses (4); inaccurate counting the disputed 2002–03 term."
    )
