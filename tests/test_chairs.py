"""Chairmanship analysis on small hand-made frames with known answers, then on the real data."""

import pandas as pd
import pytest

from cicasco.analysis import chairs

from .conftest import ts


def frame(rows):
    df = pd.DataFrame(
        rows,
        columns=["organisation", "country", "iso3", "term_start", "term_end", "status", "counted"],
    )
    df["term_start"] = pd.to_datetime(df["term_start"])
    df["term_end"] = pd.to_datetime(df["term_end"])
    return df


TOY = frame(
    [
        ("SCO", "A", "AAA", "2000-01-01", "2001-01-01", "disputed", False),
        ("SCO", "B", "BBB", "2001-01-01", "2002-01-01", "confirmed", True),
        ("SCO", "A", "AAA", "2002-01-01", "2003-01-01", "confirmed", True),
        ("SCO", "B", "BBB", "2003-01-01", None, "confirmed", True),
        ("CICA", "A", "AAA", "1999-01-01", "2002-07-01", "confirmed", True),
        ("CICA", "C", "CCC", "2002-07-01", None, "confirmed", True),
    ]
)


def test_open_terms_run_to_the_given_day_and_years_are_clipped_to_the_period():
    t = chairs.terms(TOY, ("SCO",), ts("2001-07-01"), ts("2004-01-01"), open_until=ts("2004-01-01"))
    assert list(t["iso3"]) == ["BBB", "AAA", "BBB"]  # the 2000 term ended before the period
    assert t["years"].round(2).tolist() == [0.5, 1.0, 1.0]


def test_summary_counts_only_counted_terms_and_reports_the_rest():
    t = chairs.terms(TOY, ("SCO", "CICA"), ts("1990-01-01"), ts("2004-01-01"))
    s = chairs.summary(t).set_index(["organisation", "iso3"])
    assert s.loc[("SCO", "AAA"), "terms"] == 1
    assert s.loc[("SCO", "AAA"), "uncounted"] == 1
    assert s.loc[("SCO", "AAA"), "years"] == pytest.approx(365 / 365.25)
    assert s.loc[("SCO", "BBB"), "terms"] == 2
    assert chairs.count_for(t, "SCO", "AAA") == {
        "terms": 1,
        "all": 2,
        "years": pytest.approx(365 / 365.25),
    }


def test_gaps_between_a_states_counted_terms():
    t = chairs.terms(TOY, ("SCO",), ts("1990-01-01"), ts("2004-01-01"))
    g = chairs.gaps(t, "BBB")
    assert g[["organisation", "gap_start", "gap_end"]].values.tolist() == [
        ["SCO", ts("2002-01-01"), ts("2003-01-01")]
    ]
    assert g.iloc[0]["years"] == pytest.approx(365 / 365.25)


def test_no_gap_is_measured_from_a_disputed_term_left_out_of_the_count():
    t = chairs.terms(TOY, ("SCO",), ts("1990-01-01"), ts("2004-01-01"))
    assert chairs.gaps(t, "AAA").empty  # the disputed 2000 term is not counted; one counted term remains


def test_overlap_of_sco_and_cica_terms_uses_counted_terms_only():
    t = chairs.terms(TOY, ("SCO", "CICA"), ts("1990-01-01"), ts("2004-01-01"))
    o = chairs.overlaps(t, "AAA")
    # the disputed 2000 SCO term is not counted, so only 2002-01-01..2002-07-01 remains
    assert o[["start", "end", "days"]].values.tolist() == [[ts("2002-01-01"), ts("2002-07-01"), 181]]
    assert chairs.overlaps(t, "CCC").empty


def test_chair_on_a_day_includes_the_first_and_the_last_day():
    assert chairs.chair_on(TOY, "SCO", ts("2001-06-01"))["iso3"].tolist() == ["BBB"]
    assert chairs.chair_on(TOY, "SCO", ts("2030-01-01"))["iso3"].tolist() == ["BBB"]  # open term
    assert chairs.chair_on(TOY, "CICA", ts("1998-12-31")).empty


def test_on_a_handover_day_both_chairs_count():
    on = chairs.chair_on(TOY, "SCO", ts("2001-01-01"))
    assert on["iso3"].tolist() == ["AAA", "BBB"]  # outgoing first
    assert chairs.chair_on(TOY, "CICA", ts("2002-07-01"))["iso3"].tolist() == ["AAA", "CCC"]


# --- the real data: the numbers the report prints ---------------------------------------------
# Up to a day the data has long covered: a term added later (a new chair) cannot change these.
UNTIL = ts("2025-12-31")


def test_kazakhstan_chaired_the_sco_four_times_counted_five_with_the_disputed_term(data):
    t = chairs.terms(data.chairmanships, ("SCO",), period_end=UNTIL, open_until=data.as_of)
    assert chairs.count_for(t, "SCO", "KAZ")["terms"] == 4
    assert chairs.count_for(t, "SCO", "KAZ")["all"] == 5
    starts = t[(t["iso3"] == "KAZ") & t["counted"]]["term_start"].dt.strftime("%Y-%m-%d").tolist()
    assert starts == ["2004-06-17", "2010-06-11", "2016-06-24", "2023-07-04"]


def test_kazakhstan_chaired_both_from_july_2023_to_july_2024(data):
    t = chairs.terms(data.chairmanships, ("SCO", "CICA"), open_until=data.as_of)
    o = chairs.overlaps(t, "KAZ")
    assert (ts("2023-07-04"), ts("2024-07-04")) in list(zip(o["start"], o["end"], strict=True))


def test_cica_chairs_in_order(data):
    c = data.chairmanships[data.chairmanships["organisation"] == "CICA"].sort_values("term_start")
    assert c.loc[c["term_start"] <= UNTIL, "iso3"].tolist() == ["KAZ", "TUR", "CHN", "TJK", "KAZ", "AZE"]
    assert c["term_end"].iloc[:5].notna().all()
    assert c["term_end"].isna().tolist() == [False] * (len(c) - 1) + [True]  # only the latest runs on


def test_kazakhstan_gaps_between_counted_terms(data):
    t = chairs.terms(data.chairmanships, ("SCO", "CICA"), period_end=UNTIL, open_until=data.as_of)
    g = chairs.gaps(t, "KAZ")
    assert g[["organisation", "gap_start", "gap_end"]].values.tolist() == [
        ["CICA", ts("2010-06-08"), ts("2020-09-24")],
        ["SCO", ts("2005-07-05"), ts("2010-06-11")],
        ["SCO", ts("2011-06-15"), ts("2016-06-24")],
        ["SCO", ts("2017-06-09"), ts("2023-07-04")],
    ]


def test_kazakhstan_chaired_the_sco_on_the_astana_handover_day_with_china(data):
    on = chairs.chair_on(data.chairmanships, "SCO", ts("2024-07-04"))
    assert on["iso3"].tolist() == ["KAZ", "CHN"]


def test_sco_terms_run_without_gaps_from_2001(data):
    c = data.chairmanships[data.chairmanships["organisation"] == "SCO"].sort_values("term_start")
    assert c["term_start"].iloc[0] == ts("2001-06-15")
    assert (c["term_start"].iloc[1:].values == c["term_end"].iloc[:-1].values).all()


def test_summits_hosted_by_kazakhstan(data):
    h = chairs.summits_hosted(data.meetings, "KAZ", ("SCO",), ts("2001-01-01"), ts("2026-01-01"))
    assert h["start_date"].dt.year.tolist() == [2005, 2011, 2017, 2024]
    assert (h["city"] == "Astana").all()
