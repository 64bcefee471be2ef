"""Any article: a third article added as data only (a text, a row, a claims file, in a copy of data/)
is checked at its own date, builds its own report without touching the others, and is listed in the
index across articles with the claims it shares with the others."""

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cicasco.data import load, paths
from cicasco.pipeline import cli, outline
from cicasco.report import index_page

from .conftest import article_rows, claim_rows, read_rows, tally
from .fixtures import growth

DEFAULT = outline.default("article")
ARTICLE = "steppe-2024-kazakhstan-passes-the-sco-baton"
TITLE = "Kazakhstan passes the SCO baton"
# A fixture, not shipped: sentences of the two real articles under a new title and date.
TEXT = """Kazakhstan passes the SCO baton

Kazakhstan hosted the summit, with President Kassym-Jomart Tokayev presiding over the event. Kazakhstan has advanced the goals of the SCO by assuming leadership four times since its founding in 2001. The SCO, initially established in 2001 with five member states, has seen significant growth over the years.
"""
CLAIMS = [
    {
        "claim_id": "c01",
        "quote": "Kazakhstan hosted the summit",
        "claim": "Kazakhstan hosted the summit as SCO chair",
        "kind": "role",
        "check": "chair_on_date",
        "check_args": '{"organisations": ["SCO"], "iso3": "KAZ", "date": "2024-07-03"}',
        "verdict": "accurate",
        "finding": "Kazakhstan chaired the SCO from 4 July 2023 to the Astana summit of 3-4 July 2024.",
        "source_ids": "sco-astanatimes-2024-summit",
    },
    {
        "claim_id": "c02",
        "quote": "with President Kassym-Jomart Tokayev presiding over the event",
        "claim": "President Tokayev chaired the Astana summit",
        "kind": "role",
        "check": "event_recorded",
        "check_args": '{"event_id": "sco-hos-2024-astana-tokayev-chairs", "country_iso3": "KAZ"}',
        "verdict": "accurate",
        "finding": "Tokayev chaired the SCO Council of Heads of State in Astana on 4 July 2024.",
        "source_ids": "ini-kremlin-sco-chs-2024",
    },
    {
        "claim_id": "c03",
        "quote": "assuming leadership four times",
        "claim": "Kazakhstan has chaired the SCO four times",
        "kind": "count",
        "check": "term_count",
        "check_args": '{"organisation": "SCO", "iso3": "KAZ", "expected": 4}',
        "verdict": "accurate",
        "finding": "Kazakhstan chaired the SCO in 2004-05, 2010-11, 2016-17 and 2023-24.",
        "source_ids": "sco-eastday-2006-chronology",
    },
    {
        "claim_id": "c04",
        "quote": "initially established in 2001 with five member states",
        "claim": "The SCO was founded with five member states",
        "kind": "count",
        "check": "quantity",
        "check_args": '{"fact_id": "sco-founding-member-states-2001", "claimed": 5, "tolerance": 0}',
        "verdict": "inaccurate",
        "finding": "The SCO had six founding members; five was the Shanghai Five of 1996.",
        "source_ids": "clm-astanatimes-2024-sco-explainer",
    },
]
EXPECTED_COUNTS = {"accurate": 3, "partly accurate": 0, "inaccurate": 1, "unverifiable": 0, "opinion": 0}


def add_article(data: Path) -> None:
    """The recipe of README "Check a new article", followed in a copy of data/."""
    columns = list(read_rows(data / "claims.csv")[0])
    claims = [
        dict(c, paragraph="1", organisation="SCO", verdict_latest=c["verdict"], note="") for c in CLAIMS
    ]
    growth.add_article(
        data,
        ARTICLE,
        {
            "title": TITLE,
            "author": "Staff writer",
            "outlet": "Steppe Review",
            "date_published": "2024-09-15",
            "url": "https://example.org/2024/09/15/kazakhstan-passes-the-sco-baton",
            "subject_iso3": "KAZ",
            "note": "Test fixture.",
            "source_ids": "a2-eurasiaro-2024-sco-summit",
        },
        TEXT,
        [{c: r.get(c, "") for c in columns} for r in claims],
    )


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """A copy of data/ as it is now: what the third article is added to, and compared with."""
    data = tmp_path_factory.mktemp("shipped") / "data"
    shutil.copytree(paths.DATA_DIR, data)
    return data


