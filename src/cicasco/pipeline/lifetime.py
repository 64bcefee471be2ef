"""Every process of a build ends with it, however it ends (kill -9 included).

- A batch's pool workers and its kernel fork server are started by the main process's main thread:
  each asks the kernel (prctl PR_SET_PDEATHSIG, Linux) for a signal when that process is gone, and ends
  at once if it is gone already.
- A launcher (forked_kernels.py) is started from a worker's thread, which may end before it (a parent-
  death signal follows the thread, not the process): it watches its parent process through a pidfd.
- A kernel that has stopped running (SIGSTOP, a debugger) cannot watch anything: the process that
  started it kills it with SIGKILL, which a stopped process receives too.

Stdlib only: the launcher imports it.
"""

import contextlib
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(signum: int = signal.SIGKILL, parent: int | None = None) -> None:
    """Have `signum` sent to this process when its parent ends (Linux; elsewhere nothing is done); if
    `parent` (the pid it was started by) has ended already, exit now."""
    if sys.platform == "linux":
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def kill(fd: int) -> None:
    """SIGKILL to the process of pidfd `fd` if it still runs (stopped or not); never to another
    process that has since been given its pid."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        signal.pidfd_send_signal(fd, signal.SIGKILL)


def pidfd(pid: int) -> int | None:
    """A pidfd for `pid` (readable once it has ended), or None if it has ended already."""
    try:
        return os.pidfd_open(pid)
    except ProcessLookupError:
        return None


def workers(n: int):
    """A ProcessPoolExecutor of `n` workers, each ending with this process (call from the main thread:
    the workers are forked by the thread that submits first)."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=n, initializer=die_with_parent, initargs=(signal.SIGKILL, os.getpid())
    )
