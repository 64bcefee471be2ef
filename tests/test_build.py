"""Integration: real reports built into temporary folders, checked as a reader and a CI would."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from cicasco.data import paths
from cicasco.errors import BuildError, DataError, ParameterError
from cicasco.pipeline import build
from cicasco.pipeline.options import Options

from .conftest import chair_terms, claim_rows, edit_row, plant_cell, tally

pytestmark = pytest.mark.integration


ARTICLE = "nation-2023-kazakhstan-in-cica-and-sco"


def make(tmp: Path, country: str, **kw) -> build.Result:
    return build.build(Options(country=country, out_root=tmp / "out", cache_dir=tmp / "cache", **kw))


@pytest.fixture(scope="module")
def china(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("china")
    return tmp, make(tmp, "CHN")


@pytest.fixture(scope="module")
def kazakhstan(tmp_path_factory):
    """The default report, with markup planted in the data to prove it is shown as text."""
    tmp = tmp_path_factory.mktemp("kaz")
    data = tmp / "data"
    shutil.copytree(paths.DATA_DIR, data)
    edit_row(data / "claims.csv", {"claim_id": "c02"}, finding="<script>alert('x')</script> opinion")
    return tmp, make(tmp, "Kazakhstan", data_dir=data)


def pdf_text(path: Path) -> str:
    """The PDF's text with white space folded, as a reader would search it."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_china_report_files(china):
    tmp, r = china
    out = tmp / "out"
    assert r.slug == "china" and sorted(r.executed) == [
        "02_chairmanships.ipynb",
        "03_initiatives.ipynb",
    ]
    assert (out / "report/china/report.html").stat().st_size > 10_000
    assert (out / "report/china/report.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in (out / "report/china/notebooks").iterdir()) == [
        "02_chairmanships.ipynb",
        "03_initiatives.ipynb",
    ]
    assert not (out / "report/china/claims.jsonld").exists()  # the article is about Kazakhstan
    figs = sorted(p.name for p in (out / "figures/china").iterdir())
    stems = {f.rsplit(".", 1)[0] for f in figs}
    assert len(stems) >= 5 and all(f"{s}.svg" in figs and f"{s}.png" in figs for s in stems)


def test_html_is_self_contained_without_code(china):
    tmp, _ = china
    page = (tmp / "out/report/china/report.html").read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//[^"']*\.(js|css)""", page)
    # no code runs, and nothing is fetched: the only link is the blank icon, inline
    assert re.findall(r"<script(?! type=\"application/ld\+json\")", page) == []
    links = re.findall(r"<link[^>]*>", page)
    assert len(links) == 1 and 'rel="icon"' in links[0] and 'href="data:,"' in links[0]
    assert not re.search(r"""<img[^>]+src=["'](?!data:)""", page), "every image is embedded"
    assert "open_report(" not in page and "In&nbsp;[" not in page and "In [" not in page
    alts = re.findall(r'<img[^>]*alt="([^"]*)"', page)
    assert alts and all(len(a) > 40 and "No description" not in a for a in alts)
    assert str(paths.ROOT) not in page and str(tmp) not in page


def test_pdf_has_title_contents_numbered_sections_and_captions(china):
    tmp, _ = china
    text = pdf_text(tmp / "out/report/china/report.pdf")
    for s in (
        "China in the SCO and CICA",
        "Contents",
        "1 Chairmanships",
        "2 Initiatives",
        "3 How this report was made",
        "6 Sources",
        "Figure 1. Chair terms per state",
        "Figure 2. Chair terms of SCO and CICA",
        "Source: chair terms compiled from official and news sources",
    ):
        assert s in text, s
    # a country report names the checked articles that mention the state, and rates none of their claims
    assert "Fact-checks by this project of articles that mention China" in text
    assert "Claims assessed" not in text and "rating scale" not in text
    counted, _ = chair_terms(paths.DATA_DIR, "SCO", "CHN")  # the report runs to the latest data
    assert counted >= 4 and f"China has chaired the SCO {counted} times" in text
    assert "1 / " in text  # page numbers


def test_unchanged_rebuild_executes_nothing(china):
    tmp, _ = china
    r = make(tmp, "CHN")
    assert r.up_to_date and r.executed == []
    # the same report asked for by name: a new set of inputs, but every notebook comes from the cache
    r = make(tmp, "China")
    assert not r.up_to_date and r.executed == [] and len(r.cached) == 2