@pytest.fixture(scope="module")
def third(shipped, tmp_path_factory) -> Path:
    """A copy of data/ with the third article added."""
    data = tmp_path_factory.mktemp("third") / "data"
    shutil.copytree(shipped, data)
    add_article(data)
    return data


def test_check_passes_for_the_third_article_at_its_own_date(third, capsys):
    assert cli.main(["check", "--data-dir", str(third)]) == 0
    out = capsys.readouterr().out
    assert re.search(
        rf"{ARTICLE}: 4 claims in \S*claims-{ARTICLE}.csv checked as of 2024-09-15; 0 verdict\(s\) differ",
        out,
    )
    # every other article is still checked in full, each at its own date
    for a in article_rows(third):
        n = len(claim_rows(third, a["article_id"]))
        line = (
            f"{a['article_id']}: {n} claims in \\S*{re.escape(a['claims_file'])} "
            f"checked as of {a['date_published']}; 0 verdict\\(s\\) differ"
        )
        assert re.search(line, out), line
    assert len(re.findall(r" claims in ", out)) == len(article_rows(third))


def test_index_lists_every_article_with_its_counts_and_report(shipped, third):
    entries, _ = index_page.contents(load.load(third))
    rows = article_rows(third)
    assert len(rows) == len(article_rows(shipped)) + 1  # the shipped articles and this one
    # every article, newest first by publication date (one day's articles in the file's order)
    rows = sorted(rows, key=lambda r: r["date_published"], reverse=True)
    assert [e.title for e in entries] == [r["title"] for r in rows]
    for entry, row in zip(entries, rows, strict=True):  # each with its own register's verdicts
        claims = claim_rows(third, row["article_id"])
        assert entry.n_claims == len(claims) and entry.counts == tally(claims), row["article_id"]
    e = next(e for e in entries if e.title == TITLE)
    assert e.counts == EXPECTED_COUNTS and e.n_claims == 4
    assert (e.published, e.as_of, e.outlet) == ("15 September 2024", "15 September 2024", "Steppe Review")
    assert e.link == f"{ARTICLE}/kazakhstan/report.html"
    default = next(e for e, r in zip(entries, rows, strict=True) if r["article_id"] == DEFAULT)
    assert default.link == "kazakhstan/report.html"  # the default article's report keeps its place
    assert not any(e.built for e in entries)  # no output folder given: nothing is linked


def _recurring(data) -> dict[str, list[tuple[str, str, str]]]:
    """The index's recurring claims: for each group, what it is about and its (article, claim, verdict)."""
    _, groups = index_page.contents(data)
    return {g.about: [(c.article, c.claim, c.verdict) for c in g.claims] for g in groups}


def _within(needles: list, hay: list) -> bool:
    """`needles` appear in `hay` in this order (other items may come between them)."""
    it = iter(hay)
    return all(any(x == n for x in it) for n in needles)


STEPPE = "Steppe Review, 15 September 2024"


