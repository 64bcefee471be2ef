"""Each check on a small hand-made dataset with known answers, then the disputed readings on the real data."""

from pathlib import Path

import pandas as pd
import pytest

from cicasco.claims import checks
from cicasco.claims.checks.base import launched_by
from cicasco.data.load import Dataset

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
            "event_id": ["talks", "speech", "doc", "rumour"],
            "kind": ["talks", "statement", "doctrine", "talks"],
            "name": ["Talks", "Speech", "Multi-vector policy", "Secret talks"],
            "start_date": pd.to_datetime(["2013-02-26", "2022-10-13", None, "2014-01-01"]),
            "city": ["Almaty", "Astana", "", "Astana"],
            "country_iso3": ["AAA", "AAA", "AAA", "AAA"],
            "actor": ["", "PM", "", ""],
            "description": ["", "", "balance", ""],
            "status": ["confirmed", "confirmed", "confirmed", "unconfirmed"],
            "source_ids": ["s4", "s5", "s6", "s10"],
        }
    )
    ini = pd.DataFrame(
        {
            "initiative_id": ["conf", "summit", "forum"],
            "name": ["Env conference", "Finance Summit", "Youth forum"],
            "organisation": ["CICA", "CICA", "CICA"],
            "proposer_iso3": ["AAA", "CCC", ""],
            "year_proposed": pd.array([2022, None, 2015], dtype="Int64"),
            "year_launched": pd.array([2024, 2018, None], dtype="Int64"),
            "status": ["held", "held", "proposed"],
            "status_as_of": pd.to_datetime(["2024-08-28", "2023-04-14", "2020-01-01"]),
            "place": ["Astana", "", ""],
            "description": ["", "", ""],
            "source_ids": ["s7", "s8", "s11"],
        }
    )
    members = pd.DataFrame(
        {
            "organisation": ["SCO", "SCO", "SCO", "CICA"],
            "country": ["A", "Bee", "Cee", "Cee"],
            "iso3": ["AAA", "BBB", "CCC", "CCC"],
            "status": ["member", "observer", "member", "member"],
            "year_joined": pd.array([2001, 2005, None, 1999], dtype="Int64"),
            "source_ids": ["s9"] * 4,
        }
    )
    statements = pd.DataFrame(
        {
            "statement_id": ["st1", "st2"],
            "actor": ["President of A", "Ministry of A"],
            "actor_iso3": ["AAA", "AAA"],
            "date": pd.to_datetime(["2023-07-04", None]),  # st2: the source shows no date
            "occasion": ["SCO summit", "Web page"],
            "words": ["Мир", "Priorities"],
            "language": ["ru", "en"],
            "english": ["Peace", ""],
            "source_ids": ["s12", "s16"],
        }
    )
    quantities = pd.DataFrame(
        {
            "fact_id": ["ordinal"],
            "organisation": ["SCO"],
            "measure": ["Summit number"],
            "value": ["24"],
            "unit": ["meetings"],
            "date": pd.to_datetime(["2024-07-04"]),
            "source_ids": ["s13"],
        }
    )
    themes = pd.DataFrame(
        {
            "organisation": ["CICA", "CICA"],
            "iso3": ["AAA", "CCC"],
            "term_start_year": pd.array([2020, 2030], dtype="Int64"),
            "theme": ["Partnership for Security and Development in Asia", "Later theme"],
            "language": ["en", "en"],
            "source_ids": ["s14", "s15"],
        }
    )
    return Dataset(
        Path("unused"),
        chairmanships=ch,
        meetings=meetings,
        events=events,
        initiatives=ini,
        members=members,
        statements=statements,
        quantities=quantities,
        themes=themes,
    )


D = dataset()
LATE = ts("2026-01-01")


def run(name, as_of=LATE, **args):
    view = checks.as_of_view(D, as_of)
    return checks.CHECKS[name](view, as_of, **args)


# --- chair terms --------------------------------------------------------------------------------


