"""Each check on a small hand-made dataset with known answers."""

import pandas as pd
import pytest

from cicasco import checks
from cicasco.tables import Dataset

from .conftest import ts


def dataset() -> Dataset:
    ch = pd.DataFrame(
        {
            "organisation": ["SCO", "SCO", "SCO", "CICA", "CICA"],
            "country": ["A", "Bee", "A", "A", "Cee"],
            "iso3": ["AAA", "BBB", "AAA", "AAA", "CCC"],
            "term_start": pd.to_datetime(
                ["2001-06-15", "2002-06-07", "2003-05-29", "1999-09-14", "2010-06-08"]
            ),
            "term_end": pd.to_datetime(["2002-06-07", "2003-05-29", None, "2010-06-08", None]),
            "handover_event": ["x", "y", "z", "w", "v"],
            "status": ["disputed", "confirmed", "confirmed", "confirmed", "confirmed"],
            "counted": [False, True, True, True, True],
            "source_ids": ["s1"] * 5,
        }
    )
    meetings = pd.DataFrame(
        {
            "meeting_id": ["m1", "m2"],
            "organisation": ["SCO", "SCO"],
            "kind": ["heads_of_state"] * 2,
            "city": ["Shanghai", "St Petersburg"],
            "start_date": pd.to_datetime(["2001-06-14", "2002-06-07"]),
            "source_ids": ["s2", "s3"],
        }
    )
    events = pd.DataFrame(
        {
            "event_id": ["talks", "speech", "doc"],
            "kind": ["talks", "statement", "doctrine"],
            "name": ["Talks", "Speech", "Multi-vector policy"],
            "start_date": pd.to_datetime(["2013-02-26", "2022-10-13", None]),
            "city": ["Almaty", "Astana", ""],
            "country_iso3": ["AAA", "AAA", "AAA"],
            "actor": ["", "PM", ""],
            "description": ["", "", "balance"],
            "status": ["confirmed", "confirmed", "confirmed"],
            "source_ids": ["s4", "s5", "s6"],
        }
    )
    ini = pd.DataFrame(
        {
            "initiative_id": ["conf", "summit"],
            "name": ["Env conference", "Finance Summit"],
            "organisation": ["CICA", "CICA"],
            "proposer_iso3": ["AAA", "CCC"],
            "year_proposed": pd.array([2022, None], dtype="Int64"),
            "year_launched": pd.array([2024, 2018], dtype="Int64"),
            "status": ["held", "held"],
            "status_as_of": pd.to_datetime(["2024-08-28", "2023-04-14"]),
            "place": ["Astana", ""],
            "description": ["", ""],
            "source_ids": ["s7", "s8"],
        }
    )
    members = pd.DataFrame(
        {
            "organisation": ["SCO"],
            "iso3": ["AAA"],
            "status": ["member"],
            "year_joined": pd.array([2001], dtype="Int64"),
            "source_ids": ["s9"],
        }
    )
    return Dataset(
        None,
        {
            "chairmanships": ch,
            "meetings": meetings,
            "events": events,
            "initiatives": ini,
            "members": members,
        },
    )


D = dataset()
LATE = ts("2026-01-01")


def run(name, as_of=LATE, **args):
    view = checks.as_of_view(D, as_of)
    return checks.CHECKS[name](view, as_of, **args)


def test_term_count_uses_the_default_count_and_names_the_alternative():
    r = run("term_count", organisation="SCO", iso3="AAA", expected=1)
    assert r.verdict == "accurate"
    assert "2 if the disputed term(s) of 2001 are counted" in r.evidence
    assert run("term_count", organisation="SCO", iso3="AAA", expected=2).verdict == "partly accurate"
    assert run("term_count", organisation="SCO", iso3="AAA", expected=3).verdict == "inaccurate"


def test_term_start_year_month_and_again():
    assert run("term_start", organisation="SCO", iso3="AAA", year=2003, month=5).verdict == "accurate"
    assert run("term_start", organisation="SCO", iso3="AAA", year=2003, month=7).verdict == "partly accurate"
    assert run("term_start", organisation="SCO", iso3="AAA", year=2005).verdict == "inaccurate"
    assert (
        run("term_start", organisation="CICA", iso3="AAA", year=1999, not_first=True).verdict
        == "partly accurate"
    )