def test_recurring_claims_are_those_stating_the_same_facts(shipped, third):
    by_about = _recurring(load.load(third))
    assert all(len({a for a, _, _ in claims}) > 1 for claims in by_about.values())
    # the third article's claims join the groups of the shipped claims resting on the same records:
    # the chair term, Tokayev chairing the summit, all of Kazakhstan's SCO terms, the founding members
    mine = {about: [c for c in claims if c[0] == STEPPE] for about, claims in by_about.items()}
    mine = {about: claims for about, claims in mine.items() if claims}
    assert sorted(c for claims in mine.values() for c in claims) == [
        (STEPPE, f"Claim 0{i}", c["verdict"]) for i, c in enumerate(CLAIMS, 1)
    ]
    assert all(len(claims) == 1 for claims in mine.values())  # four claims, four different facts
    term = "Kazakhstan's chairmanship of the SCO, 4 July 2023 to 4 July 2024"
    assert _within(  # newest article first; within one, in its register's order
        [
            (STEPPE, "Claim 01", "accurate"),
            ("eurasia.ro, 26 July 2024", "Claim 04", "accurate"),
            ("The Nation, 12 December 2023", "Claim 08", "accurate"),  # both chairs that day: this one too
            ("The Nation, 12 December 2023", "Claim 26", "accurate"),
            ("The Nation, 12 December 2023", "Claim 29", "accurate"),
        ],
        by_about[term],
    )
    founding = [k for k in by_about if "founding member states of the sco" in k.lower()]
    assert len(founding) == 1 and _within(
        [(STEPPE, "Claim 04", "inaccurate"), ("eurasia.ro, 26 July 2024", "Claim 15", "inaccurate")],
        by_about[founding[0]],
    )
    # and change nothing else: without its claims, the groups are those of the data as shipped
    others = {about: [c for c in claims if c[0] != STEPPE] for about, claims in by_about.items()}
    others = {about: claims for about, claims in others.items() if len({a for a, _, _ in claims}) > 1}
    assert others == _recurring(load.load(shipped))


def test_a_named_initiative_belongs_to_the_article_whose_claims_name_it(third):
    """What an article names is read from its own claims file: no list is tied to the first article."""
    from cicasco.claims.article import read_article
    from cicasco.report import frames, narrative

    data = load.load(third)
    names = narrative.country_names(data.members)
    named = {
        a: frames.initiatives(data.initiatives, names, data, read_article(data, a))["Named in the article"]
        for a in data.articles["article_id"]
    }
    assert (named["nation-2023-kazakhstan-in-cica-and-sco"] != "").sum() >= 5
    assert (named[ARTICLE] == "").all()  # its claims name no initiative
    for a in data.articles["article_id"]:  # each article names what its own claims file names
        links: dict[str, list[str]] = {}
        for c in claim_rows(third, a):
            args = json.loads(c["check_args"] or "{}")
            if "initiative_id" in args:
                links.setdefault(args["initiative_id"], []).append(f"Claim {c['claim_id'].lstrip('c')}")
        expected = [", ".join(links.get(i, [])) for i in data.initiatives["initiative_id"]]
        assert named[a].tolist() == expected, a


