"""The command line the Makefile calls: exit codes and messages."""

import json
import re

from cicasco.data import paths
from cicasco.pipeline import cli

from .conftest import article_rows, claim_rows, edit_row, read_rows, tally


def test_validate_and_check_pass_on_the_data(capsys):
    assert cli.main(["validate"]) == 0
    assert "data valid: sources" in capsys.readouterr().out
    articles = article_rows(paths.DATA_DIR)
    registers = {a["article_id"]: len(claim_rows(paths.DATA_DIR, a["article_id"])) for a in articles}
    assert cli.main(["check"]) == 0
    out = capsys.readouterr().out
    # every article's register is checked in full, each at its own publication date
    assert "nation-2023-kazakhstan-in-cica-and-sco: " in out and "eurasiaro-2024-24th-sco-summit: " in out
    for a in articles:
        line = (
            f"{a['article_id']}: {registers[a['article_id']]} claims in data/{a['claims_file']} "
            f"checked as of {a['date_published']}; 0 verdict(s) differ"
        )
        assert line in out, line
    assert len(re.findall(r" claims in ", out)) == len(articles)


def test_check_fails_naming_the_claim_when_data_flips_a_verdict(data_copy, capsys):
    line = 2 + [r["claim_id"] for r in read_rows(data_copy / "claims.csv")].index("c21")
    # The Iran talks moved into Kazakhstan's CICA term would make claim c21 accurate.
    edit_row(
        data_copy / "events.csv",
        {"event_id": "iran-p5plus1-almaty-2013-02"},
        start_date="2021-02-26",
        end_date="2021-02-27",
    )
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert (
        f"claims.csv:{line}: verdict: c21 expected 'inaccurate' as of 2023-12-12, computed 'accurate'" in err
    )


def test_validate_reports_bad_data_with_exit_1(data_copy, capsys):
    line = edit_row(data_copy / "members.csv", {"iso3": "KAZ", "organisation": "SCO"}, status="chair")
    assert cli.main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and f"members.csv:{line}: status: 'chair' is not allowed" in err


def test_countries_lists_every_member_with_its_slug(capsys):
    assert cli.main(["countries"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "KAZ  kazakhstan" in "\n".join(out)
    assert len(out) >= 25


def test_export_claims_writes_json_ld(tmp_path, capsys):
    # one review per checkable claim of the default article, rated as of its date (the verdicts its
    # claims file expects then: `cicasco check` holds the computed ones to them)
    checkable = [
        r for r in claim_rows(paths.DATA_DIR, "nation-2023-kazakhstan-in-cica-and-sco") if r["check"]
    ]
    target = tmp_path / "claims.jsonld"
    assert cli.main(["export-claims", "-o", str(target)]) == 0
    doc = json.loads(target.read_text())
    ratings = [r["reviewRating"]["alternateName"] for r in doc["@graph"]]
    assert len(checkable) >= 25 and len(ratings) == len(checkable)
    assert {v: ratings.count(v) for v in tally(checkable)} == tally(checkable)
    assert ratings.count("inaccurate") >= 1 and ratings.count("unverifiable") >= 1


def test_warm_kernels_are_started_only_for_notebooks_that_will_run():
    from cicasco.pipeline import cache
    from cicasco.pipeline.options import Options

    assert cache.notebooks_to_run(Options(country="Kazakhstan")) == 3  # the article's subject
    assert cache.notebooks_to_run(Options(country="chn")) == 2  # no assertions section
    assert cache.notebooks_to_run(Options(country="Atlantis")) == 0  # stops on the parameter


def test_bad_jobs_and_empty_country_list_are_parameter_errors(capsys):
    import pytest

    with pytest.raises(SystemExit) as e:
        cli.main(["build", "--jobs", "-1"])
    assert e.value.code == 2 and "'-1' is not allowed; valid: 0 (one per core)" in capsys.readouterr().err
    assert cli.main(["build", "--country", ","]) == 1
    assert "parameter country: ',' names no country" in capsys.readouterr().err
