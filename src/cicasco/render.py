"""Executed notebooks -> one self-contained HTML page -> PDF.

nbconvert renders each notebook's cells (inputs hidden) with its `basic` template; the package's own page
template adds the title page, contents list and sources; one pass numbers sections and figures, so the
HTML and the PDF (WeasyPrint, from the same HTML) agree. Nothing is loaded from the network: images are
embedded as data URIs and the stylesheet is inline.
"""

import gc
import html as html_mod
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import nbformat
import pandas as pd
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor


class DropStderr(Preprocessor):
    """Warnings and logs go to the build log, not to readers."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
        return cell, resources


def _exporter() -> HTMLExporter:
    exp = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )
    exp.register_preprocessor(DropStderr(), enabled=True)
    # the parameter cells show nothing to readers; the title page lists the parameters
    exp.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={"parameters", "injected-parameters"}), enabled=True
    )
    return exp


def notebook_body(nb: nbformat.NotebookNode) -> str:
    body, _ = _exporter().from_notebook_node(nb)
    return body


@dataclass
class Section:
    id: str
    body: str


def _number(sections: list[Section]) -> tuple[list[Section], str]:
    """Number h1 (one per section) and h2 headings and figures across the report; build the contents."""
    toc = ["<ol>"]
    fig_no = 0
    out = []
    for s_no, s in enumerate(sections, start=1):
        soup = BeautifulSoup(s.body, "html.parser")
        for el in soup.find_all(id=re.compile(r"^cell-id=")):
            el["id"] = f"{s.id}-{el['id'].removeprefix('cell-id=')}"  # unique across notebooks
        sub = 0
        open_sub = False
        for h in soup.find_all(["h1", "h2"]):
            for a in h.find_all("a", class_="anchor-link"):
                a.decompose()
            text = h.get_text(" ", strip=True)
            if h.name == "h1":
                num, hid = f"{s_no}", f"sec-{s_no}"
                if open_sub:
                    toc.append("</ol>")
                    open_sub = False
                toc.append(
                    f'</li><li><a href="#{hid}">{num} {html_mod.escape(text)}</a>'
                    if len(toc) > 1
                    else f'<li><a href="#{hid}">{num} {html_mod.escape(text)}</a>'
                )
            else:
                sub += 1
                num, hid = f"{s_no}.{sub}", f"sec-{s_no}-{sub}"
                if not open_sub:
                    toc.append("<ol>")
                    open_sub = True
                toc.append(f'<li><a href="#{hid}">{num} {html_mod.escape(text)}</a></li>')
            h["id"] = hid
            span = soup.new_tag("span", attrs={"class": "secnum"})
            span.string = num
            h.insert(0, span)
        for label in soup.select("figure.report-figure .fig-label"):
            fig_no += 1
            label.string = f"Figure {fig_no}."
        out.append(Section(s.id, str(soup)))
        if open_sub:
            toc.append("</ol>")
    n = len(sections) + 1
    toc.append(
        f'</li><li><a href="#sources">{n} Sources</a></li></ol>'
        if len(toc) > 1
        else f'<li><a href="#sources">{n} Sources</a></li></ol>'
    )
    return out, "".join(toc)


def assemble(
    notebooks: list[tuple[str, nbformat.NotebookNode]],
    title: str,
    subtitle: str,
    meta: dict[str, str],
    notes: list[str],
    sources: pd.DataFrame,
) -> str:
    """The whole report as one HTML page."""
    sections = [Section(f"part-{name}", notebook_body(nb)) for name, nb in notebooks]
    sections, toc = _number(sections)
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(
        resources.files("cicasco.assets").joinpath("report.html.j2").read_text(encoding="utf-8")
    )
    css = resources.files("cicasco.assets").joinpath("report.css").read_text(encoding="utf-8")
    src = sources.assign(
        date_published=sources["date_published"].dt.strftime("%Y-%m-%d").fillna(""),
        date_accessed=sources["date_accessed"].dt.strftime("%Y-%m-%d"),
    ).sort_values(["publisher", "source_id"], key=lambda s: s.str.casefold())
    return template.render(
        title=title,
        subtitle=subtitle,
        meta=meta,
        notes=notes,
        toc=toc,
        sections=sections,
        css=jinja2.utils.markupsafe.Markup(css),
        sources=src.to_dict("records"),
        sources_number=len(sections) + 1,
    )


def warm_up() -> None:
    """Import WeasyPrint and load nbconvert's templates ahead of use (the build calls this in a thread
    while the notebooks run, so the imports overlap the kernels' work)."""
    import weasyprint  # noqa: F401

    _exporter()


def write_pdf(page: str, path: Path) -> None:
    """Print the HTML page to PDF with WeasyPrint (CSS paged media: page numbers, contents page numbers)."""
    import weasyprint  # imported here: it is slow to import and only the PDF step needs it

    gc.freeze()  # the build's long-lived objects need no scanning while WeasyPrint allocates
    try:
        weasyprint.HTML(string=page, base_url=None).write_pdf(path, uncompressed_pdf=False)
    finally:
        gc.unfreeze()
