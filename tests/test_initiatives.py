import pandas as pd

from cicasco import initiatives

from .conftest import ts

TOY = pd.DataFrame(
    {
        "initiative_id": ["a", "b", "c", "d"],
        "organisation": ["SCO", "SCO", "CICA", "CICA"],
        "domain": ["security", "digital", "security", "environment"],
        "proposer_iso3": ["KAZ", "", "KAZ", "CHN"],
        "year_proposed": pd.array([2023, None, 2020, 2010], dtype="Int64"),
        "year_launched": pd.array([2024, 2024, None, 2018], dtype="Int64"),
        "status": ["launched", "held", "proposed", "held"],
    }
)


def test_selection_by_period_uses_proposal_year_then_launch_year():
    s = initiatives.select(TOY, ("SCO", "CICA"), ts("2019-01-01"), ts("2024-12-31"))
    assert s["initiative_id"].tolist() == ["a", "b", "c"]


def test_by_domain_keeps_vocabulary_order_and_all_organisations():
    t = initiatives.by_domain(TOY, ("SCO", "CICA"))
    assert t.index.tolist() == ["security", "environment", "digital"]
    assert t.loc["security"].tolist() == [1, 1]
    assert t.loc["digital"].tolist() == [1, 0]


def test_by_year_fills_missing_years_with_zero():
    t = initiatives.by_year(TOY, ("SCO", "CICA"))
    assert t.index.tolist() == list(range(2010, 2025))
    assert t.loc[2024].tolist() == [1, 0]  # b: no proposal year, launched 2024
    assert t.loc[2015].tolist() == [0, 0]


def test_by_status_and_proposer():
    assert initiatives.by_status(TOY, ("SCO", "CICA")).loc["held"].tolist() == [1, 1]
    assert initiatives.by_proposer(TOY).to_dict() == {"KAZ": 2, "unknown": 1, "CHN": 1}
    assert initiatives.share_proposed_by(TOY, "KAZ") == (2, 4)


def test_real_data_has_at_least_twenty_initiatives_with_named_ones(data):
    ini = data.initiatives
    assert len(ini) >= 20
    named = set(ini.loc[ini["named_in_article"], "initiative_id"])
    assert {
        "cica-finance-summit",
        "cica-council-sustainable-connectivity",
        "cica-hlce-environment-conference-2024",
        "cica-volunteer-movements-rally",
        "cica-pnlu-universities-network",
        "sco-ct-programme-2025-2027",
    } <= named
