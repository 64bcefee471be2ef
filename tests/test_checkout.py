"""A copied or moved checkout (`cp -r` of the project, .venv included) does not run silently on the
original's code and data: the command stops with one line, and `make install` makes the copy its own
.venv."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cicasco.pipeline import checkout, cli

ROOT = Path(checkout.__file__).resolve().parents[3]  # the checkout the package is imported from


def _tree(at: Path) -> Path:
    """The least of a checkout a copy keeps: pyproject.toml, src/cicasco/ and a .venv with its script."""
    (at / "src" / "cicasco").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", at / "pyproject.toml")
    (at / ".venv" / "bin").mkdir(parents=True)
    (at / ".venv" / "bin" / "cicasco").write_text(f"#!{ROOT}/.venv/bin/python\n", encoding="utf-8")
    return at


def _line(copy: Path) -> str:
    return (
        f"this checkout ({copy}) was copied or moved: its .venv runs the package and data of {ROOT}; "
        f"run `make install` in {copy} to make its own .venv"
    )


def test_a_copy_is_named_by_its_script_or_its_interpreter(tmp_path):
    copy = _tree(tmp_path / "copy")
    script = str(copy / ".venv" / "bin" / "cicasco")
    assert checkout.problem(script, sys.prefix, ROOT) == _line(copy)  # .venv/bin/cicasco of the copy
    assert checkout.problem("-c", str(copy / ".venv"), ROOT) == _line(copy)  # .venv/bin/python -m ...
    # the checkout itself, or a package not installed from a checkout: nothing to refuse
    assert checkout.problem(str(ROOT / ".venv" / "bin" / "cicasco"), str(ROOT / ".venv"), ROOT) == ""
    assert checkout.problem(script, sys.prefix, tmp_path / "site-packages") == ""
    # a .venv outside any checkout (a conda env, a tool's own venv) is not a checkout's
    other = tmp_path / "tools" / ".venv" / "bin"
    other.mkdir(parents=True)
    assert checkout.problem(str(other / "cicasco"), sys.prefix, ROOT) == ""


def test_the_command_stops_with_one_line(tmp_path, monkeypatch, capsys):
    copy = _tree(tmp_path / "copy")
    monkeypatch.setattr(sys, "argv", [str(copy / ".venv" / "bin" / "cicasco"), "check"])
    assert cli.main(["check"]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"error: {_line(copy)}\n")
    monkeypatch.setattr(sys, "argv", [str(ROOT / ".venv" / "bin" / "cicasco"), "countries"])
    assert cli.main(["countries"]) == 0  # from its own checkout it runs


def _make_n(tree: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))} | {"LC_ALL": "C"}
    done = subprocess.run(["make", "-n", "install"], cwd=tree, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_install_makes_a_copied_checkouts_venv_again(tmp_path):
    copy = _tree(tmp_path / "copy")
    for name in ("Makefile", "uv.lock"):
        shutil.copy(ROOT / name, copy / name)
    (copy / ".tools" / "bin").mkdir(parents=True)
    (copy / ".tools" / "bin" / "uv").write_text("", encoding="utf-8")
    stamp = copy / ".venv" / "bin" / ".installed"
    stamp.write_text("", encoding="utf-8")
    os.utime(stamp, (2**31, 2**31))  # newer than every prerequisite: up to date but for the copy
    planned = _make_n(copy)
    assert "rm -rf .venv" in planned and " sync --frozen" in planned
    assert f".venv was made in {ROOT}, not here (a copied or moved checkout): making it again" in planned
    # the same tree whose .venv was made here: nothing to do
    (copy / ".venv" / "bin" / "cicasco").write_text(f"#!{copy}/.venv/bin/python\n", encoding="utf-8")
    assert _make_n(copy) == "make: Nothing to be done for 'install'.\n"
