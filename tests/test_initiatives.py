"""Initiative spreads on a small hand-made frame with known answers, then on the real data."""

import pandas as pd

from cicasco.analysis import initiatives

from .conftest import ts

TOY = pd.DataFrame(
    {
        "initiative_id": ["a", "b", "c", "d", "e"],
        "organisation": ["SCO", "SCO", "CICA", "CICA", "SCO"],
        "domain": ["security", "digital", "security", "environment", "health"],
        "proposer_iso3": ["KAZ", "", "KAZ", "CHN", "CHN"],
        "year_proposed": pd.array([2023, None, 2020, 2010, None], dtype="Int64"),
        "year_launched": pd.array([2024, 2024, None, 2018, None], dtype="Int64"),
        "status": ["launched", "held", "proposed", "held", "unknown"],
    }
)
BOTH = ("SCO", "CICA")


def test_first_year_is_the_proposal_year_else_the_launch_year():
    assert initiatives.first_year(TOY).tolist() == [2023, 2024, 2020, 2010, pd.NA]


def test_selection_by_period_uses_proposal_year_then_launch_year_and_keeps_undated():
    s = initiatives.select(TOY, BOTH, ts("2019-01-01"), ts("2024-12-31"))
    assert s["initiative_id"].tolist() == ["a", "b", "c", "e"]
    assert initiatives.select(TOY, ("CICA",), ts("2019-01-01"), ts("2024-12-31"))[
        "initiative_id"
    ].tolist() == ["c"]


def test_by_domain_keeps_vocabulary_order_and_all_organisations():
    t = initiatives.by_category(TOY, "domain", BOTH)
    assert t.index.tolist() == ["security", "environment", "digital", "health"]
    assert t.columns.tolist() == ["SCO", "CICA"]
    assert t.loc["security"].tolist() == [1, 1]
    assert t.loc["digital"].tolist() == [1, 0]
    assert t.loc["environment"].tolist() == [0, 1]


def test_by_status_keeps_vocabulary_order():
    t = initiatives.by_category(TOY, "status", BOTH)
    assert t.index.tolist() == ["proposed", "launched", "held", "unknown"]
    assert t.loc["held"].tolist() == [1, 1]
    assert t.to_numpy().sum() == len(TOY)


def test_by_year_fills_missing_years_with_zero_and_counts_the_undated():
    t, undated = initiatives.by_year(TOY, BOTH)
    assert undated == 1  # e: no year at all
    assert t.index.tolist() == list(range(2010, 2025))
    assert t.loc[2024].tolist() == [1, 0]  # b: no proposal year, launched 2024
    assert t.loc[2015].tolist() == [0, 0]
    assert t.to_numpy().sum() == len(TOY) - undated


def test_by_year_with_no_dated_initiative():
    t, undated = initiatives.by_year(TOY[TOY["initiative_id"] == "e"], BOTH)
    assert (t.empty, t.columns.tolist(), undated) == (True, ["SCO", "CICA"], 1)


def test_by_proposer_and_share():
    assert initiatives.by_proposer(TOY).to_dict() == {"KAZ": 2, "CHN": 2, "": 1}
    assert initiatives.share_proposed_by(TOY, "KAZ") == (2, 5)


def test_real_data_holds_the_initiatives_the_article_names(data):
    ini = data.initiatives
    assert len(ini) >= 20
    assert ini["initiative_id"].is_unique
    assert {
        "cica-finance-summit",
        "cica-council-sustainable-connectivity",
        "cica-hlce-environment-conference-2024",
        "cica-volunteer-movements-rally",
        "cica-pnlu-universities-network",
        "sco-ct-programme-2025-2027",
    } <= set(ini["initiative_id"])
    finance = ini.set_index("initiative_id").loc["cica-finance-summit"]
    assert (finance["proposer_iso3"], finance["year_launched"], finance["status"]) == ("CHN", 2018, "held")


def test_real_data_spread_counts_every_initiative_once(data):
    s = initiatives.select(data.initiatives, BOTH, ts("1992-01-01"), data.as_of)
    t, undated = initiatives.by_year(s, BOTH)
    assert t.to_numpy().sum() + undated == len(s)
    assert initiatives.by_category(s, "domain", BOTH).to_numpy().sum() == len(s)
