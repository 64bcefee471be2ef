"""The PDF engine (Typst, from the page's HTML): hostile text printed as text, the page's structure kept,
accessibility checked as the file is written, stable bytes."""

import base64
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from cicasco.errors import BuildError
from cicasco.report import pdf
from cicasco.report.pdf import markup

HOSTILE = [
    '#set page(width: 1cm) #panic("x")',
    "$x^2$ *bold* _it_ `raw` <lab> @ref [a] ]",
    "\\ \\u{41} \\\\ // comment /* block */ */",
    "= heading",
    "- list + enum / term: 1. item",
    "~ -- --- ... \"q\" 'a' {code} #{1 + 1}",
    '#"closing" ") #strong[x]',
    "<script>alert('x')</script> &amp; &lt;",
]
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'


def page(body: str, title: str = "A title") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>'
        '<meta name="author" content="An author"><meta name="description" content="A subject">'
        '<meta name="keywords" content="one, two"></head>'
        f"<body><h1 class='report-title'>{title}</h1>{body}</body></html>"
    )


def figure(alt: str = "A black rectangle, forty by twenty.") -> str:
    src = "data:image/svg+xml;base64," + base64.b64encode(SVG).decode()
    return (
        f'<figure class="report-figure" id="fig-1"><img alt="{alt}" src="{src}">'
        '<figcaption><span class="fig-label">Figure 1.</span> A caption.</figcaption></figure>'
    )


def text_of(data: bytes, tmp: Path) -> str:
    path = tmp / "out.pdf"
    path.write_bytes(data)
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_string_literal_escapes_what_typst_reads_in_a_string():
    assert markup.string('a"b\\c\nd\x07') == '"a\\"b\\\\c\\u{a}d\\u{7}"'
    assert markup.text("") == "" and markup.text("#x") == '#"#x"'
    assert markup.label("ref-12") == "<ref-12>" and markup.label("a b") is None and markup.label(">") is None


def test_long_runs_may_break_only_where_they_are_long():
    assert markup.breakable("short words stay") == "short words stay"
    long = "A" * 30
    assert markup.breakable(long).replace(markup.ZWSP, "") == long and markup.ZWSP in markup.breakable(long)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_prints_as_itself(hostile, tmp_path):
    from html import escape

    cell = f"<table class='report-table'><thead><tr><th>{escape(hostile)}</th></tr></thead><tbody><tr><td>{escape(hostile)}</td></tr></tbody></table>"
    html = page(
        f"<section class='findings'><h2 id='f'>{escape(hostile)}</h2><p>{escape(hostile)}</p>"
        f"<p class='quote'><em>{escape(hostile)}</em> <a href='#f'>{escape(hostile)}</a></p>"
        f"<ul><li>{escape(hostile)}</li></ul></section>{cell}",
        title=escape(hostile),
    )
    doc = pdf.convert(html)
    text = text_of(pdf.compile_pdf(doc), tmp_path)
    squeezed, want = re.sub(r"\s+", "", text), re.sub(r"\s+", "", hostile)
    assert squeezed.count(want) >= 6, text  # title, running head aside: heading, p, quote, link, item, cells
    assert doc.title == hostile


def test_metadata_bookmarks_fonts_and_alt_text(tmp_path):
    html = page(
        "<nav class='toc'><h2 id='c'>Contents</h2><ol><li><a href='#sec-1'>1 One</a></li></ol></nav>"
        "<main><section class='report-section'><h1 id='sec-1'><span class='secnum'>1</span> One</h1>"
        f"<h2 id='sec-1-1'>1.1 Sub</h2>{figure()}</section></main>"
    )
    path = tmp_path / "r.pdf"
    pdf.write_pdf(html, path)
    r = PdfReader(path)
    meta = r.metadata
    assert (meta.title, meta.author, meta.subject) == ("A title", "An author", "A subject")
    assert meta["/Keywords"] == "one, two" and r.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in r.trailer["/Root"] and "/CreationDate" not in meta
    titles = [x.title for x in r.outline if not isinstance(x, list)]
    assert titles == ["A title", "1 One"]
    raw = path.read_bytes()
    assert b"A black rectangle, forty by twenty." in raw or b"/Alt" in raw
    text = " ".join(p.extract_text() for p in r.pages)
    assert "1 One" in text and "Figure 1. A caption." in text and "1 / 2" in text


def test_a_figure_without_alt_text_stops_the_pdf():
    with pytest.raises(BuildError, match="PDF/UA-1 error: missing alt text"):
        pdf.compile_pdf(pdf.convert(page(figure(alt=""))))


def test_an_image_from_an_address_is_refused():
    html = page('<figure class="report-figure"><img alt="x" src="https://example.org/a.png"></figure>')
    with pytest.raises(BuildError, match="only images embedded in the page"):
        pdf.convert(html)


def test_bytes_are_stable_and_dated_only_by_source_date_epoch(monkeypatch):
    html = page(f"<p>Some text.</p>{figure()}")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a, b = pdf.compile_pdf(pdf.convert(html)), pdf.compile_pdf(pdf.convert(html))
    assert a == b and b"CreationDate" not in a
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    c, d = pdf.compile_pdf(pdf.convert(html)), pdf.compile_pdf(pdf.convert(html))
    assert c == d and b"CreationDate(D:20231114221320" in c


def test_png_and_percent_encoded_svg_figures_are_embedded(tmp_path):
    import io
    from urllib.parse import quote

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 4), "navy").save(buf, format="PNG")
    png = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    svg = "data:image/svg+xml," + quote(SVG.decode())
    figures = "".join(
        f'<figure class="report-figure"><img alt="A plain navy block, number {i}." src="{src}">'
        f"<figcaption>Figure {i}.</figcaption></figure>"
        for i, src in enumerate([png, svg], start=1)
    )
    doc = pdf.convert(page(figures))
    assert sorted(n.rsplit(".", 1)[1] for n in doc.images) == ["png", "svg"]
    assert "Figure 1. Figure 2." in text_of(pdf.compile_pdf(doc), tmp_path)
