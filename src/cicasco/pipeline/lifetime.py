"""Every process of a build ends with it, however it ends (kill -9 included).

- A batch's pool workers and its kernel fork server are started by the main process's main thread:
  each asks the kernel (prctl PR_SET_PDEATHSIG, Linux) for a signal when that process is gone, and ends
  at once if it is gone already.
- A launcher (forked_kernels.py) is started from a worker's thread, which may end before it (a parent-
  death signal follows the thread, not the process): it watches its parent process through a pidfd.
- A kernel that has stopped running (SIGSTOP, a debugger) cannot watch anything: the process that
  started it kills it with SIGKILL, which a stopped process receives too. A forked kernel's fork server
  does so when its launcher ends; an ordinary kernel has a watchdog (`guard`), a small process of its
  own session that kills it when the build is gone, even by kill -9, and ends with it.

Stdlib only: the launcher imports it.
"""

import contextlib
import os
import signal
import subprocess
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


# The watchdog: argv[1] the pid of the build, argv[2] a pidfd of the kernel (inherited), argv[3] its
# pid. It ignores the signals a terminal or a group kill sends (it must outlive the build to act) and
# ends with the kernel; when the build ends first, it kills the kernel's process group and the kernel.
WATCHDOG = """
import os, select, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGTSTP):
    signal.signal(s, signal.SIG_IGN)
build, kernel, pid = (int(a) for a in sys.argv[1:4])
try:
    watched = [os.pidfd_open(build)]
except ProcessLookupError:
    watched = []
if watched and os.getppid() == build:
    watched.append(kernel)
    ready = select.select(watched, [], [])[0]
else:
    ready = []
if kernel not in ready:
    try:
        if not select.select([kernel], [], [], 0)[0]:
            os.killpg(pid, signal.SIGKILL)
        signal.pidfd_send_signal(kernel, signal.SIGKILL)
    except OSError:
        pass
"""


def guard(pid: int) -> subprocess.Popen | None:
    """Start the watchdog of process `pid` (a kernel this process started, the leader of its own
    session): it kills the kernel and its process group with SIGKILL once this process has ended (even
    by kill -9, with the kernel stopped), and ends when the kernel does. None where there are no
    pidfds (not Linux) or the kernel has ended already."""
    if not hasattr(os, "pidfd_open"):
        return None
    fd = pidfd(pid)
    if fd is None:
        return None
    try:
        argv = [sys.executable, "-I", "-S", "-c", WATCHDOG, str(os.getpid()), str(fd), str(pid)]
        return subprocess.Popen(argv, pass_fds=[fd], start_new_session=True, stdin=subprocess.DEVNULL)
    finally:
        os.close(fd)
