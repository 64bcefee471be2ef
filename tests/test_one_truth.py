"""One truth on the page: the written text agrees with the data, every verdict change is logged and
shown as a correction, and every date says what it is. Each rule is tested with a planted contradiction
on a private copy of the data; expectations are read from that copy, so new rows never break them."""

import json
import re

import pandas as pd
import pytest

from cicasco.claims import claimreview, consistency
from cicasco.claims.article import read_article
from cicasco.claims.decide import decide
from cicasco.data import load, paths
from cicasco.errors import DataError
from cicasco.pipeline import cli
from cicasco.report import corrections_view
from cicasco.report.render import json_in_html

from .conftest import article_rows, claim_rows, edit_row, read_rows, write_rows

ARTICLE = "nation-2023-kazakhstan-in-cica-and-sco"


def _check(data_dir, capsys) -> tuple[int, list[str]]:
    status = cli.main(["check", "--data-dir", str(data_dir)])
    return status, capsys.readouterr().err.splitlines()


def _claims_file(data_dir) -> str:
    return next(r for r in article_rows(data_dir) if r["article_id"] == ARTICLE)["claims_file"]


# --- the written context agrees with the rows its check read ------------------------------------------


def test_the_shipped_data_has_no_contradiction(capsys):
    status, err = _check(paths.DATA_DIR, capsys)
    assert status == 0, err


def test_a_date_the_rows_do_not_give_fails_check_naming_file_and_line(data_copy, capsys):
    # Claim 28's check reads the Shanghai meeting of 14-15 June 2001; the founding was not on 16 June.
    line = edit_row(
        data_copy / _claims_file(data_copy),
        {"claim_id": "c28"},
        finding="The SCO was founded on 16 June 2001.",
    )
    status, err = _check(data_copy, capsys)
    assert status == 1
    assert (
        f"claims.csv:{line}: finding: c28 names 16 June 2001, a date none of the rows its check read gives"
        in "\n".join(err)
    )


def test_a_date_inside_the_meetings_span_and_a_month_agree(data_copy, capsys):
    edit_row(
        data_copy / _claims_file(data_copy),
        {"claim_id": "c28"},
        finding="The founding declaration was signed on 15 June 2001, in June 2001.",
    )
    assert _check(data_copy, capsys)[0] == 0


def test_a_status_the_rows_contradict_fails_check(data_copy, capsys):
    # Claim 16 rests on an initiative that was proposed and never set up.
    ini = {r["initiative_id"]: r for r in read_rows(data_copy / "initiatives.csv")}
    claim = next(r for r in claim_rows(data_copy, ARTICLE) if r["claim_id"] == "c16")
    assert ini[json.loads(claim["check_args"])["initiative_id"]]["status"] == "proposed"
    line = edit_row(
        data_copy / _claims_file(data_copy), {"claim_id": "c16"}, finding="The council was set up."
    )
    status, err = _check(data_copy, capsys)
    assert status == 1
    assert any(f"claims.csv:{line}: finding: c16 says it was held or launched" in e for e in err), err


def test_written_dates_reads_spans_months_and_iso_dates():
    assert consistency.written_dates("on 26–27 Feb 2013, in October 2022 and on 2024-07-04") == [
        (2013, 2, 26),
        (2013, 2, 27),
        (2022, 10, None),
        (2024, 7, 4),
    ]


# --- the data's own rows agree with each other ---------------------------------------------------------


@pytest.mark.parametrize(("status", "year_launched"), [("proposed", "2024"), ("held", "")])
def test_an_initiatives_status_and_launch_year_must_agree(data_copy, status, year_launched):
    """Proposed with a launch year, or held without one, is an error on the row's status."""
    rows = read_rows(data_copy / "initiatives.csv")
    i = next(i for i, r in enumerate(rows) if r["status"] == status)
    rows[i]["year_launched"] = year_launched
    write_rows(data_copy / "initiatives.csv", rows)
    with pytest.raises(DataError) as e:
        load.load(data_copy)
    assert f"initiatives.csv:{i + 2}: status:" in str(e.value)


def test_an_open_term_with_a_later_term_is_an_error(data_copy):
    rows = read_rows(data_copy / "chairmanships.csv")
    i = next(i for i, r in enumerate(rows) if r["organisation"] == "SCO" and r["term_end"])
    rows[i]["term_end"] = ""
    write_rows(data_copy / "chairmanships.csv", rows)
    with pytest.raises(DataError) as e:
        load.load(data_copy)
    assert f"chairmanships.csv:{i + 2}:" in str(e.value)


