"""Build-speed benchmark, run on demand (`make bench`). Prints one table of times and ratios, each
against its goal (issue 23), with a line describing the machine.

Measured in one run, each with fresh output and cache folders; the chain, the peer, the clean build and
the batch in interleaved rounds (`--rounds`, default 2), each the median of its rounds:
  1. the plain chain: `papermill` CLI then `jupyter nbconvert --to html` CLI for each notebook, one after
     another (HTML only: the plain chain makes no PDF, the build does), in wall time and in CPU time (the
     processes' own and their children's);
  2. the Quarto-like peer (quarto_like.py): each notebook executed once, then pandoc to HTML and to
     Typst, and Typst to PDF, in one process;
  3. a clean `cicasco build` of the default report (HTML and PDF), against both;
  4. a no-change rebuild;
  5. a batch of every member state (`--country all`, or the first N), each report with its PDF, against
     the chain; the batch prints the median time a report's PDF took to typeset;
  6. the PDF alone: Typst typesetting the clean build's page (an edited copy, so nothing is memoised;
     `make bench-pdf` sets it against WeasyPrint, the former engine);
  7. the live preview: from saving a one-cell edit of a data file to the served page showing it, and
     then its PDF link answering (median of three edits);
  8. the floor: a kernel started and given the notebooks' imports, ordinary and forked (median of three).
A goal not met is printed with what stands in its way, from these measurements.
"""

