"""The charts' PNG copies: each chart's own SVG, rasterised at png.PPI, the same bytes every time."""

import io
import re

import matplotlib
import pytest
from PIL import Image

from cicasco.errors import BuildError
from cicasco.report import png, style
from cicasco.report.figures import FigureBook

matplotlib.use("Agg")


def _chart(label: str):
    fig, ax = style.figure(2.0)
    ax.barh(["one", label], [3, 5], color=style.HIGHLIGHT)
    return fig, f"bars: one 3, {label} 5"


def test_a_png_is_its_svg_at_the_stated_resolution_on_white(tmp_path):
    book = FigureBook(tmp_path, "t")
    book.show(_chart("two"), "bars", caption="c", source="s")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t-bars.svg"]  # the notebook writes the SVG only
    assert png.add_pngs(tmp_path) == [tmp_path / "t-bars.png"]
    svg = (tmp_path / "t-bars.svg").read_text(encoding="utf-8")
    width_pt, height_pt = (
        float(v) for v in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    )
    image = Image.open(tmp_path / "t-bars.png")
    assert (
        abs(image.width - width_pt / 72 * png.PPI) <= 1 and abs(image.height - height_pt / 72 * png.PPI) <= 1
    )
    assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)
    # the highlight colour is drawn: the bars are in it, not left out
    colours = {c for _, c in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert tuple(int(style.HIGHLIGHT[i : i + 2], 16) for i in (1, 3, 5)) in colours


def test_the_same_svg_gives_the_same_bytes_and_another_chart_other_bytes(tmp_path):
    book = FigureBook(tmp_path, "t")
    book.show(_chart("two"), "a", caption="c", source="s")
    book.show(_chart("two"), "b", caption="c", source="s")
    book.show(_chart("three"), "c", caption="c", source="s")
    a, b, c = (p.read_bytes() for p in png.add_pngs(tmp_path))
    assert a == b and a != c
    assert png.render((tmp_path / "t-a.svg").read_bytes()) == a


def test_an_svg_typst_cannot_read_stops_the_build_with_one_line():
    with pytest.raises(BuildError, match=r"^a chart could not be drawn as PNG: ") as e:
        png.render(b"<svg this is not")
    assert "\n" not in str(e.value)
    assert Image.open(
        io.BytesIO(png.render(b'<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="5pt"/>'))
    )


def test_a_png_waits_while_the_pdf_holds_the_compiler(tmp_path):
    """One Typst compiler per process, one thread at a time: the preview may ask for the PDF while a
    rebuild's notebook threads draw PNGs."""
    import threading
    import time

    from cicasco.report import pdf

    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="5pt"/>'
    done: list[bytes] = []
    with pdf.compiler():
        t = threading.Thread(target=lambda: done.append(png.render(svg)))
        t.start()
        time.sleep(0.5)
        assert done == []  # waiting for the compiler
    t.join(30)
    assert len(done) == 1 and done[0].startswith(b"\x89PNG")