def test_index_page_is_plain_accessible_self_contained_and_byte_stable(third, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert cli.main(["index", "--data-dir", str(third), "--out", str(out), "--cache-dir", str(cache)]) == 0
    target = out / "report" / "index.html"
    first = target.read_bytes()
    path, written = index_page.write(out, third, cache_dir=cache)  # same inputs: nothing to do
    assert path == target and not written
    path, written = index_page.write(out, third, cache_dir=cache, force=True)
    assert written and target.read_bytes() == first
    assert sorted(p.name for p in target.parent.iterdir()) == ["index.html"]  # no temporary file left

    page = first.decode()
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "en" and soup.title.string
    n = len(article_rows(third))  # the shipped articles and this one
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith(f"{n} articles")
    assert soup.find("header") and soup.find("main") and soup.find("footer")
    assert [h.name for h in soup.find_all(["h1", "h2"])] == ["h1", "h2", "h2"]
    for box in soup.select(".table-scroll"):  # a wide table scrolls in its own box on a phone
        assert box.find("table") and box.get("tabindex") == "0" and box.get("aria-labelledby")
    assert "<script" not in page and "<img" not in page
    # the only link is the blank icon, inline (no request for /favicon.ico)
    assert re.findall(r"<link[^>]*>", page) == ['<link rel="icon" href="data:,">']
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "nothing loaded or linked off the page"
    assert "listed newest first, by the day each was published" in page
    # a fresh output folder holds no report: no title links to one, and each says so
    assert not soup.select("#articles a") and not soup.select("#recurring a")
    row = next(tr for tr in soup.select("#articles tbody tr") if tr.th.get_text().startswith(TITLE))
    assert row.th.get_text(" ", strip=True) == (
        f"{TITLE} Steppe Review, 15 September 2024 Fact-check not yet published here"
    )
    assert len(soup.find_all(string="Fact-check not yet published here")) == n
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells == ["15 September 2024"] + [str(n) for n in (4, *EXPECTED_COUNTS.values())]
    # plain words: no file, column, id or code a reader would stumble on
    text = soup.body.get_text(" ")
    for word in (".csv", "_id", "iso3", ARTICLE, "KAZ", "None", "nan", "True", "False"):
        assert word not in text, word
    assert not re.search(r"\bc\d\d\b", text)


def _links(page: str) -> list[str]:
    soup = BeautifulSoup(page, "html.parser")
    return [a["href"] for a in soup.select("main a")]


def test_index_links_only_to_the_reports_built(third, tmp_path):
    """A title links to its report, and a recurring claim to its card, only where that report is in
    the output folder; the page is rewritten when a report appears or goes, with no --force."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    target = out / "report" / "index.html"
    index_page.write(out, third, cache_dir=cache)
    assert _links(target.read_text(encoding="utf-8")) == []
    report = out / "report" / ARTICLE / "kazakhstan" / "report.html"
    report.parent.mkdir(parents=True)
    report.write_text("<!DOCTYPE html><title>built</title>", encoding="utf-8")
    staged = out / "report" / ".staging-kazakhstan.x" / "report.html"  # an unfinished build is no report
    staged.parent.mkdir(parents=True)
    staged.write_text("", encoding="utf-8")
    _, written = index_page.write(out, third, cache_dir=cache)
    assert written
    page = target.read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    linked = [a.get_text() for a in soup.select("#articles a")]
    assert linked == [TITLE]
    assert len(soup.find_all(string="Fact-check not yet published here")) == len(article_rows(third)) - 1
    cards = [h for h in _links(page) if "#" in h]
    assert sorted(cards) == sorted(f"{ARTICLE}/kazakhstan/report.html#c0{i}" for i in (1, 2, 3, 4))
    for href in _links(page):  # every link resolves
        assert (out / "report" / href.split("#")[0]).is_file(), href
    assert index_page.write(out, third, cache_dir=cache) == (target, False)  # nothing new: not rewritten
    report.unlink()
    assert index_page.write(out, third, cache_dir=cache) == (target, True)
    assert _links(target.read_text(encoding="utf-8")) == []


def test_a_bad_as_of_is_a_parameter_error(third, tmp_path, capsys):
    argv = ["index", "--data-dir", str(third), "--out", str(tmp_path), "--as-of", "2024-13-01"]
    assert cli.main(argv) == 1
    assert "parameter as_of: '2024-13-01' is not a date" in capsys.readouterr().err


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.integration
def test_third_article_builds_at_its_own_date_and_leaves_other_reports_alone(third, tmp_path, capsys):
    out, cache = tmp_path / "out", tmp_path / "cache"
    common = ["--data-dir", str(third), "--out", str(out), "--cache-dir", str(cache)]
    assert cli.main(["build", *common]) == 0
    before = _digests(out)
    assert "report/kazakhstan/report.html" in before and "report/index.html" in before

    assert cli.main(["build", "--article", ARTICLE, *common]) == 0
    after = _digests(out)
    index = before.pop("report/index.html")  # the index gains the link to the new report, and no more
    assert after["report/index.html"] != index
    assert {k: after.get(k) for k in before} == before, "another article's build changed these bytes"

    report = out / "report" / ARTICLE / "kazakhstan"
    page = (report / "report.html").read_text(encoding="utf-8")
    assert "Claims assessed as of 15 September 2024 (the article's publication date)" in page
    assert TITLE in page and 'id="c04"' in page
    assert '"datePublished": "2024-09-15"' in (report / "claims.jsonld").read_text(encoding="utf-8")
    # the index links to the reports built, and to the claims' cards in them; to nothing else
    index = (out / "report" / "index.html").read_text(encoding="utf-8")
    hrefs = {h.split("#")[0] for h in _links(index)}
    assert hrefs == {"kazakhstan/report.html", f"{ARTICLE}/kazakhstan/report.html"}
    assert all((out / "report" / h).is_file() for h in hrefs)
