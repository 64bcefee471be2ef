"""Hostile input, round two (issue 24): options that would turn the build on itself, dates judged the
same in every time zone."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from cicasco.data import paths, rules
from cicasco.pipeline import arguments, cli


@pytest.mark.parametrize("command", ["build", "preview"])
@pytest.mark.parametrize("where", ["{data}/pcache", "{data}", "{data}/a/b"])
def test_a_cache_folder_inside_the_data_folder_is_refused(data_copy, command, where, capsys):
    cache = where.format(data=data_copy)
    before = sorted(p.relative_to(data_copy) for p in data_copy.rglob("*"))
    rc = cli.main([command, "--data-dir", str(data_copy), "--cache-dir", cache])
    err = capsys.readouterr().err
    assert rc == 1
    assert err.strip().splitlines() == [
        f"error: parameter cache_dir: {paths.display_path(cache)} is inside the data folder "
        f"{paths.display_path(data_copy)}; valid: a folder outside it (default: .cache/ in the clone)"
    ]
    assert sorted(p.relative_to(data_copy) for p in data_copy.rglob("*")) == before


def test_a_cache_folder_beside_the_data_folder_is_allowed(tmp_path):
    arguments.cache_outside_data(tmp_path / "data-cache", tmp_path / "data")  # a name that only starts alike
    arguments.cache_outside_data(None, tmp_path / "data")


def test_jobs_above_the_cores_are_capped_saying_so(capsys):
    cores = os.cpu_count() or 1
    assert arguments.cap_jobs(cores + 58) == cores
    assert (
        capsys.readouterr().err == f"--jobs {cores + 58}: this machine has {cores} core(s); using {cores}\n"
    )
    assert arguments.cap_jobs(cores) == cores and arguments.cap_jobs(0) == 0
    assert capsys.readouterr().err == ""


def _today_in(tz: str) -> str:
    code = "from cicasco.data import rules; print(rules.latest_today().date())"
    env = dict(os.environ, TZ=tz)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout


@pytest.mark.parametrize("tz", ["Pacific/Kiritimati", "Etc/GMT+12", "UTC", "Asia/Almaty"])
def test_the_latest_allowed_date_is_the_same_in_every_time_zone(tz):
    """A date read today somewhere on Earth (UTC+14) is never 'in the future', whatever TZ says."""
    before = (datetime.now(UTC) + timedelta(hours=14)).date()
    got = _today_in(tz).strip()
    after = (datetime.now(UTC) + timedelta(hours=14)).date()
    assert got in (str(before), str(after))


def test_a_date_of_the_latest_day_on_earth_passes_and_the_next_fails():
    last = rules.latest_today()
    s = pd.Series([f"{last:%Y-%m-%d}", f"{last + pd.Timedelta(days=1):%Y-%m-%d}"])
    assert list(rules.NOT_FUTURE(s).check_output) == [True, False]