def test_an_initiatives_chair_term_must_be_a_term_of_its_organisation(data_copy):
    rows = read_rows(data_copy / "initiatives.csv")
    i = next(i for i, r in enumerate(rows) if r["chair_term_start"])
    rows[i]["chair_term_start"] = "2000-01-01"
    write_rows(data_copy / "initiatives.csv", rows)
    with pytest.raises(DataError) as e:
        load.load(data_copy)
    assert f"initiatives.csv:{i + 2}: chair_term_start: '2000-01-01' is not the start of a" in str(e.value)


def test_a_placeholder_title_and_a_missing_check_date_are_errors(data_copy):
    rows = read_rows(data_copy / "sources.csv")
    rows[0]["title"] = "Untitled page"
    rows[1]["refound"], rows[1]["date_checked"], rows[1]["note"] = "no", "", "searched twice"
    write_rows(data_copy / "sources.csv", rows)
    with pytest.raises(DataError) as e:
        load.load(data_copy)
    assert "sources.csv:2: title: 'Untitled page' is a placeholder" in str(e.value)
    assert "sources.csv:3: date_checked: '' is empty, but a source not found again" in str(e.value)


# --- a verdict changed after publication is logged, and shown as a correction -------------------------


def test_a_verdict_changed_without_a_log_entry_fails_check(data_copy, capsys):
    claims = claim_rows(data_copy, ARTICLE)
    c = next(r for r in claims if r["verdict_published"] == r["verdict"] and r["verdict"] == "accurate")
    line = edit_row(
        data_copy / _claims_file(data_copy), {"claim_id": c["claim_id"]}, verdict_published="inaccurate"
    )
    status, err = _check(data_copy, capsys)
    assert status == 1
    assert any(
        f"claims.csv:{line}: verdict: {c['claim_id']} was published as 'inaccurate' and is now 'accurate', with no entry"
        in e
        for e in err
    ), err
    # ... and logging the change (dated after publication, 'updated' moved with it) settles it
    log = read_rows(data_copy / "changes.csv")
    log.append(
        {
            "date": "2026-12-06",
            "item": f"claims {ARTICLE} {c['claim_id']}",
            "field": "verdict",
            "old_value": "inaccurate",
            "new_value": "accurate",
            "what_was_wrong": "A test correction",
            "source_ids": "clm-nation-2023-article",
        }
    )
    write_rows(data_copy / "changes.csv", log)
    edit_row(data_copy / "articles.csv", {"article_id": ARTICLE}, review_updated="2026-12-06")
    assert _check(data_copy, capsys)[0] == 0


def test_an_updated_date_older_than_the_latest_change_fails_check(data_copy, capsys):
    art = next(r for r in article_rows(data_copy) if r["article_id"] == ARTICLE)
    edit_row(
        data_copy / "articles.csv", {"article_id": ARTICLE}, review_updated=art["review_first_published"]
    )
    log = read_rows(data_copy / "changes.csv")
    log.append(dict(log[-1], date="2026-12-06", item=f"claims {ARTICLE} c01", field="note"))
    write_rows(data_copy / "changes.csv", log)
    status, err = _check(data_copy, capsys)
    assert status == 1 and any("review_updated" in e and "2026-12-06" in e for e in err), err


def _verdict_changes(data_dir, article_id):
    """(claim, old, new, date) of every logged verdict change of the article, read from the CSV."""
    out = []
    for r in read_rows(data_dir / "changes.csv"):
        fields = [f.strip() for f in r["field"].split(";")]
        m = re.fullmatch(rf"claims {article_id} (c\S+)", r["item"])
        if m and "verdict" in fields:
            i = fields.index("verdict")
            out.append(
                (m[1], r["old_value"].split(";")[i].strip(), r["new_value"].split(";")[i].strip(), r["date"])
            )
    return out


def test_corrections_list_every_verdict_change_after_publication(data):
    art = read_article(data, ARTICLE)
    shown = corrections_view.changes_for(data, art)
    logged = [
        c
        for c in _verdict_changes(paths.DATA_DIR, ARTICLE)
        if c[3] >= f"{art.review_first_published:%Y-%m-%d}"
    ]
    assert len(shown["verdicts"]) == len(logged) > 0
    for entry, (claim, old, new, _) in zip(shown["verdicts"], logged, strict=True):
        assert (
            f'href="#{claim}"' in entry["what"]
            and f">{old}<" in entry["what"]
            and f">{new}<" in entry["what"]
        )
    notes = corrections_view.notes_by_claim(data, art)
    assert set(notes) == {c[0] for c in logged}
    assert shown["published"] == f"{art.review_first_published.day} {art.review_first_published:%B %Y}"


