"""The PDF engines side by side on one built page (`make bench-pdf`, or `python bench/bench_pdf.py PAGE`):
Typst (the build's) in a warm process and in a fresh one, against WeasyPrint (the former engine, kept in
bench/ for this comparison), in one run. Prints seconds, ratios and page counts.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

FRESH = """
import sys, time
start = time.perf_counter()
from pathlib import Path
from cicasco.report import pdf
pdf.write_pdf(Path(sys.argv[1]).read_text(encoding="utf-8"), Path(sys.argv[2]))
print(time.perf_counter() - start)
"""


def _timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def typst_warm(html: str, out: Path, runs: int = 5) -> float:
    """Median seconds of the build's write_pdf in a process that has written one PDF already, each run on
    a page with one edit of its own (Typst memoises: the very same page again would cost next to
    nothing, which no build or preview sees)."""
    from cicasco.report import render

    render.write_pdf(html, out)
    pages = iter([html.replace("Findings</h2>", f"Findings ({i})</h2>", 1) for i in range(runs)])
    return _timed(lambda: render.write_pdf(next(pages), out), runs)


def typst_fresh(page: Path, out: Path, runs: int = 3) -> tuple[float, float]:
    """Median seconds of a new Python process writing the PDF: (the whole process, from its imports on)."""
    walls, inner = [], []
    for _ in range(runs):
        start = time.perf_counter()
        r = subprocess.run(
            [sys.executable, "-c", FRESH, str(page), str(out)], capture_output=True, text=True, check=True
        )
        walls.append(time.perf_counter() - start)
        inner.append(float(r.stdout.strip().splitlines()[-1]))
    return statistics.median(walls), statistics.median(inner)


def weasyprint_warm(html: str, out: Path, runs: int = 2) -> float:
    import weasyprint_pdf

    weasyprint_pdf.write_pdf(html, out)  # imports and fonts, as the build did ahead
    return _timed(lambda: weasyprint_pdf.write_pdf(html, out), runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("page", nargs="?", default=str(ROOT / "report/kazakhstan/report.html"))
    a = ap.parse_args()
    page = Path(a.page)
    html = page.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        new, old = Path(tmp, "typst.pdf"), Path(tmp, "weasyprint.pdf")
        warm = typst_warm(html, new)
        fresh_wall, fresh_inner = typst_fresh(page, Path(tmp, "fresh.pdf"))
        before = weasyprint_warm(html, old)
        pages_new, pages_old = len(PdfReader(new).pages), len(PdfReader(old).pages)
    print(f"{'PDF of ' + page.parent.name:<52}{'seconds':>9}{'of old':>8}  pages")
    rows = [
        ("WeasyPrint (former), warm process", before, pages_old),
        ("Typst, warm process", warm, pages_new),
        ("Typst, fresh process: imports, fonts, PDF", fresh_inner, pages_new),
        ("Typst, fresh process: the whole python command", fresh_wall, pages_new),
    ]
    for label, secs, pages in rows:
        print(f"{label:<52}{secs:>9.2f}{secs / before:>8.3f}  {pages}")
    met = warm <= 1 and fresh_inner <= 1
    print(f"goal (the PDF in at most 1 s, warm and fresh): {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