import argparse
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and everything it waited for)."""
    wall, cpu, _ = run_output(cmd)
    return wall, cpu


def run_output(cmd: list[str]) -> tuple[float, float, str]:
    """As run(), with what the command printed on standard output."""
    cpu, start = _cpu(), time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall, used = time.perf_counter() - start, _cpu() - cpu
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])} ... failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall, used, done.stdout


def cicasco(*args: str) -> list[str]:
    return [str(BIN / "cicasco"), "build", *args]


def plain_chain(tmp: Path) -> tuple[float, float]:
    tmp.mkdir(parents=True)
    wall = cpu = 0.0
    for nb in NOTEBOOKS:
        out = tmp / nb.name
        for cmd in (
            [str(BIN / "papermill"), str(nb), str(out), "-p", "figures_dir", str(tmp / "figs")],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)],
        ):
            w, c = run(cmd)
            wall, cpu = wall + w, cpu + c
    return wall, cpu


def quarto_like(tmp: Path) -> tuple[float, float]:
    """The Quarto-like peer (quarto_like.py), as a command: (wall, CPU)."""
    return run([sys.executable, str(ROOT / "bench" / "quarto_like.py"), str(tmp)])


def batch(names: list[str], tmp: Path) -> tuple[float, float]:
    """(wall seconds of the batch, median seconds a report's PDF took to typeset, as it prints)."""
    wall, _, out = run_output(
        cicasco("--country", ",".join(names), "--out", str(tmp / "out"), "--cache-dir", str(tmp / "cache"))
    )
    typeset = re.search(r"PDFs typeset: \d+, a median ([\d.]+) s each", out)
    return wall, float(typeset.group(1)) if typeset else float("nan")


def pdf_seconds(page: Path) -> float:
    """The PDF of a built page, after a first one that loads the fonts (as in a build, where that
    overlaps the notebooks); the page edited, since Typst would answer the very same page from memory."""
    from cicasco.report import render

    html = page.read_text(encoding="utf-8")
    render.write_pdf(html, page.with_suffix(".warm.pdf"))
    start = time.perf_counter()
    render.write_pdf(
        html.replace("Findings</h2>", "Findings (again)</h2>", 1), page.with_suffix(".again.pdf")
    )
    return time.perf_counter() - start


def kernel_seconds(forked: bool, runs: int = 3) -> float:
    """Median seconds from asking for a kernel to its having imported what the notebooks import."""
    import asyncio
    import contextlib

    from cicasco.pipeline import forked_kernels, kernels

    times = []
    with forked_kernels.ForkServer() if forked else contextlib.nullcontext() as server:
        if server:
            kernels.SPECS[:] = [server.specs()]
            time.sleep(5)  # the server's own imports, done once per batch, before the first report needs it
        for _ in range(runs):
            start = time.perf_counter()
            km = kernels.start()
            asyncio.run(kernels._run_silently(km, kernels.WARM_CODE))
            times.append(time.perf_counter() - start)
            kernels.release(km)
        kernels.SPECS.clear()
    return statistics.median(times)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read().decode("utf-8")


def preview_seconds(tmp: Path, edits: int = 3) -> tuple[float, float]:
    """Median seconds from replacing events.csv (one event's name changed) to the served page showing it,
    and from then asking for its PDF (the page's "PDF" link) to having it."""
    data = tmp / "data"
    shutil.copytree(ROOT / "data", data)
    port = _free_port()
    cmd = [str(BIN / "cicasco"), "preview", "--port", str(port), "--data-dir", str(data)]
    server = subprocess.Popen(
        [*cmd, "--cache-dir", str(tmp / "cache")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 300
        while True:  # the first build
            try:
                if "Findings" in _page(url):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("preview: no page within 300 s")
            time.sleep(0.5)
        time.sleep(5)  # the kernel pool refills while the author reads
        events = data / "events.csv"
        original = events.read_text(encoding="utf-8")
        times, pdf_times = [], []
        for i in range(edits):
            marker = f"Almaty 1 (edit {i})"
            edited = original.replace("nuclear talks, Almaty 1", f"nuclear talks, {marker}", 1)
            assert edited != original, "the event to edit is not in events.csv"
            staged = events.with_suffix(".tmp")
            staged.write_text(edited, encoding="utf-8")
            start = time.perf_counter()
            os.replace(staged, events)
            while marker not in _page(url):
                if time.perf_counter() - start > 120:
                    raise SystemExit("preview: the edit never showed")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            with urllib.request.urlopen(url + "report.pdf", timeout=60) as r:
                assert r.read(5) == b"%PDF-", "the preview's PDF link did not answer with a PDF"
            pdf_times.append(time.perf_counter() - start)
            time.sleep(8)  # reading time: the pool refills
        return statistics.median(times), statistics.median(pdf_times)
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--countries", type=int, default=0, help="batch: only the first N member states (0 = all)"
    )
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds of chain, peer, build, batch")
    a = ap.parse_args()
    countries = subprocess.run(
        [str(BIN / "cicasco"), "countries"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    names = [line.split(maxsplit=2)[2].rsplit(" (", 1)[0] for line in countries.stdout.splitlines()]
    if a.countries:
        names = names[: a.countries]
    tmp = Path(tempfile.mkdtemp(prefix="cicasco-bench-"))
    m: dict[str, list[float]] = {}
    try:
        for r in range(a.rounds):  # interleaved: a slow spell of the machine falls on every measure alike
            here = tmp / f"round-{r}"
            for key, value in (
                (("chain", "chain_cpu"), plain_chain(here / "chain")),
                (("peer", "peer_cpu"), quarto_like(here / "peer")),
                (
                    ("clean", "clean_cpu"),
                    run(cicasco("--out", str(here / "a"), "--cache-dir", str(here / "ca"))),
                ),
                (("batch", "typeset"), batch(names, here / "batch")),
            ):
                for k, v in zip(key, value, strict=True):
                    m.setdefault(k, []).append(v)
            if r == 0:
                m["again"] = [run(cicasco("--out", str(here / "a"), "--cache-dir", str(here / "ca")))[0]]
                m["pdf"] = [pdf_seconds(here / "a" / "report" / "kazakhstan" / "report.html")]
        preview, preview_pdf = preview_seconds(tmp / "p")
        kernel, forked = kernel_seconds(False), kernel_seconds(True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    v = {k: statistics.median(x) for k, x in m.items()}
    chain, clean, peer, batch_s, pdf = v["chain"], v["clean"], v["peer"], v["batch"], v["pdf"]

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"rounds: {a.rounds} (medians); batch: {len(names)} reports, each with its PDF")
    print(f"{'measure':<46}{'seconds':>9}{'ratio':>8}  goal")
    rows = [
        ("plain chain (papermill + nbconvert CLIs)", chain, "", "the denominator"),
        ("Quarto-like peer (execute once, pandoc, Typst)", peer, f"{peer / chain:.2f}", "of the chain's"),
        ("clean build (HTML and PDF), wall", clean, f"{clean / chain:.2f}", "of the chain's: <= 0.35"),
        (
            "clean build, CPU",
            v["clean_cpu"],
            f"{v['clean_cpu'] / v['chain_cpu']:.2f}",
            "of the chain's: <= 0.50",
        ),
        ("clean build against the Quarto-like peer", clean, f"{clean / peer:.2f}", "of the peer's: < 1"),
        ("no-change rebuild", v["again"], "", "<= 1 s"),
        (
            f"batch of {len(names)} reports with PDFs",
            batch_s,
            f"{batch_s / chain:.2f}",
            "times the chain: <= 2.5",
        ),
        ("  a PDF's typesetting in the batch (median)", v["typeset"], "", "reported"),
        ("the PDF of one report", pdf, "", "<= 1 s"),
        ("preview: data edit saved to page served", preview, "", "<= 3 s"),
        ("preview: its PDF link answered", preview_pdf, "", "<= 2 s"),
        ("floor: a kernel with the notebooks' imports", kernel, "", ""),
        ("floor: the same, forked (batches)", forked, "", ""),
    ]
    for label, secs, ratio, goal in rows:
        print(f"{label:<46}{secs:>9.2f}{ratio:>8}  {goal}")
    print()
    share = f"the PDF is {pdf:.2f} s of the clean build's {clean:.1f} s; the rest is notebooks and kernels"
    per_report = batch_s / len(names)
    why = {
        "clean build, wall": (clean / chain <= 0.35, f"{share}; the chain makes no PDF"),
        "clean build, CPU": (v["clean_cpu"] / v["chain_cpu"] <= 0.5, share),
        "clean build against the peer": (
            clean < peer,
            f"the peer takes {peer:.1f} s, the build {clean:.1f} s",
        ),
        "batch": (
            batch_s / chain <= 2.5,
            f"{per_report:.2f} s a report on {os.cpu_count()} cores, of which its PDF {v['typeset']:.2f} s; "
            "the rest is the notebooks of every report",
        ),
        "PDF": (pdf <= 1, "Typst's layout and PDF writing, and the page's conversion (make bench-pdf)"),
        "preview": (preview <= 3, "the edited notebook's run and the page"),
        "preview's PDF link": (preview_pdf <= 2, "the page's conversion and Typst, in the build process"),
    }
    for goal, (met, reason) in why.items():
        print(f"{goal}: {'met' if met else 'NOT met: ' + reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
