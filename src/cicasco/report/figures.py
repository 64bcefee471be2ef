"""Save charts as SVG with stable bytes, and show them as captioned, sourced figures. (The build adds
a PNG of each, drawn from this SVG: png.py.)

Numbering is done once for the whole report when the page is put together (figures are numbered across
notebooks), so a notebook shows the label "Figure" and the page writes "Figure N.".
"""

import base64
import io
from pathlib import Path

import matplotlib.pyplot as plt
from IPython.display import HTML
from markupsafe import escape


class FigureBook:
    """Collects a notebook's figures: writes files to `out_dir` and returns HTML to display."""

    def __init__(self, out_dir: str | Path, prefix: str):
        self.out_dir = Path(out_dir)
        self.prefix = prefix
        self.out_dir.mkdir(parents=True, exist_ok=True)

    def show(self, chart: tuple, name: str, caption: str, source: str) -> HTML:
        """`chart` is (figure, alt text) as the chart functions return it; caption and source are plain
        text, escaped here and only here."""
        fig, alt = chart
        svg = _svg_bytes(fig)
        (self.out_dir / f"{self.prefix}-{name}.svg").write_bytes(svg)
        plt.close(fig)
        return HTML(figure_html(svg, f"{self.prefix}-{name}", caption, alt, source))


def _svg_bytes(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def figure_html(svg: bytes, fig_id: str, caption: str, alt: str, source: str) -> str:
    data = base64.b64encode(svg).decode("ascii")
    return (
        f'<figure class="report-figure" id="fig-{escape(fig_id)}">'
        f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}"/>'
        f'<figcaption><span class="fig-label">Figure.</span> {escape(caption)}'
        f'<span class="fig-source">Source: {escape(source)}</span></figcaption></figure>'
    )
