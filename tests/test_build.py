"""Integration: real reports built into temporary folders, checked as a reader and a CI would."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from cicasco import build, paths
from cicasco.errors import BuildError, DataError, ParameterError

from .conftest import edit_row

pytestmark = pytest.mark.integration


def make(tmp: Path, country: str, **kw) -> build.Result:
    return build.build(build.Options(country=country, out_root=tmp / "out", cache_dir=tmp / "cache", **kw))


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
    assert "<script" not in page and "<link" not in page
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
        "3 Sources",
        "Figure 1. Chair terms per state",
        "Figure 2. Chair terms of SCO and CICA",
        "Source: data/chairmanships.csv",
    ):
        assert s in text, s
    assert "left out of this report on China" in text
    assert re.search(r"China has chaired the SCO 4 times", text)
    assert "1 / " in text  # page numbers


def test_unchanged_rebuild_executes_nothing(china):
    tmp, _ = china
    r = make(tmp, "CHN")
    assert r.up_to_date and r.executed == []
    # the same report asked for by name: a new set of inputs, but every notebook comes from the cache
    r = make(tmp, "China")
    assert not r.up_to_date and r.executed == [] and len(r.cached) == 2


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
    for s in (
        "1 The article’s assertions",
        "2 Chairmanships",
        "3 Initiatives",
        "Figure 1. Computed verdicts",
        "Kazakhstan has chaired the SCO 4 times",
        "1 inaccurate",
    ):
        assert s in text.replace("'", "’"), s
    assert (out / "claims.jsonld").exists()


def test_a_member_that_never_chaired_gets_text_not_empty_charts(tmp_path):
    r = make(tmp_path, "Belarus", organisations="SCO")
    text = pdf_text(r.report_dir / "report.pdf")
    assert "Belarus has not chaired the SCO in the period" in text
    assert "Belarus held no chair term in the period" in text


def test_failed_build_keeps_the_last_good_report_and_names_the_cell(china, tmp_path, monkeypatch):
    tmp, _ = china
    before = (tmp / "out/report/china/report.html").read_bytes()
    nbdir = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOK_DIR, nbdir)
    nb = nbformat.read(nbdir / "02_chairmanships.ipynb", as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell("raise RuntimeError('planted failure')"))
    nbformat.write(nb, nbdir / "02_chairmanships.ipynb")
    monkeypatch.setattr(paths, "NOTEBOOK_DIR", nbdir)
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
    with pytest.raises(BuildError, match="cannot be written"):
        build.build(build.Options(country="China", out_root=blocker / "sub", cache_dir=tmp_path / "c"))


def test_cli_errors_exit_1_with_the_message():
    r = subprocess.run(
        [sys.executable, "-m", "cicasco.cli", "build", "--country", "Atlantis"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1
    assert (
        r.stderr.startswith("error: parameter country: 'Atlantis' is not a member state")
        and "Traceback" not in r.stderr
    )
    r = subprocess.run(
        [sys.executable, "-m", "cicasco.cli", "build", "--help"], capture_output=True, text=True
    )
    assert r.returncode == 0 and "--as-of" in r.stdout and "2023-12-12" in r.stdout


def test_warm_kernels_give_the_same_bytes(china, tmp_path):
    """The CLI hands notebooks to pre-started kernels; the report must not depend on that."""
    from cicasco.kernels import KernelPool

    tmp, _ = china
    pool = KernelPool(2)
    try:
        r = build.build(
            build.Options(
                country="CHN", out_root=tmp_path / "out", cache_dir=tmp_path / "cache", kernels=pool
            )
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
