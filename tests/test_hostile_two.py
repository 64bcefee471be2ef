"""Hostile input, round two (issue 24): options that would turn the build on itself, dates judged the
same in every time zone."""

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from cicasco.data import paths, rules
from cicasco.errors import BuildError
from cicasco.pipeline import arguments, build, cli, publish
from cicasco.pipeline.options import Options


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


# --- publishing: every target checked before any is written ------------------------------------------


def _tree(root: Path) -> dict[str, bytes | str]:
    return {
        p.relative_to(root).as_posix(): (os.readlink(p) if p.is_symlink() else p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_symlink() or p.is_file()
    }


@pytest.mark.parametrize("linked", ["report/china", "figures/china", "report", "figures"])
def test_a_symlinked_report_or_figures_folder_is_refused_and_nothing_changes(tmp_path, linked):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the build's")
    for d in ("report/china", "figures/china"):
        if not linked.startswith(d.split("/")[0]) or linked == d:
            (out / d).parent.mkdir(parents=True, exist_ok=True)
    (out / linked).parent.mkdir(parents=True, exist_ok=True)
    (out / linked).symlink_to(elsewhere, target_is_directory=True)
    before = _tree(tmp_path)
    with pytest.raises(BuildError) as e:
        build.build(Options(country="China", out_root=out, cache_dir=tmp_path / "cache"))
    target = "report/china" if linked.startswith("report") else "figures/china"
    assert str(e.value) == (
        f"refusing to replace {paths.display_path(out / target)}: {paths.display_path(out / linked)} is a "
        f"symbolic link (to {elsewhere}); nothing was changed (valid: report/ and figures/ folders of their "
        f"own under --out {paths.display_path(out)})"
    )
    assert "\n" not in str(e.value)
    assert _tree(tmp_path) == before  # no lock, no staging, no figures swapped in


def test_a_file_where_a_report_folder_goes_is_refused(tmp_path):
    out = tmp_path / "out"
    (out / "report").mkdir(parents=True)
    (out / "report" / "china").write_text("a file")
    with pytest.raises(BuildError, match=r"report/china is not a folder; nothing was changed"):
        publish.check_targets(out, out / "report" / "china", out / "figures" / "china")
    with pytest.raises(BuildError, match=r"it is not under the output folder; nothing was changed"):
        publish.check_targets(out, tmp_path / "report" / "china")


# --- the locale ------------------------------------------------------------------------------------


def _turkish(tmp_path: Path) -> dict[str, str] | None:
    """An environment with LC_ALL=tr_TR.UTF-8 that the C library accepts (compiled here with localedef
    if the system has none), or None if it cannot be had."""
    env = dict(os.environ, LC_ALL="tr_TR.UTF-8")
    probe = [sys.executable, "-c", "import locale; locale.setlocale(locale.LC_ALL, '')"]
    if subprocess.run(probe, env=env, capture_output=True).returncode == 0:
        return env
    (tmp_path / "locales").mkdir(exist_ok=True)
    made = (
        subprocess.run(
            ["localedef", "-i", "tr_TR", "-f", "UTF-8", str(tmp_path / "locales" / "tr_TR.UTF-8")],
            capture_output=True,
        )
        if shutil.which("localedef")
        else None
    )
    env["LOCPATH"] = str(tmp_path / "locales")
    if made is None or subprocess.run(probe, env=env, capture_output=True).returncode != 0:
        return None
    return env


def test_the_build_runs_in_one_locale_whatever_the_callers(tmp_path):
    env = _turkish(tmp_path)
    if env is None:
        pytest.skip("no tr_TR.UTF-8 locale here, and none could be compiled")
    code = (
        "import locale, os; from cicasco.pipeline import reproducible; print(reproducible.pin_locale(), "
        "locale.setlocale(locale.LC_ALL), os.environ['LC_ALL'], 'I'.lower(), __import__('calendar').month_name[12])"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout
    assert out.split() == ["True", "C.UTF-8", "C.UTF-8", "i", "December"]


@pytest.mark.integration
def test_the_pdf_bytes_do_not_depend_on_the_locale(tmp_path):
    turkish = _turkish(tmp_path)
    if turkish is None:
        pytest.skip("no tr_TR.UTF-8 locale here, and none could be compiled")
    built = {}
    for name, env in (("c", dict(os.environ, LC_ALL="C.UTF-8")), ("tr", turkish)):
        out = tmp_path / name
        run = subprocess.run(
            [sys.executable, "-m", "cicasco.pipeline.cli", "build", "--out", str(out), "--cache-dir", str(tmp_path / f"cache-{name}")],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        built[name] = {
            p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
        }
    assert any(k.endswith("report.pdf") for k in built["c"])
    assert built["tr"].keys() == built["c"].keys()
    assert [k for k in built["c"] if built["tr"][k] != built["c"][k]] == []
