"""Save charts as SVG and PNG with stable bytes, and show them as captioned, sourced figures.

Numbering is done once for the whole report by the build (figures are numbered across notebooks),
so a notebook shows the label "Figure" and the build writes "Figure N.".
"""

import base64
import html
import io
from pathlib import Path

import matplotlib.pyplot as plt
from IPython.display import HTML


class FigureBook:
    """Collects a notebook's figures: writes files to `out_dir` (if given) and returns HTML to display."""

    def __init__(self, out_dir: str | Path | None, prefix: str):
        self.out_dir = Path(out_dir) if out_dir else None
        self.prefix = prefix
        if self.out_dir:
            self.out_dir.mkdir(parents=True, exist_ok=True)

    def show(self, fig, name: str, caption: str, alt: str, source: str) -> HTML:
        svg = _svg_bytes(fig)
        if self.out_dir:
            stem = self.out_dir / f"{self.prefix}-{name}"
            stem.with_suffix(".svg").write_bytes(svg)
            fig.savefig(stem.with_suffix(".png"), format="png", metadata={"Software": None})
        plt.close(fig)
        return HTML(figure_html(svg, f"{self.prefix}-{name}", caption, alt, source))


def _svg_bytes(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def figure_html(svg: bytes, fig_id: str, caption: str, alt: str, source: str) -> str:
    e = html.escape
    data = base64.b64encode(svg).decode("ascii")
    return (
        f'<figure class="report-figure" id="fig-{e(fig_id)}">'
        f'<img src="data:image/svg+xml;base64,{data}" alt="{e(alt)}"/>'
        f'<figcaption><span class="fig-label">Figure.</span> {e(caption)}'
        f'<span class="fig-source">Source: {e(source)}</span></figcaption></figure>'
    )
