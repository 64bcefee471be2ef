"""Build-speed benchmark, run on demand (`make bench`). Prints one table of times and ratios.

Measured in one run, each with fresh output and cache folders:
  1. the plain chain: `papermill` CLI then `jupyter nbconvert --to html` CLI for each notebook, one after
     another (HTML only: the plain chain makes no PDF, the build does), against a clean `cicasco build`;
  2. a no-change rebuild against that clean build;
  3. a batch of member states (`--country all`, in parallel) against building them one by one.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def run(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cicasco(*args: str) -> list[str]:
    return [str(BIN / "cicasco"), "build", *args]


def plain_chain(tmp: Path) -> float:
    tmp.mkdir(parents=True)
    total = 0.0
    for nb in NOTEBOOKS:
        out = tmp / nb.name
        total += run([str(BIN / "papermill"), str(nb), str(out), "-p", "figures_dir", str(tmp / "figs")])
        total += run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)])
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--countries", type=int, default=0, help="batch: only the first N member states (0 = all)"
    )
    a = ap.parse_args()
    countries = subprocess.run(
        [str(BIN / "cicasco"), "countries"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    names = [line.split(maxsplit=2)[2].rsplit(" (", 1)[0] for line in countries.stdout.splitlines()]
    if a.countries:
        names = names[: a.countries]
    tmp = Path(tempfile.mkdtemp(prefix="cicasco-bench-"))
    try:
        chain = plain_chain(tmp / "chain")
        clean = run(cicasco("--out", str(tmp / "a"), "--cache-dir", str(tmp / "ca")))
        again = run(cicasco("--out", str(tmp / "a"), "--cache-dir", str(tmp / "ca")))
        one_by_one = sum(
            run(cicasco("--country", n, "--out", str(tmp / "b"), "--cache-dir", str(tmp / "cb")))
            for n in names
        )
        batch = run(
            cicasco("--country", ",".join(names), "--out", str(tmp / "c"), "--cache-dir", str(tmp / "cc"))
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'measure':<44}{'seconds':>10}{'ratio':>9}  target")
    rows = [
        ("plain chain (papermill + nbconvert CLIs)", chain, "", ""),
        ("clean build (HTML and PDF)", clean, f"{clean / chain:.2f}", "clean/chain <= 0.50"),
        ("no-change rebuild", again, f"{again / clean:.3f}", "<= 1 s"),
        (f"one by one, {len(names)} countries", one_by_one, "", ""),
        (
            f"batch, {len(names)} countries in parallel",
            batch,
            f"{one_by_one / batch:.2f}",
            "one-by-one/batch >= 1.8",
        ),
    ]
    for label, secs, ratio, target in rows:
        print(f"{label:<44}{secs:>10.2f}{ratio:>9}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
