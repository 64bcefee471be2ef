"""The same fact, whatever the check reads (report/facts.py): claims of different articles are paired in
the index when they state the same chair term, count of terms, meeting, membership, event, initiative,
statement or figure, even where their checks read different rows or take different arguments.

The article here is the worked example of CONTRIBUTING "Check a new article": an untitled, unsigned news
report, added as data only to a copy of data/ (its text, its row, a source for it, its claims file).
"""

import json
import re
import shutil
from pathlib import Path

import pytest

from cicasco.data import load, paths
from cicasco.pipeline import cli
from cicasco.report import facts, index_page

from .conftest import read_rows
from .fixtures import growth

ARTICLE = "steppewire-2024-kazakhstan-cica-chair"
# No headline: the row's title, and the text's first line, are a description in square brackets.
TITLE = "[News report on Kazakhstan's CICA chairmanship and the SCO]"
OUTLET = "Steppe Wire"
PUBLISHED = "2024-03-01"
SOURCE = "fixture-steppewire-2024-report"
TEXT = f"""{TITLE}

Kazakhstan has chaired CICA since 2020. The SCO summit will be held in Astana in July 2024. Kazakhstan joined the SCO in 2002, and the SCO has nine member states. Kazakhstan also chaired CICA in 2015.
"""
# (claim_id, quote, claim, kind, organisation, check, check_args, verdict as of the date, verdict latest, sources)
CLAIMS = [
    (
        "c01",
        "Kazakhstan has chaired CICA since 2020.",
        "Kazakhstan has chaired CICA since 2020",
        "role",
        "CICA",
        "chair_on_date",
        {"organisations": ["CICA"], "iso3": "KAZ", "date": PUBLISHED},
        "accurate",
        "accurate",
        "cica-scica-chairmanship-page",
    ),
    (
        "c02",
        "The SCO summit will be held in Astana in July 2024.",
        "The SCO summit will be held in Astana in July 2024",
        "forecast",
        "SCO",
        "meeting_held",
        {"organisation": "SCO", "kind": "heads_of_state", "city": "Astana", "year": 2024, "month": 7},
        "unverifiable",
        "accurate",
        "sco-astanatimes-2024-summit",
    ),
    (
        "c03",
        "Kazakhstan joined the SCO in 2002",
        "Kazakhstan joined the SCO in 2002",
        "membership",
        "SCO",
        "member_since",
        {"organisation": "SCO", "iso3": "KAZ", "year": 2002},
        "inaccurate",
        "inaccurate",
        "sco-eastday-2006-chronology",
    ),
    (
        "c04",
        "the SCO has nine member states",
        "The SCO has nine member states",
        "count",
        "SCO",
        "quantity",
        {"fact_id": "sco-member-states-2024-07-04", "claimed": 9, "tolerance": 0},
        "unverifiable",
        "inaccurate",
        "sco-astanatimes-2024-belarus",
    ),
    (
        "c05",
        "Kazakhstan also chaired CICA in 2015.",
        "Kazakhstan chaired CICA in 2015",
        "role",
        "CICA",
        "chair_on_date",
        {"organisations": ["CICA"], "iso3": "KAZ", "date": "2015-06-01"},
        "inaccurate",
        "inaccurate",
        "cica-chinadaily-2014-05-background",
    ),
]


def add_untitled_report(data: Path) -> None:
    """CONTRIBUTING's worked example, step by step, in a copy of data/."""
    growth.append_rows(
        data / "sources.csv",
        [growth.source(SOURCE, PUBLISHED, "[News report on Kazakhstan's CICA chairmanship]", PUBLISHED)],
    )
    columns = list(read_rows(data / "claims.csv")[0])
    rows = [
        dict(
            zip(
                ("claim_id", "quote", "claim", "kind", "organisation", "check", "check_args"),
                (cid, quote, claim, kind, org, check, json.dumps(args)),
                strict=True,
            ),
            paragraph="1",
            verdict=verdict,
            verdict_latest=latest,
            source_ids=sources,
        )
        for cid, quote, claim, kind, org, check, args, verdict, latest, sources in CLAIMS
    ]
    growth.add_article(
        data,
        ARTICLE,
        {
            "title": TITLE,
            "author": "Unsigned",
            "outlet": OUTLET,
            "date_published": PUBLISHED,
            "url": f"https://example.org/2024/03/01/{ARTICLE}",
            "subject_iso3": "KAZ",
            "note": "Test fixture: no headline and no byline on the page.",
            "source_ids": SOURCE,
        },
        TEXT,
        [{c: r.get(c, "") for c in columns} for r in rows],
    )


