"""Watching the files a report is built from: a snapshot of modification times, and what changed."""

import os
import re
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # src/cicasco: an edit here restarts the build process
POLL_SECONDS = 0.1  # how often the watcher looks at modification times (a look costs about 1 ms)
WAIT_SECONDS = 20  # the longest a page's /__preview__/wait request is held open
IGNORED = re.compile(r"(^\.|^#|~$|\.sw[a-z]$|\.pyc$|\.tmp$|^__pycache__$)")  # hidden, editors' files, caches

# What the notebooks import beyond kernels.WARM_CODE; a preview kernel imports it while the author reads.
PREVIEW_WARM_CODE = (
    "import IPython.display, cicasco.claims.decide, cicasco.report.findings, cicasco.report.narrative,"
    " cicasco.report.text, cicasco.report.frames, cicasco.report.style, cicasco.analysis.initiatives"
)


# ---------------------------------------------------------------------------------------------------
# Watching files


def snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file under `folders`, skipping hidden files, caches and editor backups."""
    seen: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not IGNORED.search(d)]
            for name in files:
                if IGNORED.search(name):
                    continue
                p = os.path.join(root, name)
                try:
                    st = os.stat(p)
                except OSError:  # removed while we looked
                    continue
                seen[p] = (st.st_mtime_ns, st.st_size)
    return seen


def changed(before: dict, after: dict) -> set[str]:
    """Files added, removed or modified between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
