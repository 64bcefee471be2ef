"""Golden tests of the checks articles needed (issue 22): membership with no year, an id of any table
validation accepts, degree (an overstated plan, a count right until a stated day), documents adopted at a
meeting, and the article's kind and an unsigned byline in the ClaimReview. On a small dataset made here."""

from pathlib import Path

import pandas as pd

from cicasco.claims import checks, claimreview
from cicasco.claims.article import Article
from cicasco.data.load import Dataset

from .test_checks import D

LATE = pd.Timestamp("2026-01-01")

DOCS = pd.DataFrame(
    {
        "document_id": ["decl"],
        "name": ["Astana Declaration"],
        "organisation": ["SCO"],
        "kind": ["declaration"],
        "meeting_id": ["m-astana"],
        "date": pd.to_datetime(["2024-07-04"]),
        "note": [""],
        "source_ids": ["s20"],
    }
)
MEETINGS = pd.DataFrame(
    {
        "meeting_id": ["m-astana", "m-delhi"],
        "organisation": ["SCO", "SCO"],
        "kind": ["heads_of_state", "heads_of_state"],
        "city": ["Astana", "New Delhi"],
        "host_iso3": ["AAA", "BBB"],
        "start_date": pd.to_datetime(["2024-07-03", "2023-07-04"]),
        "end_date": pd.to_datetime(["2024-07-04", "2023-07-04"]),
        "status": ["confirmed", "confirmed"],
        "source_ids": ["s21", "s22"],
    }
)
QUANT = pd.DataFrame(
    {
        "fact_id": ["members-now", "members-before"],
        "organisation": ["SCO", "SCO"],
        "measure": ["member states after Belarus joined", "member states before Belarus joined"],
        "value": ["10", "9"],
        "unit": ["states", "states"],
        "date": pd.to_datetime(["2024-07-04", "2023-07-04"]),
        "source_ids": ["s23", "s24"],
    }
)
DATA = D.with_tables(documents=DOCS, meetings=MEETINGS, quantities=QUANT)


def run(name, as_of=LATE, **args):
    return checks.CHECKS[name](checks.as_of_view(DATA, as_of), as_of, **args)


def test_membership_needs_no_year():
    r = run("member_on", organisation="SCO", iso3="CCC")  # a member whose joining year is not on record
    assert (r.verdict, r.evidence) == (
        "accurate",
        "Cee is a member state of the SCO (the year it joined is not on record).",
    )
    assert run("member_on", organisation="SCO", iso3="AAA", date="2010-01-01").evidence == (
        "A has been a member state of the SCO since 2001."
    )
    observer = run("member_on", organisation="SCO", iso3="BBB")
    assert (observer.verdict, observer.evidence) == (
        "inaccurate",
        "Bee is an observer of the SCO, not a member state.",
    )
    before = run("member_on", organisation="SCO", iso3="AAA", as_of=pd.Timestamp("2000-01-01"))
    assert (before.verdict, before.evidence) == (
        "inaccurate",
        "A is not on record as a member of the SCO by 1 January 2000.",
    )
    assert run("member_on", organisation="SCO", iso3="AAA", date="2030-01-01").verdict == "unverifiable"


def test_a_meeting_id_is_read_where_an_event_id_is_accepted():
    r = run("event_recorded", event_id="m-astana", city="Astana", year=2024, country_iso3="AAA")
    assert (r.verdict, r.evidence) == (
        "accurate",
        "The SCO heads-of-state meeting in Astana, on 3–4 July 2024.",
    )
    wrong = run("event_recorded", event_id="m-delhi", city="Astana")
    assert wrong.verdict == "inaccurate" and wrong.evidence.endswith("the city is New Delhi, not Astana.")
    assert [t for t, _ in wrong.rows] == ["meetings"]


def test_an_overstated_plan_is_partly_accurate():
    r = run("plan_on_record", statement_id="st1", overstates="it calls the plan a signed treaty")
    assert r.verdict == "partly accurate"
    assert r.evidence.endswith("The claim says more than the plan did: it calls the plan a signed treaty.")
    assert run("plan_on_record", statement_id="st1").verdict == "accurate"


