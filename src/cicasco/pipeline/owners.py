"""Files and folders named by the pid of the process that writes them (cache entries in progress, a
preview's work folder, a kernel's socket folder): whether that process still runs, and removing what a
killed one (kill -9) left behind. Stdlib only: kernels.py imports it."""

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def remove_abandoned(found: Iterable[Path], pid_of: Callable[[str], str]) -> None:
    """Remove each file or folder whose owner, the pid `pid_of` reads from its name, has ended; those of
    running processes, this build's or another's, are left alone."""
    for path in found:
        pid = pid_of(path.name)
        if pid.isdigit() and not alive(int(pid)):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
