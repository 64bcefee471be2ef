"""Editorial judgement on record: an editor may rate a claim otherwise than its check, with a reason;
the page, the findings and the ClaimReview show the editor's verdict with the check's beside it, and
`make check` counts the disagreements. An expected verdict that differs without that record still fails."""

from cicasco.claims import claimreview
from cicasco.claims.article import read_article
from cicasco.claims.decide import decide
from cicasco.data import load
from cicasco.pipeline import cli
from cicasco.report import findings, register_view

from .conftest import article_rows, claim_rows, edit_row

ARTICLE = "nation-2023-kazakhstan-in-cica-and-sco"


def _judge(data_copy, rated: str, why: str):
    """Record an editor's verdict on the first claim the check rates accurate, as published that way (a
    change of a published verdict is a correction, which another test covers); (claim id, line, file)."""
    file = next(r for r in article_rows(data_copy) if r["article_id"] == ARTICLE)["claims_file"]
    c = next(r for r in claim_rows(data_copy, ARTICLE) if r["verdict"] == "accurate" and r["check"])
    line = edit_row(
        data_copy / file,
        {"claim_id": c["claim_id"]},
        editor_verdict=rated,
        editor_reason=why,
        verdict_published=rated,
    )
    return c["claim_id"], line, file


def test_a_recorded_disagreement_passes_check_and_is_counted(data_copy, capsys):
    _judge(data_copy, "partly accurate", "the article overstates Kazakhstan's part")
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert f"{ARTICLE}: " in out and "; 1 editor's verdict(s) recorded against the check's" in out


def test_a_verdict_without_its_reason_is_an_error(data_copy, capsys):
    _, line, file = _judge(data_copy, "partly accurate", "")
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 1
    assert f"{file}:{line}: editor_reason:" in capsys.readouterr().err


def test_an_unrecorded_disagreement_still_fails(data_copy, capsys):
    file = next(r for r in article_rows(data_copy) if r["article_id"] == ARTICLE)["claims_file"]
    c = next(r for r in claim_rows(data_copy, ARTICLE) if r["verdict"] == "accurate" and r["check"])
    line = edit_row(data_copy / file, {"claim_id": c["claim_id"]}, verdict="partly accurate")
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 1
    assert f"{file}:{line}: verdict: {c['claim_id']} expected 'partly accurate'" in capsys.readouterr().err


def test_the_page_and_the_claim_review_show_the_editors_verdict_with_the_checks(data_copy):
    claim_id, _, _ = _judge(data_copy, "partly accurate", "the article overstates Kazakhstan's part.")
    d = load.load(data_copy)
    art = read_article(d, ARTICLE)
    assessed = decide(d, art, art.date_published)
    r = assessed.set_index("claim_id").loc[claim_id]
    assert (r["computed"], r["checked"]) == ("partly accurate", "accurate")
    card = register_view.card(
        next(x for x in assessed.itertuples() if x.claim_id == claim_id), "1 January 2026"
    )
    assert "v-partly-accurate" in card
    assert (
        "The data alone says accurate; we rate it partly accurate because the article overstates "
        "Kazakhstan&#39;s part." in card
    )
    assert findings.tally(assessed)["partly accurate"] == sum(
        (x["editor_verdict"] or x["verdict"]) == "partly accurate" for x in claim_rows(data_copy, ARTICLE)
    )
    review = next(
        x for x in claimreview.claim_reviews(assessed, art, d)["@graph"] if x["@id"] == f"#{claim_id}"
    )
    assert review["reviewRating"]["alternateName"] == "partly accurate"
    assert review["reviewBody"].startswith("The data alone says accurate; we rate it partly accurate because")
