"""A copied or moved checkout is refused before it runs.

The package is installed in editable mode: `.venv` records the absolute path of the checkout it was made
in (its scripts' first line, the editable install's path file). A checkout copied with `cp -r`, or moved,
keeps that `.venv`, so its `.venv/bin/cicasco` would run the other checkout's code on the other
checkout's data and write to the other checkout's report folder, without a word. The command runs from
the checkout that holds the `.venv` it was started from (the script's, and the interpreter's); when that
is not the checkout the package is imported from, the command stops with one line. `make install` in the
copy makes its `.venv` again (the Makefile notices the same mismatch).
"""

import os
import sys
from pathlib import Path

from ..errors import ReportError


class CheckoutError(ReportError):
    """The command runs from one checkout with the package (and data) of another."""


def _is_checkout(root: Path) -> bool:
    return (root / "pyproject.toml").is_file() and (root / "src" / "cicasco").is_dir()


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def problem(script: str, prefix: str, package_root: Path) -> str:
    """The one line that refuses a command started from `script` under the interpreter of `prefix` with
    the package of `package_root`; empty when they are the same checkout (or not checkouts at all)."""
    if not _is_checkout(package_root):  # installed from a wheel: nothing to compare with
        return ""
    venvs = [Path(prefix)]
    path = Path(os.path.abspath(script)) if script else None
    if path is not None and path.parent.name == "bin":
        venvs.insert(0, path.parent.parent)
    for venv in venvs:
        here = venv.parent
        if venv.name == ".venv" and _is_checkout(here) and not _same(here, package_root):
            return (
                f"this checkout ({here}) was copied or moved: its .venv runs the package and data of "
                f"{package_root}; run `make install` in {here} to make its own .venv"
            )
    return ""


def refuse_a_copy() -> None:
    """Stop with CheckoutError when the command runs from a copied or moved checkout."""
    root = Path(__file__).resolve().parents[3]
    line = problem(sys.argv[0] if sys.argv else "", sys.prefix, root)
    if line:
        raise CheckoutError(line)