def test_claim_review_dates_and_urls(data):
    art = read_article(data, ARTICLE)
    assessed = decide(data, art, art.date_published)
    corrected = {c[0]: c[3] for c in _verdict_changes(paths.DATA_DIR, ARTICLE)}
    in_page = claimreview.claim_reviews(assessed, art, data)["@graph"]
    for r in in_page:
        claim = r["@id"].lstrip("#")
        assert r["url"] == f"#{claim}"  # resolves inside the page
        first = f"{art.review_first_published:%Y-%m-%d}"
        assert r["datePublished"] == max(first, corrected.get(claim, first))
    alone = claimreview.claim_reviews(assessed, art, data, in_page=False)["@graph"]
    assert all("url" not in r and "@id" not in r and "url" not in r["author"] for r in alone)
    published = claimreview.claim_reviews(assessed, art, data, "https://example.org/r/", in_page=False)[
        "@graph"
    ]
    assert all(r["url"].startswith("https://example.org/r/#c") for r in published)


def test_an_unpublished_article_gives_no_publication_date(data_copy):
    edit_row(
        data_copy / "articles.csv", {"article_id": ARTICLE}, review_first_published="", review_updated=""
    )
    d = load.load(data_copy)
    art = read_article(d, ARTICLE)
    assert pd.isna(art.review_first_published)
    reviews = claimreview.claim_reviews(decide(d, art, art.date_published), art, d)["@graph"]
    assert reviews and all("datePublished" not in r for r in reviews)


def test_json_in_a_script_cannot_end_it():
    text = json.dumps({"title": "Kazakhstan <!--<script> in </script> & SCO"})
    safe = json_in_html(text)
    assert not re.search(r"[<>&]", safe)
    assert json.loads(safe) == json.loads(text)


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.domain)//", "https://x.org/<!--<script>", "http:///no-host", "x.org/r"]
)
def test_every_command_that_takes_an_address_refuses_one_that_is_not_http(url, capsys):
    for command in (["export-claims"], ["build"]):
        with pytest.raises(SystemExit) as e:
            cli.main([*command, "--base-url", url])
        assert e.value.code == 2
        assert f"argument --base-url: {url!r} is not allowed" in capsys.readouterr().err


def test_a_source_not_found_again_says_so_instead_of_a_read_date():
    from bs4 import BeautifulSoup

    from cicasco.report.citations import _entry

    soup = BeautifulSoup("", "html.parser")
    base = {
        "n": 1,
        "publisher": "P",
        "title": "T",
        "published": "",
        "url": "https://x.org/",
        "read": "30 November 2026",
    }
    read = _entry(soup, base | {"refound": True, "checked": ""}).get_text()
    gone = _entry(soup, base | {"refound": False, "checked": "6 December 2026"}).get_text()
    assert read.endswith("(read 30 November 2026).")
    assert gone.endswith("(not found again when checked on 6 December 2026).") and "read" not in gone


def test_a_source_no_row_cites_fails_check(data_copy, capsys):
    rows = read_rows(data_copy / "sources.csv")
    rows.append(dict(rows[0], source_id="zz-orphan", url="https://example.org/orphan"))
    write_rows(data_copy / "sources.csv", rows)
    status, err = _check(data_copy, capsys)
    assert status == 1
    expected = (
        f"sources.csv:{len(rows) + 1}: source_id: 'zz-orphan' is cited by no row of any table or claims file"
    )
    assert any(e.endswith(expected) for e in err), err


def test_an_initiative_still_proposed_after_its_meeting_was_held_is_an_error(data_copy):
    rows = read_rows(data_copy / "initiatives.csv")
    meetings = {r["meeting_id"]: r for r in read_rows(data_copy / "meetings.csv")}
    i, row = next(
        (i, r) for i, r in enumerate(rows) if meetings.get(r["held_at"], {}).get("status") == "confirmed"
    )
    rows[i] |= {"status": "proposed", "year_launched": ""}
    write_rows(data_copy / "initiatives.csv", rows)
    with pytest.raises(DataError) as e:
        load.load(data_copy)
    held = meetings[row["held_at"]]["start_date"]
    assert f"initiatives.csv:{i + 2}: status: 'proposed', but '{row['held_at']}'" in str(e.value)
    assert f"is on record as held on {held}" in str(e.value)