def test_a_count_right_until_that_day_is_partly_accurate():
    args = {"fact_id": "members-now", "tolerance": 0, "was_fact_id": "members-before"}
    r = run("quantity", claimed=9, **args)
    assert (r.verdict, r.evidence) == (
        "partly accurate",
        "Member states after Belarus joined: 10 states from 4 July 2024; the claim's 9 was right until then "
        "(member states before Belarus joined).",
    )
    assert run("quantity", claimed=10, **args).verdict == "accurate"
    assert run("quantity", claimed=7, **args).verdict == "inaccurate"


def test_documents_adopted_at_a_meeting():
    r = run("document_adopted", document_id="decl", meeting_id="m-astana", year=2024)
    assert (r.verdict, r.evidence) == (
        "accurate",
        "Astana Declaration: adopted at the SCO heads-of-state meeting in Astana on 4 July 2024.",
    )
    elsewhere = run("document_adopted", document_id="decl", meeting_id="m-delhi")
    assert elsewhere.verdict == "partly accurate"
    assert elsewhere.evidence.endswith(", not at the SCO heads-of-state meeting in New Delhi.")
    assert (
        run("document_adopted", document_id="decl", as_of=pd.Timestamp("2024-01-01")).verdict
        == "unverifiable"
    )


def test_the_ids_each_check_accepts_are_validated_against_their_tables():
    assert checks.argument_problems(DATA, "document_adopted", {"document_id": "nope"}) == [
        "document_id 'nope' is not an id in the data (documents.csv)"
    ]
    assert checks.argument_problems(
        DATA, "document_adopted", {"document_id": "decl", "meeting_id": "m-x"}
    ) == ["meeting_id 'm-x' is not an id in the data (meetings.csv)"]


def _article(author: str, kind: str) -> Article:
    return Article(
        "a",
        "Title",
        author,
        "Outlet",
        pd.Timestamp("2024-07-26"),
        "https://example.org/a",
        "AAA",
        (),
        Path("t.txt"),
        Path("c.csv"),
        "s1",
        kind=kind,
    )


def test_an_unsigned_news_report_is_claimed_by_its_publisher_as_a_news_article():
    assessed = pd.DataFrame(
        [
            {
                "claim_id": "c01",
                "claim": "A claim",
                "quote": "a quote",
                "computed": "accurate",
                "checked": "accurate",
                "evidence": "It holds.",
                "finding": "",
                "reading": "",
                "readings": [],
                "editor_reason": "",
            }
        ]
    )
    data = Dataset(Path("unused"))
    for author, kind, person, kind_type in (
        ("Unsigned", "news", {"@type": "Organization", "name": "Outlet"}, "NewsArticle"),
        ("", "analysis", {"@type": "Organization", "name": "Outlet"}, "AnalysisNewsArticle"),
        ("Zaman Bajwa", "opinion", {"@type": "Person", "name": "Zaman Bajwa"}, "OpinionNewsArticle"),
    ):
        art = _article(author, kind)
        review = claimreview.claim_reviews(assessed, art, data)["@graph"][0]
        assert review["itemReviewed"]["author"] == person
        assert review["itemReviewed"]["appearance"]["@type"] == kind_type
    assert _article("Unsigned", "news").credit() == "unsigned, Outlet, 26 July 2024"


def test_the_claims_section_loads_every_table_a_check_argument_names():
    """A check whose table the section does not load would find nothing and say 'not on record'."""
    from cicasco.claims.checks.base import ID_ARGUMENTS
    from cicasco.pipeline import outline

    named = {table for tables in ID_ARGUMENTS.values() for table, _ in tables}
    for section in outline.sections():
        if section.article and section.only_for_subject:  # the section that decides the claims
            assert named <= set(section.tables), sorted(named - set(section.tables))