def test_a_corrected_source_reruns_no_notebook(tmp_path):
    """Citations are numbered on the finished page, so a source's new title changes the page and runs
    nothing; only the date the data ends (the newest source) is a notebook input."""
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    first = make(tmp_path, "China", data_dir=data)
    assert len(first.executed) == 2
    edit_row(data / "sources.csv", {"source_id": "sco-trend-2024-china-chair"}, title="A corrected title")
    r = make(tmp_path, "China", data_dir=data)
    assert not r.up_to_date and r.executed == [] and len(r.cached) == 2
    assert "A corrected title" in (r.report_dir / "report.html").read_text()


def test_clean_builds_are_byte_identical(china, tmp_path):
    tmp, _ = china
    make(tmp_path, "China", force=True)
    a, b = tmp / "out", tmp_path / "out"
    for rel in [
        "report/china/report.html",
        "report/china/notebooks/02_chairmanships.ipynb",
        "report/china/notebooks/03_initiatives.ipynb",
        *[f"figures/china/{p.name}" for p in (a / "figures/china").iterdir()],
    ]:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_executed_notebooks_carry_no_timings_or_paths(china):
    tmp, _ = china
    nb = nbformat.read(tmp / "out/report/china/notebooks/02_chairmanships.ipynb", as_version=4)
    text = nbformat.writes(nb)
    assert "start_time" not in text and "duration" not in text and str(tmp) not in text


def test_kazakhstan_report_with_assertions_and_json_ld(kazakhstan):
    tmp, r = kazakhstan
    out = tmp / "out/report/kazakhstan"
    page = (out / "report.html").read_text()
    assert "&lt;script&gt;alert('x')&lt;/script&gt; opinion" in page
    assert "<script>alert" not in page
    text = pdf_text(out / "report.pdf")
    counted, _ = chair_terms(tmp / "data", "SCO", "KAZ")
    inaccurate = tally([c for c in claim_rows(tmp / "data", ARTICLE) if c["check"]])["inaccurate"]
    for s in (
        "1 The article’s assertions",
        "2 Chairmanships",
        "3 Initiatives",
        "Figure 1. Computed verdicts",
        f"Kazakhstan has chaired the SCO {counted} times",
        f" {inaccurate} inaccurate",
    ):
        assert s in text.replace("'", "’"), s
    assert (out / "claims.jsonld").exists()


def test_a_member_that_never_chaired_gets_text_not_empty_charts(tmp_path):
    # Belarus joined the SCO in 2024 and had held no chair term by the end of 2025; the period ends
    # there, so a later term (a true row added one day) does not change the page
    r = make(tmp_path, "Belarus", organisations="SCO", period_end="2025-12-31")
    text = pdf_text(r.report_dir / "report.pdf")
    assert (
        "Belarus has not chaired the SCO between" in text or "Belarus has not chaired the SCO since" in text
    )
    assert "Belarus held no chair term in the period" in text


def test_failed_build_keeps_the_last_good_report_and_names_the_cell(china, tmp_path, monkeypatch):
    tmp, _ = china
    before = (tmp / "out/report/china/report.html").read_bytes()
    plant_cell(tmp_path, monkeypatch, "02_chairmanships.ipynb", "raise RuntimeError('planted failure')")
    with pytest.raises(BuildError) as e:
        make(tmp, "China", force=True)
    msg = str(e.value)
    assert "02_chairmanships.ipynb: cell" in msg and "RuntimeError: planted failure" in msg
    assert "executed notebook kept for debugging: " in msg
    kept = re.search(r"kept for debugging: (\S+)", msg).group(1)
    assert Path(kept).name == "02_chairmanships.ipynb"
    assert (tmp / "out/report/china/report.html").read_bytes() == before
    assert not list((tmp / "out/report").glob(".staging-*"))


def test_corrupt_notebook_is_named(china, tmp_path, monkeypatch):
    tmp, _ = china
    nbdir = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOK_DIR, nbdir)
    (nbdir / "03_initiatives.ipynb").write_text("{ not json")
    monkeypatch.setattr(paths, "NOTEBOOK_DIR", nbdir)
    with pytest.raises(BuildError, match=r"03_initiatives.ipynb: not a readable notebook"):
        make(tmp, "China", force=True)


def test_bad_data_and_bad_parameters_stop_before_anything_is_written(china, data_copy):
    tmp, _ = china
    before = (tmp / "out/report/china/report.pdf").read_bytes()
    edit_row(
        data_copy / "chairmanships.csv",
        {"organisation": "SCO", "term_start": "2023-07-04"},
        term_start="2023-07-32",
    )
    with pytest.raises(DataError, match=r"chairmanships.csv:\d+: term_start: '2023-07-32' is not a date"):
        make(tmp, "China", data_dir=data_copy)
    with pytest.raises(ParameterError, match="parameter country: 'Narnia' is not a member state"):
        make(tmp, "Narnia")
    assert (tmp / "out/report/china/report.pdf").read_bytes() == before


