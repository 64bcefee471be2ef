"""PNG copies of the charts, for use outside the report: each is the chart's SVG, the one the page and
the PDF show, rasterised by Typst, so the three look the same. Typst draws a chart about eight times
faster than matplotlib's PNG writer drew it again from the figure (`make bench`: 0.09 s against 0.7 s
for one report's seven charts), and a batch draws 29 reports' charts.
"""

from pathlib import Path

from ..errors import BuildError

PPI = 200  # pixels per inch: 840 px across for a chart of the report's width (style.WIDTH_IN)
_PAGE = '#set page(width: auto, height: auto, margin: 0pt, fill: white)\n#image("chart.svg")\n'


def render(svg: bytes) -> bytes:
    """The PNG of an SVG chart at its own size, on white."""
    import tempfile

    import typst

    from .pdf import compiler

    with tempfile.TemporaryDirectory(prefix="cicasco-png-") as root:
        Path(root, "chart.svg").write_bytes(svg)
        try:
            with compiler() as typeset:  # one per process, shared with the PDF
                return typeset.compile(input=_PAGE.encode(), format="png", ppi=PPI, root=root)
        except typst.TypstError as e:
            raise BuildError(f"a chart could not be drawn as PNG: {e.message}") from None


def add_pngs(folder: Path) -> list[Path]:
    """Beside every SVG chart in `folder`, its PNG (same stem); the PNGs written, in name order."""
    written = []
    for svg in sorted(Path(folder).glob("*.svg")):
        png = svg.with_suffix(".png")
        png.write_bytes(render(svg.read_bytes()))
        written.append(png)
    return written
