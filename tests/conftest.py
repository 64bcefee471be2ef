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


def ts(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)