def test_term_count_headline_uses_counted_terms_and_the_disputed_term_is_another_reading():
    r = run("term_count", organisation="SCO", iso3="AAA", expected=1)
    assert r.verdict == "accurate"
    assert r.evidence == "A began 1 SCO chair terms by 1 January 2026 (starting 2003)."
    assert r.reading == "on the count the data uses (1)"
    assert r.readings == [
        checks.Reading(
            "counting the disputed 2001–02 term", "inaccurate", "2 terms counting the disputed 2001–02 term."
        )
    ]


def test_term_count_claiming_the_disputed_count_is_inaccurate_on_the_headline_only():
    r = run("term_count", organisation="SCO", iso3="AAA", expected=2)
    assert r.verdict == "inaccurate"
    assert [x.verdict for x in r.readings] == ["accurate"]
    wrong = run("term_count", organisation="SCO", iso3="AAA", expected=3)
    assert (wrong.verdict, [x.verdict for x in wrong.readings]) == ("inaccurate", ["inaccurate"])


def test_term_count_without_disputed_terms_has_no_other_reading():
    r = run("term_count", organisation="CICA", iso3="CCC", expected=1)
    assert r.verdict == "accurate"
    assert r.readings == []
    assert r.reading == ""


def test_term_start_year_month_and_return():
    r = run("term_start", organisation="SCO", iso3="AAA", year=2003, month=5)
    assert r.verdict == "accurate"
    assert r.evidence == "A's SCO term began on 29 May 2003, at the z."
    r = run("term_start", organisation="SCO", iso3="AAA", year=2003, month=7)
    assert r.verdict == "partly accurate"
    assert r.evidence == "A's SCO term began on 29 May 2003, at the z, not in July 2003."
    r = run("term_start", organisation="SCO", iso3="AAA", year=2005)
    assert r.verdict == "inaccurate"
    assert r.evidence == "No SCO term of A began in 2005 (its terms began: 15 June 2001, 29 May 2003)."


def test_term_start_not_first_needs_an_earlier_term():
    first = run("term_start", organisation="CICA", iso3="AAA", year=1999, not_first=True)
    assert first.verdict == "partly accurate"
    assert first.evidence.endswith("; it was its first term, not a return.")
    again = run("term_start", organisation="SCO", iso3="AAA", year=2003, not_first=True)
    assert again.verdict == "accurate"
    assert again.evidence.endswith("; a return after an earlier term, the first from 15 June 2001.")


def test_chair_on_date_for_one_or_both_organisations():
    both = run("chair_on_date", organisations=["SCO", "CICA"], iso3="AAA", date="2005-01-01")
    assert both.verdict == "accurate"
    assert both.evidence == (
        "On 1 January 2005 the SCO chair was A (from 29 May 2003, a term still running when the data ends); "
        "the CICA chair was A (from 14 September 1999 to 8 June 2010)."
    )
    one = run("chair_on_date", organisations=["SCO", "CICA"], iso3="AAA", date="2012-01-01")
    assert one.verdict == "partly accurate"
    none = run("chair_on_date", organisations=["CICA"], iso3="BBB", date="2012-01-01")
    assert none.verdict == "inaccurate"
    early = run("chair_on_date", as_of=ts("2000-01-01"), organisations=["SCO"], iso3="AAA", date="2005-01-01")
    assert early.verdict == "unverifiable"
    assert early.evidence == "1 January 2005 is after the assessment date, 1 January 2000"


@pytest.mark.parametrize("iso3", ["AAA", "BBB"])
def test_chair_on_date_on_a_handover_day_counts_both_chairs(iso3):
    r = run("chair_on_date", organisations=["SCO"], iso3=iso3, date="2002-06-07")
    assert r.verdict == "accurate"
    assert r.evidence == (
        "On 7 June 2002 the SCO chair was A (from 15 June 2001 to 7 June 2002) and Bee (from 7 June 2002 to 29 May 2003)."
    )


