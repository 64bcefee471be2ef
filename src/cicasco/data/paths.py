"""Where the project's inputs and outputs live.

The package is installed in editable mode from its clone, so the clone's root is three levels above this
file. CICASCO_ROOT overrides it (tests build into temporary folders).
"""

import os
from pathlib import Path

ROOT = Path(os.environ.get("CICASCO_ROOT") or Path(__file__).resolve().parents[3])
DATA_DIR = ROOT / "data"
NOTEBOOK_DIR = ROOT / "notebooks"
FIGURES_DIR = ROOT / "figures"
REPORT_DIR = ROOT / "report"
CACHE_DIR = ROOT / ".cache"


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the clone (or the working folder) when inside it, so
    messages read the same on every machine and an editor can open them from the clone."""
    path = Path(os.path.abspath(path))  # not resolved: a link is named by its own name, not its target's
    shown = path.as_posix()
    for base in (ROOT.resolve(), Path.cwd().resolve(), Path(os.path.abspath(ROOT)), Path.cwd()):
        if path.is_relative_to(base):
            shown = path.relative_to(base).as_posix()
            break
    # a newline or a control character in a folder's name would break a one-line message: escaped
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)