@pytest.fixture(scope="module")
def grown(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("untitled") / "data"
    shutil.copytree(paths.DATA_DIR, data)
    add_untitled_report(data)
    return data


def _keys(data, check: str, args: dict) -> list[tuple]:
    return [k for k, _ in facts.facts(data, check, args, data.as_of)]


def _term_start(data, organisation: str, iso3: str, year: int) -> str:
    c = data.chairmanships
    t = c[(c["organisation"] == organisation) & (c["iso3"] == iso3) & (c["term_start"].dt.year == year)]
    return f"{t['term_start'].iloc[0]:%Y-%m-%d}"


def test_a_chair_term_is_the_same_fact_whichever_check_names_it(data):
    term = ("chair term", "CICA", "KAZ", _term_start(data, "CICA", "KAZ", 2020))
    on_a_day = _keys(data, "chair_on_date", {"organisations": ["CICA"], "iso3": "KAZ", "date": "2024-03-01"})
    returned = _keys(
        data, "term_start", {"organisation": "CICA", "iso3": "KAZ", "year": 2020, "not_first": True}
    )
    began = _keys(data, "term_start", {"organisation": "CICA", "iso3": "KAZ", "year": 2020, "month": 9})
    assert on_a_day == returned == began == [term]
    # both organisations on one day: two facts, the SCO term and the CICA term
    both = _keys(
        data, "chair_on_date", {"organisations": ["SCO", "CICA"], "iso3": "KAZ", "date": "2023-12-12"}
    )
    assert both == [("chair term", "SCO", "KAZ", _term_start(data, "SCO", "KAZ", 2023)), term]
    # a day another state chaired: the term of the state that did, not the one claimed
    other = _keys(data, "chair_on_date", {"organisations": ["CICA"], "iso3": "KAZ", "date": "2015-06-01"})
    assert other == [("chair term", "CICA", "CHN", _term_start(data, "CICA", "CHN", 2014))]
    # how many terms is another fact than any one term
    assert _keys(data, "term_count", {"organisation": "CICA", "iso3": "KAZ", "expected": 3}) == [
        ("chair terms", "CICA", "KAZ")
    ]
    # a term that never began names no row: the check and its arguments
    never = {"organisation": "CICA", "iso3": "KAZ", "year": 2016}
    assert _keys(data, "term_start", never) == [("check", "term_start", json.dumps(never, sort_keys=True))]


def test_meetings_memberships_figures_and_events_are_named_by_what_identifies_them(data):
    summit = ("meeting", "SCO", "heads_of_state", 2024)
    for args in ({"city": "Astana", "year": 2024}, {"city": "Beijing", "year": 2024, "month": 7}):
        assert _keys(data, "meeting_held", {"organisation": "SCO", "kind": "heads_of_state", **args}) == [
            summit
        ]
    assert _keys(
        data,
        "meeting_held",
        {"organisation": "SCO", "kind": "heads_of_state", "city": "Astana", "year": 2023},
    ) != [summit]
    m = data.meetings  # a meeting named by its id is the same meeting
    meeting_id = m[
        (m["organisation"] == "SCO") & (m["kind"] == "heads_of_state") & (m["start_date"].dt.year == 2024)
    ]
    event = {"organisation": "SCO", "iso3": "KAZ", "event_id": meeting_id["meeting_id"].iloc[0]}
    assert _keys(data, "chair_during_event", event)[0] == summit
    for year in (2001, 2002):
        assert _keys(data, "member_since", {"organisation": "SCO", "iso3": "KAZ", "year": year}) == [
            ("membership", "SCO", "KAZ")
        ]
    fact = "sco-member-states-2024-07-04"
    for claimed in (9, 10):
        assert _keys(data, "quantity", {"fact_id": fact, "claimed": claimed}) == [("figure", fact)]
    event_id = data.events["event_id"].iloc[0]
    assert _keys(data, "event_recorded", {"event_id": event_id}) == _keys(
        data, "years_between", {"from_event_id": event_id, "expected": 1}
    )


def _groups(data) -> dict[str, list[tuple[str, str, str]]]:
    _, groups = index_page.contents(data)
    return {g.about: [(c.article, c.claim, c.verdict) for c in g.claims] for g in groups}


def _group_of(groups: dict, claim: tuple[str, str]) -> tuple[str, list]:
    found = [(about, cs) for about, cs in groups.items() if claim in [(a, c) for a, c, _ in cs]]
    assert len(found) == 1, (claim, found)
    return found[0]


NATION, EURASIA, MINE = "The Nation, 12 December 2023", "eurasia.ro, 26 July 2024", f"{OUTLET}, 1 March 2024"


def test_the_index_pairs_claims_stating_the_same_fact_across_articles(grown):
    data = load.load(grown)
    groups = _groups(data)
    # "has chaired CICA since 2020" and the op-ed's return to the chair in 2020: one term
    about, claims = _group_of(groups, (MINE, "Claim 01"))
    assert about == "Kazakhstan's chairmanship of the CICA, 24 September 2020 to 17 December 2024"
    assert (MINE, "Claim 01", "accurate") in claims and (NATION, "Claim 11", "accurate") in claims
    assert (NATION, "Claim 08", "accurate") in claims  # both chairs on the op-ed's day: this term too
    # the Astana summit, forecast here in March and reported in July, with other words
    about, claims = _group_of(groups, (MINE, "Claim 02"))
    assert about == "The SCO summit in Astana, 3 July 2024"
    assert {(MINE, "Claim 02", "unverifiable"), (EURASIA, "Claim 02", "accurate")} <= set(claims)
    # Kazakhstan's membership, claimed from 2002 here and from 2001 in the op-ed
    about, claims = _group_of(groups, (MINE, "Claim 03"))
    assert about == "Kazakhstan's membership of the SCO"
    assert {(MINE, "Claim 03", "inaccurate"), (NATION, "Claim 32", "accurate")} <= set(claims)
    # the number of member states, nine here, ten in the later report
    about, claims = _group_of(groups, (MINE, "Claim 04"))
    assert about.startswith("Member states after Belarus's admission at Astana")
    assert {(MINE, "Claim 04", "unverifiable"), (EURASIA, "Claim 20", "accurate")} <= set(claims)
    # chairing CICA in 2015 is a claim about China's term, not Kazakhstan's
    assert not any(a == MINE and c == "Claim 05" for cs in groups.values() for a, c, _ in cs)
    # articles newest first in every group
    order = [EURASIA, MINE, NATION]
    for cs in groups.values():
        seen = [order.index(a) for a, _, _ in cs if a in order]
        assert seen == sorted(seen)


def test_the_untitled_unsigned_report_passes_check_and_is_listed(grown, tmp_path, capsys):
    assert cli.main(["check", "--data-dir", str(grown)]) == 0
    out = capsys.readouterr().out
    assert re.search(
        rf"{ARTICLE}: 5 claims in \S*claims-{ARTICLE}.csv checked as of {PUBLISHED}; 0 verdict", out
    )
    entries, _ = index_page.contents(load.load(grown))
    e = next(e for e in entries if e.title == TITLE)
    assert (e.outlet, e.published, e.n_claims) == (OUTLET, "1 March 2024", 5)
    assert e.counts == {"accurate": 1, "partly accurate": 0, "inaccurate": 2, "unverifiable": 2, "opinion": 0}


def test_an_unsigned_untitled_report_is_credited_without_a_name_or_quotes(grown):
    from cicasco.claims import claimreview
    from cicasco.claims.article import read_article
    from cicasco.claims.decide import decide
    from cicasco.data.vocab import VERDICTS
    from cicasco.report import narrative

    data = load.load(grown)
    art = read_article(data, ARTICLE)
    assert not art.signed and art.cited_title == TITLE  # a description, not a headline: no quotes
    assert art.credit() == f"unsigned, {OUTLET}, 1 March 2024"
    decided = decide(data, art, art.date_published)
    intro = narrative.register_intro(art, decided, {v: 0 for v in VERDICTS}, art.date_published, "x").data
    assert intro.startswith(
        f"<p><em>{TITLE.replace(chr(39), '&#39;')}</em> (unsigned, {OUTLET}, 1 March 2024) makes"
    )
    review = claimreview.claim_reviews(decided, art, data)["@graph"][0]
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": OUTLET}
    signed = read_article(data, "nation-2023-kazakhstan-in-cica-and-sco")
    assert signed.signed and signed.cited_title == f"“{signed.title}”"
    assert signed.credit() == f"{signed.author}, {signed.outlet}, 12 December 2023"


def test_contributing_shows_this_example_as_the_tests_run_it():
    text = (paths.ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start = text.index("| claim | check | `check_args` | verdict, latest |")
    shown = []
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        claim, check, args, verdicts = (c.strip() for c in line.strip("|").split(" | "))
        latest = [re.sub(r" \(.*\)", "", v) for v in verdicts.split(", ")]
        shown.append((claim.split()[0], check.strip("`"), json.loads(args.strip("`")), *latest))
    assert shown == [(c[0], c[5], c[6], c[7], c[8]) for c in CLAIMS]
    assert f"`{TITLE}`" in text.replace("\n   ", " ") and f"`{ARTICLE}`" in text