def test_chair_during_event_names_who_chaired():
    r = run("chair_during_event", organisation="CICA", iso3="AAA", event_id="talks")
    assert r.verdict == "inaccurate"
    assert (
        r.evidence
        == "Talks began on 26 February 2013; the CICA chair then: Cee (from 8 June 2010, a term still running when the data ends)."
    )
    assert r.source_ids == ["s4", "s1"]
    assert run("chair_during_event", organisation="CICA", iso3="CCC", event_id="talks").verdict == "accurate"


def test_chair_during_event_accepts_a_meeting_and_an_unknown_event_is_unverifiable():
    r = run("chair_during_event", organisation="SCO", iso3="BBB", event_id="m2")
    assert r.verdict == "accurate"  # the handover day: outgoing and incoming chair both count
    assert r.evidence == (
        "the SCO heads-of-state meeting in St Petersburg began on 7 June 2002; the SCO chair then: "
        "A (from 15 June 2001 to 7 June 2002) and Bee (from 7 June 2002 to 29 May 2003)."
    )
    before = run("chair_during_event", organisation="SCO", iso3="AAA", event_id="m1")
    assert before.verdict == "unverifiable"
    assert before.evidence.endswith("began on 14 June 2001; no SCO chair is recorded then.")
    missing = run("chair_during_event", organisation="SCO", iso3="AAA", event_id="nothing")
    assert (missing.verdict, missing.evidence) == (
        "unverifiable",
        "The event is not on record by 1 January 2026.",
    )


# --- meetings and membership ----------------------------------------------------------------------


def test_meeting_held_place_and_date():
    r = run("meeting_held", organisation="SCO", kind="heads_of_state", city="Shanghai", year=2001, month=6)
    assert (r.verdict, r.evidence) == ("accurate", "It was held in Shanghai on 14 June 2001.")
    r = run(
        "meeting_held", organisation="SCO", kind="heads_of_state", city="St. Petersburg", year=2001, month=6
    )
    assert r.verdict == "partly accurate"
    assert r.evidence == (
        "The June 2001 meeting was held in Shanghai on 14 June 2001, not in St. Petersburg; "
        "St. Petersburg hosted one on 7 June 2002."
    )
    r = run("meeting_held", organisation="SCO", kind="heads_of_state", city="Shanghai", year=2001, month=7)
    assert (r.verdict, r.evidence) == (
        "partly accurate",
        "It was held in Shanghai on 14 June 2001, not in July 2001.",
    )
    r = run("meeting_held", organisation="SCO", kind="heads_of_state", city="Moscow", year=1999)
    assert (r.verdict, r.evidence) == (
        "inaccurate",
        "No SCO heads-of-state meeting took place in 1999 or in Moscow that year.",
    )


def test_meeting_after_the_assessment_date_is_unverifiable_when_none_is_found():
    r = run(
        "meeting_held",
        as_of=ts("2023-12-12"),
        organisation="SCO",
        kind="heads_of_state",
        city="Astana",
        year=2024,
        month=7,
    )
    assert r.verdict == "unverifiable"
    assert r.evidence == "A meeting in July 2024 was still to come on 12 December 2023."


def test_member_since():
    r = run("member_since", organisation="SCO", iso3="AAA", year=2001)
    assert (r.verdict, r.evidence) == ("accurate", "A has been a member of the SCO since 2001.")
    assert run("member_since", organisation="SCO", iso3="AAA", year=2005).verdict == "inaccurate"
    observer = run("member_since", organisation="SCO", iso3="BBB", year=2005)
    assert (observer.verdict, observer.evidence) == (
        "inaccurate",
        "Bee is not a member of the SCO by 1 January 2026.",
    )
    undated = run("member_since", organisation="SCO", iso3="CCC", year=2001)
    assert undated.verdict == "unverifiable"


# --- recorded facts ------------------------------------------------------------------------------


