"""Hostile input, round three: relative folders, kernels that outlive a killed build, and the cases the
third attack run found (ATTACK3.md, not committed, lists every case tried)."""

import re
import shutil
import subprocess
import sys

import pytest

from cicasco.data import paths
from cicasco.pipeline import cli

CLI = [sys.executable, "-m", "cicasco.pipeline.cli"]

# --- relative folders --------------------------------------------------------------------------------


def test_folder_options_are_made_absolute_from_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = cli.parser().parse_args(["build", "--out", "o", "--cache-dir", "../c", "--data-dir", "d/"])
    assert (a.out, a.cache_dir, a.data_dir) == (tmp_path / "o", tmp_path / "../c", tmp_path / "d")
    a = cli.parser().parse_args(["index", "--out", "o"])
    assert a.out == tmp_path / "o"


@pytest.mark.parametrize("flag", ["--out", "--cache-dir", "--data-dir"])
def test_an_empty_folder_option_is_a_usage_error(flag, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["build", flag, ""])
    assert e.value.code == 2
    error = [ln for ln in capsys.readouterr().err.splitlines() if "error:" in ln]
    assert error == [
        f"cicasco build: error: argument {flag}: '' is not allowed; valid: a folder, relative to the "
        "working folder or absolute"
    ]


@pytest.mark.integration
def test_a_build_with_relative_folders_works_and_names_them_relative(tmp_path):
    shutil.copytree(paths.DATA_DIR, tmp_path / "d")
    run = subprocess.run(
        [*CLI, "build", "--country", "China", "--out", "out2", "--cache-dir", "c", "--data-dir", "d"],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stdout.splitlines()
    # the messages name the folders from the working folder: the build never left it
    assert re.fullmatch(r"out2/report/china: \d+ notebook\(s\) executed, 0 from cache \(.*\)", lines[0])
    assert lines[1:] == [
        "  out2/report/china/report.html",
        "  out2/report/china/report.pdf",
        "out2/report/index.html: written",
    ]
    assert (tmp_path / "out2/report/china/report.pdf").stat().st_size > 0
    assert (tmp_path / "out2/figures/china").is_dir()
    assert not list(tmp_path.glob("out2/report/.staging-*"))
