"""Every member's report is its own: counts from each organisation's first term, the initiatives of the
state's terms, no article apparatus in a country report, tables that stack on a phone. Expectations are
read from the data (or a private copy of it), so rows added to data/ move them with it."""

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from cicasco.analysis import chairs, initiatives
from cicasco.data import paths
from cicasco.pipeline import build
from cicasco.pipeline.options import Options
from cicasco.report import narrative
from cicasco.report.text import labelled

from .conftest import read_rows


def _terms(data):
    return chairs.terms(data.chairmanships, ("SCO", "CICA"), open_until=data.as_of)


def test_per_term_counts_every_counted_term_and_the_initiatives_filed_under_it(data):
    per = initiatives.per_term(data.initiatives, _terms(data))
    counted = data.chairmanships[data.chairmanships["counted"]]
    assert len(per) == len(counted)
    for r in per.itertuples():
        filed = data.initiatives[
            (data.initiatives["organisation"] == r.organisation)
            & (data.initiatives["chair_term_start"] == r.term_start)
        ]
        assert r.n == len(filed), r.label


def test_every_counted_term_has_initiatives_or_a_documented_search(data):
    """Issue 21: at least one initiative per counted term, or data/README.md says what was searched."""
    per = initiatives.per_term(data.initiatives, _terms(data))
    readme = (data.data_dir / "README.md").read_text(encoding="utf-8")
    for r in per[(per["n"] < 2) & ~per["open"]].itertuples():  # a running term may still gather more
        documented = re.search(rf"{r.organisation} {r.term_start:%Y}–\S* \({re.escape(r.country)}\)", readme)
        assert documented, f"{r.label}: fewer than two initiatives and no search documented"


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2017-06-09", "2018-06-10", "SCO 2017–18 (A)"),
        ("1999-09-14", "2010-06-08", "SCO 1999–2010 (A)"),
        ("2025-09-01", None, "SCO 2025– (A)"),
    ],
)
def test_term_labels(start, end, label):
    end = pd.Timestamp(end) if end else pd.NaT
    assert initiatives.term_label("SCO", pd.Timestamp(start), end, "A") == label


def test_of_state_lists_its_terms_its_proposals_and_the_named(data):
    terms = _terms(data)
    for iso3 in sorted(set(data.chairmanships["iso3"])):
        listed = initiatives.of_state(data.initiatives, terms, iso3)
        own = set(
            zip(
                terms.loc[terms["iso3"] == iso3, "organisation"],
                terms.loc[terms["iso3"] == iso3, "term_start"],
                strict=True,
            )
        )
        expected = {
            r.initiative_id
            for r in data.initiatives.itertuples()
            if (r.organisation, r.chair_term_start) in own or r.proposer_iso3 == iso3
        }
        assert set(listed["initiative_id"]) == expected, iso3
        assert (
            listed.loc[listed["mine"], "term"]
            .str.endswith(f"({data.members.set_index('iso3').loc[iso3, 'country'].iloc[0]})")
            .all()
        )
    named = set(data.initiatives["initiative_id"][:1])
    assert named <= set(initiatives.of_state(data.initiatives, terms, "ZZZ", named)["initiative_id"])


def test_counts_run_from_the_organisations_first_term(data):
    for org in ("SCO", "CICA"):
        first = data.chairmanships.loc[data.chairmanships["organisation"] == org, "term_start"].min()
        words = narrative.since_words(data.chairmanships, org, pd.Timestamp("1992-01-01"), data.as_of)
        assert words == f"since the first {org} chair term began, in {first.year}"
        later = narrative.since_words(data.chairmanships, org, first + pd.Timedelta(days=4000), data.as_of)
        assert later.startswith("between ")


def test_a_state_outside_an_organisation_is_not_said_to_have_failed_to_chair_it(data):
    m = data.members
    outside = m[m["status"] != "member"].iloc[0]
    assert narrative.not_a_member(m, outside["organisation"], outside["iso3"], outside["country"]).startswith(
        f"{outside['country']} is not a member state of the {outside['organisation']}"
    )
    member = m[m["status"] == "member"].iloc[0]
    assert narrative.not_a_member(m, member["organisation"], member["iso3"], member["country"]) == ""


def test_table_cells_carry_their_column_name_and_table_roles():
    html = labelled(
        "<table><thead><tr><th>Name</th><th>Year</th></tr></thead><tbody><tr><td>A &lt;b&gt;</td><td>2001</td></tr></tbody></table>",
        "Caption <i>",
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("caption").get_text() == "Caption <i>"  # text, not markup
    assert [td["data-label"] for td in soup.find_all("td")] == ["Name", "Year"]
    assert soup.table["role"] == "table" and {tr["role"] for tr in soup.find_all("tr")} == {"row"}


# --- a country report read as a reader would (integration) ------------------------------------------


@pytest.fixture(scope="module")
def country_report(tmp_path_factory):
    """A member the article is not about, which chaired only the SCO and once."""
    tmp = tmp_path_factory.mktemp("country")
    rows = read_rows(paths.DATA_DIR / "chairmanships.csv")
    iso3 = next(
        r["iso3"]
        for r in rows
        if sum(x["iso3"] == r["iso3"] for x in rows) == 1
        and r["organisation"] == "SCO"
        and r["iso3"] != "KAZ"
    )
    r = build.build(Options(country=iso3, out_root=tmp / "out", cache_dir=tmp / "cache"))
    return iso3, (r.report_dir / "report.html").read_text(encoding="utf-8")


@pytest.mark.integration
def test_a_country_report_carries_no_article_apparatus(country_report):
    _, page = country_report
    text = BeautifulSoup(page, "html.parser").get_text(" ")
    # no default period start before either organisation existed ("1992–2026", "between 1992 and")
    for absent in (
        "Claims assessed",
        "rating scale",
        "Rating scale",
        "Claim 1",
        "Verdicts use",
        "1992–",
        "between 1992",
    ):
        assert absent not in text, absent
    assert re.search(
        r"Fact-checks by this project of articles that mention|No article checked by this project", text
    )


@pytest.mark.integration
def test_every_table_cell_is_labelled_for_a_phone(country_report):
    _, page = country_report
    soup = BeautifulSoup(page, "html.parser")
    cells = soup.select("table.report-table td")
    assert cells and all(td.get("data-label") for td in cells)