def test_years_between_counts_completed_years_to_the_day_the_claim_was_made():
    one_day_short = run("years_between", from_event_id="talks", expected=10, said_on=ts("2023-02-25"))
    assert (
        one_day_short.evidence
        == "From 26 February 2013 (Talks) to 25 February 2023: 9 completed years; the claim says 10."
    )
    assert one_day_short.verdict == "partly accurate"  # 10 vs 9: 11% off
    on_the_day = run("years_between", from_event_id="talks", expected=10, said_on=ts("2023-02-26"))
    assert on_the_day.verdict == "accurate"
    assert "10 completed years" in on_the_day.evidence
    assert (
        run("years_between", from_event_id="talks", expected=12, said_on=ts("2023-02-26")).verdict
        == "inaccurate"
    )


def test_years_between_measures_to_the_assessment_date_without_said_on():
    r = run("years_between", as_of=ts("2024-01-01"), from_event_id="talks", expected=10)
    assert (
        r.evidence
        == "From 26 February 2013 (Talks) to 1 January 2024: 10 completed years; the claim says 10."
    )
    assert r.verdict == "accurate"
    missing = run("years_between", from_event_id="nothing", expected=10)
    assert missing.verdict == "unverifiable"


def test_forecast_is_unverifiable_until_due_then_decided():
    early = run("initiative_held", as_of=ts("2023-12-12"), initiative_id="conf", place="Astana", year=2024)
    assert early.verdict == "unverifiable"
    assert (
        early.evidence
        == "On 12 December 2023 Env conference was still to come; the forecast was not yet due. What happened next: held in Astana in 2024."
    )
    held = run("initiative_held", initiative_id="conf", place="Astana", year=2024)
    assert (held.verdict, held.evidence) == ("accurate", "Env conference: held in Astana in 2024.")
    assert run("initiative_held", initiative_id="conf", place="Baku", year=2024).verdict == "partly accurate"
    assert (
        run("initiative_held", initiative_id="conf", place="Astana", year=2025).verdict == "partly accurate"
    )
    assert run("initiative_held", initiative_id="conf", place="Baku", year=2025).verdict == "inaccurate"
    never = run("initiative_held", initiative_id="forum", year=2020)
    assert (never.verdict, never.evidence) == (
        "inaccurate",
        "Youth forum: not yet launched (last checked 1 January 2020); not held in 2020.",
    )


def test_initiative_exists_checks_the_proposer():
    r = run("initiative_exists", initiative_id="conf", proposer_iso3="AAA")
    assert (r.verdict, r.evidence) == (
        "accurate",
        "Env conference was proposed by A in 2022; held in Astana in 2024.",
    )
    r = run("initiative_exists", initiative_id="summit", proposer_iso3="AAA")
    assert r.verdict == "partly accurate"
    assert r.evidence == "Finance Summit was proposed by Cee; held in 2018. It was Cee's proposal, not A's."
    r = run("initiative_exists", initiative_id="forum", proposer_iso3="AAA")
    assert r.verdict == "unverifiable"
    assert r.evidence.endswith(". No source names its proposer, so A's role is not confirmed.")
    assert run("initiative_exists", initiative_id="nothing").verdict == "unverifiable"


def test_statement_made_checks_the_date():
    r = run("statement_made", event_id="speech", year=2022, month=10)
    assert (r.verdict, r.evidence) == ("accurate", "PM: Speech, on 13 October 2022 in Astana.")
    r = run("statement_made", event_id="speech", year=2022, month=6)
    assert (r.verdict, r.evidence) == (
        "partly accurate",
        "PM: Speech, on 13 October 2022 in Astana, not in June 2022.",
    )
    assert run("statement_made", event_id="speech", year=2021).verdict == "inaccurate"


def test_event_recorded_checks_country_city_and_confirmation():
    r = run("event_recorded", event_id="talks", city="Almaty", year=2013)
    assert (r.verdict, r.evidence) == ("accurate", "Talks, Almaty, on 26 February 2013.")
    r = run("event_recorded", event_id="talks", city="Astana", country_iso3="BBB")
    assert r.verdict == "inaccurate"
    assert (
        r.evidence
        == "Talks, Almaty, on 26 February 2013; the country is A, not Bee; the city is Almaty, not Astana."
    )
    r = run("event_recorded", event_id="rumour")
    assert (r.verdict, r.evidence) == (
        "unverifiable",
        "Secret talks, Astana, on 1 January 2014; not confirmed by the sources found.",
    )


