"""The command line the Makefile calls: exit codes and messages."""

import json

from cicasco import cli

from .conftest import edit_row


def test_validate_and_check_pass_on_the_data(capsys):
    assert cli.main(["validate"]) == 0
    assert "data valid: sources" in capsys.readouterr().out
    assert cli.main(["check"]) == 0
    assert "0 verdict(s) differ from expected" in capsys.readouterr().out


def test_check_fails_naming_the_claim_when_data_flips_a_verdict(data_copy, capsys):
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
        "claims.csv:" in err and "verdict: c21 expected 'inaccurate'" in err and "computed 'accurate'" in err
    )


def test_validate_reports_bad_data_with_exit_1(data_copy, capsys):
    edit_row(data_copy / "members.csv", {"iso3": "KAZ", "organisation": "SCO"}, status="chair")
    assert cli.main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: data/members.csv:") or "members.csv:" in err
    assert "status: 'chair' is not allowed" in err


def test_countries_lists_every_member_with_its_slug(capsys):
    assert cli.main(["countries"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "KAZ  kazakhstan" in "\n".join(out)
    assert len(out) >= 25


def test_export_claims_writes_json_ld(tmp_path, capsys):
    target = tmp_path / "claims.jsonld"
    assert cli.main(["export-claims", "-o", str(target)]) == 0
    doc = json.loads(target.read_text())
    assert {r["reviewRating"]["alternateName"] for r in doc["@graph"]} <= {
        "accurate",
        "partly accurate",
        "inaccurate",
        "unverifiable",
    }


def test_warm_kernels_are_started_only_for_notebooks_that_will_run():
    from cicasco import inputs

    assert inputs.notebooks_to_run(inputs.Options(country="Kazakhstan")) == 3  # the article's subject
    assert inputs.notebooks_to_run(inputs.Options(country="chn")) == 2  # no assertions section
    assert inputs.notebooks_to_run(inputs.Options(country="Atlantis")) == 0  # stops on the parameter
