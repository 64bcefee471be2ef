"""Executed notebooks -> one self-contained HTML page -> PDF.

nbconvert renders each notebook's outputs (inputs hidden) with its `basic` template; the page template
adds the findings, the contents, the method, corrections, how to cite, and the references. One pass
numbers sections and figures, another the citations, so the HTML and the PDF (Typst, from the page's own
markup, converted element by element in pdf/) agree. Nothing is loaded from the network: images are data URIs and
the stylesheet is inline.
"""

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import nbformat
from bs4 import BeautifulSoup
from markupsafe import Markup
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from . import citations
from .front import Front

__all__ = ["Front", "page", "warm_up", "write_pdf"]


class DropStderr(Preprocessor):
    """Warnings and logs go to the build log, never to readers."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
        return cell, resources


@functools.cache  # one per process: its templates are compiled once (warm_up does it ahead)
def _exporter() -> HTMLExporter:
    exp = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )
    exp.register_preprocessor(DropStderr(), enabled=True)
    exp.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={"parameters", "injected-parameters"}), enabled=True
    )
    return exp


@dataclass
class Section:
    id: str
    body: str


def _heading(soup, h, num: str, hid: str) -> None:
    for a in h.find_all("a", class_="anchor-link"):
        a.decompose()
    h["id"] = hid
    span = soup.new_tag("span", attrs={"class": "secnum"})
    span.string = num
    h.insert(0, " ")  # read as "1 The article's assertions", not "1The ..."
    h.insert(0, span)


def number(sections: list[Section]) -> tuple[list[Section], list[dict]]:
    """Number h1 (one per section) and h2 headings and figures across the report; the contents entries."""
    toc: list[dict] = []
    fig_no, out = 0, []
    for s_no, s in enumerate(sections, start=1):
        soup = BeautifulSoup(s.body, "html.parser")
        for el in soup.find_all(id=re.compile(r"^cell-id=")):
            del el["id"]  # nbconvert's cell ids: not links anyone follows, and not unique across notebooks
        sub = 0
        for h in soup.find_all(["h1", "h2"]):
            text = h.get_text(" ", strip=True)
            if h.name == "h1":
                num, hid = f"{s_no}", f"sec-{s_no}"
                toc.append({"num": num, "id": hid, "text": text, "children": []})
            else:
                sub += 1
                num, hid = f"{s_no}.{sub}", f"sec-{s_no}-{sub}"
                toc[-1]["children"].append({"num": num, "id": hid, "text": text})
            _heading(soup, h, num, hid)
        for label in soup.select("figure.report-figure .fig-label"):
            fig_no += 1
            label.string = f"Figure {fig_no}."
            label.find_parent("figure")["id"] = f"fig-{fig_no}"
        out.append(Section(s.id, str(soup)))
    return out, toc


def _asset(name: str) -> str:
    return resources.files("cicasco.report.assets").joinpath(name).read_text(encoding="utf-8")


def page(notebooks: list[tuple[str, nbformat.NotebookNode]], front: Front, reviews: dict | None) -> str:
    """The whole report as one HTML page."""
    exporter = _exporter()
    sections, toc = number(
        [Section(f"part-{name}", exporter.from_notebook_node(nb)[0]) for name, nb in notebooks]
    )
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    jsonld = ""
    if reviews is not None:
        from ..claims.claimreview import dumps

        # Data text inside a <script>: '<', '>' and '&' as JSON escapes, so no title can open a comment,
        # close the script or start a tag there (OWASP's rule for JSON in HTML).
        jsonld = Markup(json_in_html(dumps(reviews)))
    html = env.from_string(_asset("report.html.j2")).render(
        f=front,
        toc=toc,
        sections=[Markup(s.body) for s in sections],
        css=Markup(_asset("report.css")),
        jsonld=jsonld,
        n_sections=len(sections),
    )
    html, _ = citations.number(html, front.sources)
    return html


def json_in_html(text: str) -> str:
    """JSON made safe to embed in an HTML <script>: the characters HTML reads there, escaped as JSON
    allows (the parsed value is unchanged)."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def warm_up() -> None:
    """Load Typst's fonts and nbconvert's templates ahead of use (the build calls this in a thread while
    the notebooks run, so the work overlaps the kernels')."""
    from . import pdf

    pdf.warm_up()
    _exporter()


def write_pdf(html: str, path: Path, front: Front | None = None) -> None:
    """Print the page to a tagged PDF/UA-1 file with Typst, converted from the page itself (pdf/), so
    the PDF says what the page says. Nothing is fetched: every image is already in the page."""
    from . import pdf

    pdf.write_pdf(html, path)