def test_doctrine_absence_is_not_disproof():
    r = run("doctrine_attributed", iso3="AAA", doctrine="multi-vector")
    assert (r.verdict, r.evidence) == ("accurate", "Multi-vector policy.")
    r = run("doctrine_attributed", iso3="AAA", doctrine="extended neighbourhood")
    assert r.verdict == "unverifiable"
    assert r.evidence == "No source on record names a doctrine of A called “extended neighbourhood”."


def test_statement_on_record_checks_speaker_and_date():
    r = run("statement_on_record", statement_id="st1", actor_iso3="AAA")
    assert (r.verdict, r.evidence) == (
        "accurate",
        "President of A said on 4 July 2023 (SCO summit): “Peace”.",
    )
    r = run("statement_on_record", statement_id="st1", actor_iso3="BBB")
    assert r.verdict == "partly accurate"
    assert r.evidence.endswith(" That is A, not Bee.")
    later = run("statement_on_record", as_of=ts("2023-01-01"), statement_id="st1")
    assert later.verdict == "unverifiable"
    assert later.evidence.startswith("Only said later: President of A said on 4 July 2023")
    assert run("statement_on_record", statement_id="nothing").verdict == "unverifiable"


def test_plan_on_record_tells_what_happened_next():
    r = run("plan_on_record", statement_id="st1", initiative_id="conf")
    assert r.verdict == "accurate"
    assert r.evidence == (
        "President of A announced it on 4 July 2023: “Peace”. What happened next: held in Astana in 2024."
    )
    assert r.source_ids == ["s12", "s7"]
    before = run("plan_on_record", as_of=ts("2023-01-01"), statement_id="st1")
    assert (before.verdict, before.evidence) == (
        "inaccurate",
        "No statement of the plan is on record by 1 January 2023.",
    )


@pytest.mark.parametrize("name", ["statement_on_record", "plan_on_record"])
def test_undated_statement_is_not_said_to_be_dated_the_present(name):
    r = run(name, statement_id="st2")
    assert r.evidence.startswith("Ministry of A ")
    assert "term running" not in r.evidence


@pytest.mark.parametrize(
    ("claimed", "tolerance", "verdict"),
    [
        (24, 0, "accurate"),
        (25, 0, "inaccurate"),
        (25, 0.05, "accurate"),
        (27, 0.05, "partly accurate"),
        (30, 0.05, "inaccurate"),
    ],
)
def test_quantity_applies_the_numeric_rule(claimed, tolerance, verdict):
    r = run("quantity", fact_id="ordinal", claimed=claimed, tolerance=tolerance)
    assert r.verdict == verdict
    assert r.evidence == f"Summit number: 24 meetings (4 July 2024); the claim says {claimed}."


def test_quantity_dated_after_the_assessment_date_is_unverifiable():
    r = run("quantity", as_of=ts("2024-01-01"), fact_id="ordinal", claimed=24)
    assert (r.verdict, r.evidence) == ("unverifiable", "The figure is not on record by 1 January 2024.")


def test_theme_word_for_word_ignoring_case_and_punctuation():
    exact = run(
        "theme", organisation="CICA", iso3="AAA", theme="partnership for security, and development in ASIA!"
    )
    assert (exact.verdict, exact.evidence) == (
        "accurate",
        "The official theme was “Partnership for Security and Development in Asia”.",
    )
    assert (
        run("theme", organisation="CICA", iso3="AAA", theme="Security and development").verdict
        == "partly accurate"
    )
    assert run("theme", organisation="CICA", iso3="AAA", theme="Green growth").verdict == "inaccurate"
    later = run("theme", organisation="CICA", iso3="CCC", theme="Later theme")
    assert later.verdict == "unverifiable"  # its term begins in 2030, after the assessment date


# --- arguments and the data as of a date ------------------------------------------------------------