def test_chair_on_date_for_one_or_both_organisations():
    assert (
        run("chair_on_date", organisations=["SCO", "CICA"], iso3="AAA", date="2005-01-01").verdict
        == "accurate"
    )
    assert (
        run("chair_on_date", organisations=["SCO", "CICA"], iso3="AAA", date="2012-01-01").verdict
        == "partly accurate"
    )
    assert run("chair_on_date", organisations=["CICA"], iso3="BBB", date="2012-01-01").verdict == "inaccurate"
    assert (
        run(
            "chair_on_date",
            as_of=ts("2000-01-01"),
            organisations=["SCO"],
            iso3="AAA",
            date="2005-01-01",
        ).verdict
        == "unverifiable"
    )


def test_chair_during_event_names_who_chaired():
    r = run("chair_during_event", organisation="CICA", iso3="AAA", event_id="talks")
    assert r.verdict == "inaccurate"
    assert "CICA chair then: Cee" in r.evidence
    assert set(r.source_ids) == {"s4", "s1"}


def test_meeting_held_place_and_date():
    assert (
        run(
            "meeting_held",
            organisation="SCO",
            kind="heads_of_state",
            city="Shanghai",
            year=2001,
            month=6,
        ).verdict
        == "accurate"
    )
    r = run(
        "meeting_held",
        organisation="SCO",
        kind="heads_of_state",
        city="St. Petersburg",
        year=2001,
        month=6,
    )
    assert r.verdict == "partly accurate"
    assert "was in Shanghai" in r.evidence and "2002-06-07" in r.evidence
    assert (
        run("meeting_held", organisation="SCO", kind="heads_of_state", city="Moscow", year=1999).verdict
        == "inaccurate"
    )


def test_forecast_is_unverifiable_until_due_then_decided():
    early = run("initiative_held", as_of=ts("2023-12-12"), initiative_id="conf", place="Astana", year=2024)
    assert early.verdict == "unverifiable"
    assert run("initiative_held", initiative_id="conf", place="Astana", year=2024).verdict == "accurate"
    assert run("initiative_held", initiative_id="conf", place="Baku", year=2024).verdict == "partly accurate"
    assert run("initiative_held", initiative_id="conf", place="Baku", year=2025).verdict == "inaccurate"


def test_initiative_exists_checks_the_proposer():
    assert run("initiative_exists", initiative_id="conf", proposer_iso3="AAA").verdict == "accurate"
    assert run("initiative_exists", initiative_id="summit", proposer_iso3="AAA").verdict == "partly accurate"
    assert run("initiative_exists", initiative_id="nothing").verdict == "unverifiable"


def test_statement_dates_events_and_absence_is_not_disproof():
    assert run("statement_made", event_id="speech", year=2022, month=10).verdict == "accurate"
    assert run("statement_made", event_id="speech", year=2022, month=6).verdict == "partly accurate"
    assert run("event_recorded", event_id="talks", city="Almaty").verdict == "accurate"
    assert run("event_recorded", event_id="talks", city="Astana").verdict == "inaccurate"
    assert run("doctrine_attributed", iso3="AAA", doctrine="multi-vector").verdict == "accurate"
    assert run("doctrine_attributed", iso3="AAA", doctrine="extended neighbourhood").verdict == "unverifiable"
    assert run("chair_theme", organisation="CICA", iso3="AAA", theme="env conference").verdict == "accurate"


def test_years_between_and_member_since():
    assert run("member_since", organisation="SCO", iso3="AAA", year=2001).verdict == "accurate"
    assert run("member_since", organisation="SCO", iso3="AAA", year=2005).verdict == "inaccurate"


def test_as_of_view_hides_later_facts_and_reopens_running_terms():
    v = checks.as_of_view(D, ts("2002-01-01"))
    assert len(v.chairmanships) == 2
    assert v.chairmanships["term_end"].isna().sum() == 2  # SCO 2001 term and CICA 1999 term still running
    assert "conf" not in set(v.initiatives["initiative_id"])  # proposed only in 2022
    later = checks.as_of_view(D, ts("2023-06-01")).initiatives.set_index("initiative_id")
    assert later.loc["conf", "status"] == "proposed"  # held in 2024: not yet
    assert pd.isna(later.loc["conf", "year_launched"])


@pytest.mark.parametrize("name", sorted(checks.CHECKS))
def test_every_check_is_documented(name):
    assert checks.CHECKS[name].__doc__