# --- hostile input: text that would split lines, hide, or leave the data folder ------------------------


@pytest.mark.parametrize("mark", ["\u2028", "\u2029", "\x85", "\u200b", "\U000e0041"])
def test_an_invisible_mark_in_the_article_text_names_the_text_file_once(data_copy, mark):
    row = next(r for r in article_rows(data_copy) if r["article_id"] == ARTICLE)
    path = data_copy / row["text_file"]
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("Soviet Union")].count("\n") + 1
    path.write_text(text.replace("Soviet Union", f"Soviet{mark}Union", 1), encoding="utf-8")
    with pytest.raises(DataError) as e:
        read_article(load.load(data_copy), ARTICLE)
    assert len(e.value.problems) == 1
    assert str(e.value).endswith(
        f"{row['text_file'].split('/')[-1]}:{line}: holds a control character or an invisible mark (U+{ord(mark):04X}: a control, separator or bidi character); remove it"
    )


def test_composed_and_decomposed_spellings_are_one_name(data_copy):
    rows = read_rows(data_copy / "members.csv")
    turkiye = next(r for r in rows if r["iso3"] == "TUR")
    edit_row(
        data_copy / "members.csv",
        {"iso3": "TUR", "organisation": turkiye["organisation"]},
        country="Tu\u0308rkiye",
    )
    d = load.load(data_copy)
    assert set(d.members.loc[d.members["iso3"] == "TUR", "country"]) == {"Türkiye"}


def test_a_table_linked_from_outside_the_data_folder_is_refused_unread(data_copy, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN-abc123\n", encoding="utf-8")
    (data_copy / "themes.csv").unlink()
    (data_copy / "themes.csv").symlink_to(secret)
    with pytest.raises(DataError) as e:
        load.load(data_copy)
    assert "themes.csv: is a link to a file outside the data folder" in str(e.value)
    assert "SECRET" not in str(e.value)


def test_error_output_is_capped_with_a_count_of_the_rest():
    from cicasco.errors import Problem

    e = DataError([Problem("f.csv", i, "c", "bad") for i in range(1, 251)])
    lines = str(e).splitlines()
    assert len(lines) == DataError.SHOWN + 1 and lines[-1].startswith("... and 50 more problems")
    assert len(e.problems) == 250


def test_an_address_is_shown_without_tracking_parameters_and_linked_as_read():
    from cicasco.report.citations import shown_url

    read = "https://example.org/news/?id=7&utm_source=rss&utm_campaign=sco-adopts-x"
    assert shown_url(read) == "https://example.org/news/?id=7"
    assert shown_url("https://example.org/a") == "https://example.org/a"


def test_a_control_character_in_a_header_is_named_not_printed(data_copy):
    path = data_copy / "themes.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("theme,", "the\x00me,", 1), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load.load(data_copy)
    message = str(e.value)
    assert "\x00" not in message
    assert (
        "themes.csv:1: the header's column name 'the\\x00me' holds a control character; remove it" in message
    )


def test_stacked_combining_marks_are_refused(data_copy):
    row = read_rows(data_copy / "events.csv")[0]
    line = edit_row(
        data_copy / "events.csv", {"event_id": row["event_id"]}, city="Alma" + "\u0301" * 30 + "ty"
    )
    with pytest.raises(DataError) as e:
        load.load(data_copy)
    assert f"events.csv:{line}: city:" in str(e.value) and "stack of four or more combining marks" in str(
        e.value
    )
    edit_row(data_copy / "events.csv", {"event_id": row["event_id"]}, city="Almatý")  # one mark is a letter's
    load.load(data_copy)


@pytest.mark.integration  # prints a PDF
def test_a_long_unbroken_name_wraps_and_every_column_prints(tmp_path):
    from pypdf import PdfReader

    from cicasco.report import render
    from cicasco.report.text import table

    heads = ["Initiative", "Chair term", "Domain", "Proposed by", "Launched in", "Status"]
    df = pd.DataFrame([["x" * 2000, "SCO 2023–24", "security", "Kazakhstan", "2024", "held"]], columns=heads)
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>t</title>"
        '<meta name="author" content="An author"><meta name="description" content="A subject">'
        f"</head><body><h1 class='report-title'>t</h1><main>{table(df, caption='Initiatives').data}</main></body></html>"
    )
    render.write_pdf(html, tmp_path / "t.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(tmp_path / "t.pdf").pages).split())
    assert all(h in text for h in heads[1:]), text[-300:]