def test_output_folder_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(BuildError, match=r"could not write the report for China: Not a directory"):
        build.build(Options(country="China", out_root=blocker / "sub", cache_dir=tmp_path / "c"))


def test_cli_errors_exit_1_with_the_message():
    r = subprocess.run(
        [sys.executable, "-m", "cicasco.pipeline.cli", "build", "--country", "Atlantis"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1
    assert (
        r.stderr.startswith("error: parameter country: 'Atlantis' is not a member state")
        and "Traceback" not in r.stderr
    )
    r = subprocess.run(
        [sys.executable, "-m", "cicasco.pipeline.cli", "build", "--help"], capture_output=True, text=True
    )
    assert r.returncode == 0 and "--as-of" in r.stdout and "None: the article's publication date" in r.stdout


def test_warm_kernels_give_the_same_bytes(china, tmp_path):
    """The CLI hands notebooks to pre-started kernels; the report must not depend on that."""
    from cicasco.pipeline.kernels import KernelPool

    tmp, _ = china
    pool = KernelPool(2)
    try:
        r = build.build(
            Options(country="CHN", out_root=tmp_path / "out", cache_dir=tmp_path / "cache", kernels=pool)
        )
    finally:
        pool.shutdown()
    assert sorted(r.executed) == ["02_chairmanships.ipynb", "03_initiatives.ipynb"]
    for rel in [
        "report/china/report.html",
        "report/china/report.pdf",
        "report/china/notebooks/03_initiatives.ipynb",
    ]:
        assert (tmp / "out" / rel).read_bytes() == (tmp_path / "out" / rel).read_bytes(), rel


def _visible_text(page: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    for el in soup(["script", "style", "head"]):
        el.decompose()
    return " ".join(soup.get_text(" ").split())


MACHINERY = {
    "a file name": r"\b[\w-]+\.(csv|ipynb|py|txt)\b|\bdata/",
    "a column name": r"\b(proposer_iso3|status_as_of|source_ids|check_args|term_start)\b",
    "a source id": r"\b(sco|cica|ini|clm|rv|rvi|a2)-[a-z0-9]+(-[a-z0-9]+){2,}\b",
    "a Python value": r"(^|\s)(True|False|None|NaN|NaT)(\s|[.,;]|$)",
    "an ISO3 code in prose": r"\b(KAZ|CHN|RUS|TUR|KGZ|UZB|TJK|IND|PAK|IRN|AZE)\b",
    "process jargon": r"machine-checkable|Computed:|highlighted if present",
    "a placeholder title": r"\[(title not shown|untitled)",
}


@pytest.mark.parametrize("which", ["china", "kazakhstan"])
def test_pages_speak_plain_words(which, request):
    tmp, r = request.getfixturevalue(which)
    page = (r.report_dir / "report.html").read_text()
    for text in (_visible_text(page), pdf_text(r.report_dir / "report.pdf")):
        # a source's address is shown as it is; in the PDF a long one wraps, so its continuation
        # pieces (no spaces, but slashes or hyphens, up to the "(read …)" date) go with it
        text = re.sub(r"https?://\S*(?:\s+(?!\(read)[^\s(]*[/_-][^\s(]*)*", "", text)
        for what, pattern in MACHINERY.items():
            m = re.search(pattern, text)
            assert not m, f"a reader sees {what}: {m.group(0)!r}"
    # one name per country (Türkiye), except in a source's title, which is quoted as published, and in
    # its address, which is shown as it is
    untitled = re.sub(r'<cite class="title">.*?</cite>', "", page, flags=re.S)
    assert "Turkey" not in re.sub(r"https?://\S*", "", _visible_text(untitled))


def test_claim_review_in_the_page_has_googles_fields(kazakhstan):
    import json

    tmp, r = kazakhstan
    page = (r.report_dir / "report.html").read_text()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    doc = json.loads(blocks[0])
    # the separate file is the same reviews, without the anchors that resolve only inside the page (the
    # build was given no address to make them absolute)
    alone = json.loads((r.report_dir / "claims.jsonld").read_text())
    in_page = [
        {k: v for k, v in x.items() if k not in ("url", "@id")}
        | {"author": {"@type": "Organization", "name": x["author"]["name"]}}
        for x in doc["@graph"]
    ]
    assert in_page == alone["@graph"]
    graph = doc["@graph"]
    assert len(graph) == len([c for c in claim_rows(tmp / "data", ARTICLE) if c["check"]])
    for review in graph:
        for field in ("url", "claimReviewed", "author", "datePublished", "reviewRating", "itemReviewed"):
            assert review[field], field
        assert review["url"] == f"#{review['url'].lstrip('#')}" and review["author"]["url"]
        rating = review["reviewRating"]
        if rating["alternateName"] == "unverifiable":
            assert "ratingValue" not in rating
        else:
            assert (
                rating["ratingValue"] in (1, 2, 3)
                and rating["bestRating"] == 3
                and rating["worstRating"] == 1
            )
        assert review["itemReviewed"]["appearance"]["url"].startswith("https://")
    c31 = next(x for x in graph if x["url"] == "#c31")
    assert (
        "accurate on the count the data uses (4); inaccurate counting the disputed 2002–03 term"
        in c31["reviewBody"]
    )


def test_findings_come_first_and_every_citation_resolves(kazakhstan):
    tmp, r = kazakhstan
    page = (r.report_dir / "report.html").read_text()
    text = _visible_text(page)
    assert text.index("Findings") < text.index("Contents") < text.index("1 The article")
    # the verdicts the article's claims file expects as of its date (`cicasco check` holds the computed
    # ones to them), and the terms chairmanships.csv holds
    checkable = [c for c in claim_rows(tmp / "data", ARTICLE) if c["check"]]
    t = tally(checkable)
    assert (
        f"{t['accurate']} of the {len(checkable)} are accurate, {t['partly accurate']} partly accurate, "
        f"{t['inaccurate']} inaccurate and {t['unverifiable']} could not be verified"
    ) in text
    counted, all_terms = chair_terms(tmp / "data", "SCO", "KAZ")
    disputed = f"{all_terms - counted} disputed term" + ("" if all_terms - counted == 1 else "s")
    assert counted >= 4 and all_terms > counted
    assert f"Kazakhstan has chaired the SCO {counted} times ({all_terms} counting {disputed})" in text
    cited = set(re.findall(r'href="#ref-(\d+)"', page))
    listed = set(re.findall(r'<li id="ref-(\d+)"', page))
    assert cited == listed and len(listed) >= 40
    for anchor in set(re.findall(r'href="#([\w-]+)"', page)):
        assert f'id="{anchor}"' in page, f"dead link #{anchor}"


def test_source_list_takes_at_most_a_quarter_of_the_pdf(kazakhstan):
    tmp, r = kazakhstan
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(r.report_dir / "report.pdf").pages]
    first = next(i for i, t in enumerate(pages) if "Sources The sources cited in this report" in t)
    assert (len(pages) - first) <= len(pages) / 4, f"sources take {len(pages) - first} of {len(pages)} pages"


def test_charts_agree_with_the_text(kazakhstan):
    tmp, r = kazakhstan
    text = _visible_text((r.report_dir / "report.html").read_text())
    n = int(re.search(r"The register holds (\d+) initiatives", text).group(1))
    assert f"All {n} initiatives by domain and organisation" in text
    shown, total = map(
        int, re.search(r"launch year where the proposal year is unknown\): (\d+) of (\d+)", text).groups()
    )
    assert total == n and (shown == n or f"{n - shown} with no known year are not shown" in text)


def test_the_pdf_says_what_the_page_says(kazakhstan):
    """One source of content: every heading (in the page's order), claim card, verdict, figure caption
    and source entry of the HTML is in the PDF's text (compared without white space, which the PDF
    spends on line breaks)."""
    from bs4 import BeautifulSoup

    tmp, r = kazakhstan
    soup = BeautifulSoup((r.report_dir / "report.html").read_text(), "html.parser")
    # right-to-left words (a Persian title) are extracted in the order they are drawn, not read: left out
    rtl = r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
    text = re.sub(rf"\s+|{rtl}", "", pdf_text(r.report_dir / "report.pdf"))

    def squeezed(el) -> str:
        return re.sub(rf"\s+|{rtl}", "", el.get_text(" "))

    at = 0
    for h in soup.body.find_all(["h1", "h2", "h3"]):
        found = text.find(squeezed(h), at)
        assert found >= 0, f"heading {h.get_text(' ', strip=True)!r} missing or out of order"
        at = found
    claims = soup.select("article.claim")
    assert len(claims) == len(claim_rows(tmp / "data", ARTICLE))
    parts = [
        *claims,
        *soup.select(".claim-box, .verdict, figcaption, ol.references > li, table.report-table td"),
    ]
    for el in parts:
        assert squeezed(el) in text, f"{el.name}.{'.'.join(el.get('class', []))}: {el.get_text(' ')[:80]!r}"
    for li in soup.select("ol.references > li"):  # each source under its own number
        assert f"{li['id'].removeprefix('ref-')}.{squeezed(li)}" in text