def test_arguments_leave_out_what_the_runner_supplies():
    assert checks.arguments("term_count") == ["organisation", "iso3", "expected"]
    assert checks.arguments("years_between") == ["from_event_id", "expected"]


def test_argument_problems_reports_unknown_id_missing_and_extra_arguments(data):
    problems = checks.argument_problems(
        data, "chair_during_event", {"organisation": "SCO", "event_id": "no-such-event", "colour": "red"}
    )
    assert problems == [
        "['colour'] not accepted by chair_during_event (accepts: organisation, iso3, event_id)",
        "chair_during_event needs iso3",
        "event_id 'no-such-event' is not an id in the data (events.csv or meetings.csv)",
    ]


def test_argument_problems_checks_organisations_and_country_codes(data):
    assert (
        checks.argument_problems(data, "term_count", {"organisation": "SCO", "iso3": "KAZ", "expected": 4})
        == []
    )
    assert checks.argument_problems(
        data, "term_count", {"organisation": "NATO", "iso3": "KZZ", "expected": 4}
    ) == [
        "organisation 'NATO' is not one of SCO, CICA",
        "iso3 'KZZ' is not a known ISO 3166-1 alpha-3 code",
    ]


def test_as_of_view_hides_later_facts_and_reopens_running_terms():
    v = checks.as_of_view(D, ts("2002-01-01"))
    assert v.chairmanships["term_start"].tolist() == [ts("2001-06-15"), ts("1999-09-14")]
    assert v.chairmanships["term_end"].isna().tolist() == [True, True]  # both still running then
    assert v.chairmanships["ended_later"].tolist() == [
        ts("2002-06-07"),
        ts("2010-06-08"),
    ]  # and when they ended
    assert "conf" not in set(v.initiatives["initiative_id"])  # proposed only in 2022
    assert v.members["iso3"].tolist() == ["AAA", "CCC", "CCC"]  # Bee joined in 2005
    later = checks.as_of_view(D, ts("2023-06-01")).initiatives.set_index("initiative_id")
    # held in 2024: the row keeps what happened next, and a check asks whether it had happened by then
    assert later.loc["conf", "status"] == "held"
    assert not launched_by(later.loc["conf"], ts("2023-06-01"))
    assert launched_by(later.loc["conf"], ts("2024-12-31"))


@pytest.mark.parametrize("name", sorted(checks.CHECKS))
def test_every_check_is_documented(name):
    assert checks.CHECKS[name].__doc__


# --- a claim whose verdict turns on a disputed term (the real data) ----------------------------------------


@pytest.mark.parametrize(
    ("expected", "headline", "disputed"), [(4, "accurate", "inaccurate"), (5, "inaccurate", "accurate")]
)
def test_kazakh_sco_term_count_flips_between_readings(data, expected, headline, disputed):
    day = ts("2023-12-12")
    r = checks.CHECKS["term_count"](
        checks.as_of_view(data, day), day, organisation="SCO", iso3="KAZ", expected=expected
    )
    assert r.verdict == headline
    assert (
        r.evidence
        == "Kazakhstan began 4 SCO chair terms by 12 December 2023 (starting 2004, 2010, 2016, 2023)."
    )
    assert r.reading == "on the count the data uses (4)"
    assert [(x.label, x.verdict) for x in r.readings] == [("counting the disputed 2002–03 term", disputed)]


def test_a_meeting_id_is_accepted_exactly_by_the_checks_that_read_meetings(data):
    meeting = data.meetings["meeting_id"].iloc[0]
    for name, arg, rest in (
        ("chair_during_event", "event_id", {"organisation": "SCO", "iso3": "KAZ"}),
        ("event_recorded", "event_id", {}),
        ("statement_made", "event_id", {}),
        ("years_between", "from_event_id", {"expected": 1}),
    ):
        assert checks.argument_problems(data, name, {arg: meeting, **rest}) == [], name
    # an id of no table is named with every table looked in
    assert checks.argument_problems(data, "event_recorded", {"event_id": "nope"}) == [
        "event_id 'nope' is not an id in the data (events.csv or meetings.csv)"
    ]
