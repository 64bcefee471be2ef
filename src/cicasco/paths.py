"""Where the project's inputs and outputs live.

The package is installed in editable mode from its clone, so the clone's root is two levels above this
file. CICASCO_ROOT overrides it (tests build into temporary folders).
"""

import os
from pathlib import Path

ROOT = Path(os.environ.get("CICASCO_ROOT") or Path(__file__).resolve().parents[2])
DATA_DIR = ROOT / "data"
NOTEBOOK_DIR = ROOT / "notebooks"
FIGURES_DIR = ROOT / "figures"
REPORT_DIR = ROOT / "report"
CACHE_DIR = ROOT / ".cache"


def display_path(path: Path) -> str:
    """A path as shown to people and written into outputs: relative to the clone when inside it,
    so no absolute path of the build machine leaks into a message or a report."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT.resolve()).as_posix()
    except ValueError:
        return path.name if path.is_absolute() else path.as_posix()
