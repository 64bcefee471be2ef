"""Fixtures and helpers the tests share.

Tests own their fixtures: adding a true row or article to data/ never fails one. A test that asserts a
number of the shipped data either works on a data folder it builds itself (`data_copy` plus planted
rows, `fixtures.growth`) or derives what it expects from the data at test time (`claim_rows`, `tally`,
`chair_terms`), or asserts about a span of time the data has long covered. `test_growth.py` runs the
unit suite on grown data to hold every test to this.
"""

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cicasco.data import load, paths

DATA = paths.DATA_DIR


@pytest.fixture(scope="session")
def data() -> load.Dataset:
    return load.load()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def read_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[dict], columns: list[str] | None = None) -> None:
    columns = columns or list(rows[0].keys())
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in columns})


def edit_row(path: Path, match: dict, **changes) -> int:
    """Change the first row matching `match`; return its line number in the file."""
    rows = read_rows(path)
    for i, r in enumerate(rows):
        if all(r[k] == v for k, v in match.items()):
            r.update(changes)
            write_rows(path, rows)
            return i + 2
    raise AssertionError(f"no row {match} in {path}")


def article_rows(data_dir: Path) -> list[dict]:
    """The rows of articles.csv, in file order."""
    return read_rows(data_dir / "articles.csv")


def claim_rows(data_dir: Path, article_id: str) -> list[dict]:
    """An article's claims file, read straight from the CSV (not through the package): what a test
    derives its expected counts from, so that a row added to the data moves them with it."""
    row = next(r for r in article_rows(data_dir) if r["article_id"] == article_id)
    return read_rows(data_dir / row["claims_file"])


def tally(rows: list[dict], column: str = "verdict") -> dict[str, int]:
    """Claims per verdict, in the order of the rating scale (the expected verdicts of a register: the
    tests and `cicasco check` hold the computed ones to them)."""
    from cicasco.data.vocab import VERDICTS

    return {v: sum(r[column] == v for r in rows) for v in VERDICTS}


def chair_terms(data_dir: Path, organisation: str, iso3: str) -> tuple[int, int]:
    """A state's chair terms of an organisation in chairmanships.csv: (counted, all)."""
    rows = [
        r
        for r in read_rows(data_dir / "chairmanships.csv")
        if (r["organisation"], r["iso3"]) == (organisation, iso3)
    ]
    return sum(r["counted"] == "true" for r in rows), len(rows)


def ts(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)


def plant_cell(tmp_path: Path, monkeypatch, notebook: str, code: str | list[str], at: int = 4) -> None:
    """Build from a copy of the notebooks in which `notebook` has a code cell `code` (or one cell for
    each of a list) inserted at `at`."""
    import nbformat

    nbdir = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOK_DIR, nbdir)
    nb = nbformat.read(nbdir / notebook, as_version=4)
    for i, one in enumerate([code] if isinstance(code, str) else code):
        nb.cells.insert(at + i, nbformat.v4.new_code_cell(one))
    nbformat.write(nb, nbdir / notebook)
    monkeypatch.setattr(paths, "NOTEBOOK_DIR", nbdir)


def alive(pids) -> list[int]:
    """Those of `pids` still running (zombies, waiting for a dead parent's reaper, do not count)."""
    import psutil

    running = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                running.append(pid)
        except psutil.NoSuchProcess:
            pass
    return running
