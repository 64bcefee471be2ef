"""Stopping a build: SIGINT, SIGTERM and SIGHUP kill every kernel it started, then unwind it (staging
removed, exit 130, 143 or 129), except inside a swap, which finishes first.

Kernels run in their own sessions (jupyter_client starts them so), so a Ctrl-C at the terminal never
reaches them and a killed build would orphan them: `stop_on_signals` kills every kernel this process
started (kernels.py registers each in `started`) before the build unwinds. A build killed with SIGKILL
cannot do that; its kernels exit on their own when they see their parent gone (ipykernel's parent
poller).

Light at import: `cicasco build` installs the handlers before the fast up-to-date check.
"""

import contextlib
import os
import signal
import sys
import threading

from ..errors import Stopped

_stop = threading.Event()  # set once a stop signal arrived: nothing new starts
started: dict[int, object] = {}  # pid -> subprocess.Popen of every kernel started and not yet shut down
_state = {"owner": 0, "defer": 0, "pending": 0}  # installing pid; critical-section depth; deferred signal
_hooks: dict = {}  # the exception hooks a stop silenced, put back by reset


def reset() -> None:
    """Forget a stop, so this process may build again (tests; a long-lived build process)."""
    import logging

    kill_all()
    _stop.clear()
    _state["pending"] = 0
    for name, level in _levels.items():
        logging.getLogger(name).setLevel(level)
    _levels.clear()
    threading.excepthook = _hooks.pop("thread", threading.excepthook)
    sys.unraisablehook = _hooks.pop("unraisable", sys.unraisablehook)


def stopped() -> bool:
    """Whether a stop signal has arrived."""
    return _stop.is_set()


def check_stop() -> None:
    """Raise Stopped if a stop signal has arrived (called before anything new starts)."""
    if _stop.is_set():
        raise Stopped(_state["pending"] or signal.SIGINT)


def kill_all() -> None:
    """Kill every kernel this process started and has not shut down, with its process group (a kernel
    is the leader of its own session). Safe in a signal handler: no locks."""
    for proc in list(started.values()):
        with contextlib.suppress(OSError):
            if proc.poll() is None:  # not yet reaped, so the pid (and group id) is still this kernel's
                os.killpg(proc.pid, signal.SIGKILL)


_LOGGERS = ("traitlets", "papermill", "nbclient", "jupyter_client", "asyncio", "tornado")
_levels: dict[str, int] = {}


def _quiet() -> None:
    """After a stop, the dying kernels' clients would log errors: the one-line message is what counts."""
    import logging

    for name in _LOGGERS:
        log = logging.getLogger(name)
        _levels.setdefault(name, log.level)
        log.setLevel(logging.CRITICAL + 1)
    # nor would a helper thread or a finaliser whose socket the stop closed under it (zmq's "Invalid file
    # descriptor: -1" after the message, seen under load): after a stop they are noise
    _hooks.setdefault("thread", threading.excepthook)
    _hooks.setdefault("unraisable", sys.unraisablehook)
    threading.excepthook = lambda args: None
    sys.unraisablehook = lambda unraisable: None


def _on_signal(signum, frame) -> None:
    first = not _stop.is_set()
    _state["pending"] = _state["pending"] or signum
    _stop.set()
    _quiet()
    mp = sys.modules.get("multiprocessing")
    if mp is not None and os.getpid() == _state["owner"]:
        for child in mp.active_children():  # batch workers: each stops its own build the same way
            with contextlib.suppress(OSError):
                os.kill(child.pid, signum)
    kill_all()
    # Raise only in the process that installed the handlers (a forked worker inherits them, and is
    # stopped by check_stop at its next step), only once, and never inside a swap (uninterrupted).
    if first and os.getpid() == _state["owner"] and not _state["defer"]:
        raise Stopped(signum)


@contextlib.contextmanager
def stop_on_signals():
    """SIGINT, SIGTERM and SIGHUP stop the build: kernels killed at once, then Stopped raised in the
    main thread so every `finally` (staging removal) runs. A no-op off the main thread or when this
    process already installed them; a SIGINT or SIGHUP ignored by the parent (a background job, nohup)
    stays ignored."""
    if threading.current_thread() is not threading.main_thread() or _state["owner"] == os.getpid():
        yield
        return
    wanted = [signal.SIGTERM]
    for s in (signal.SIGINT, signal.SIGHUP):  # SIGHUP: the terminal closed (its default ended the
        if signal.getsignal(s) is not signal.SIG_IGN:  # build mid-swap, the report moved aside)
            wanted.append(s)
    before = {s: signal.getsignal(s) for s in wanted}
    outer = _state["owner"]
    _state["owner"] = os.getpid()
    for s in wanted:
        signal.signal(s, _on_signal)
    try:
        yield
    finally:
        if _stop.is_set():
            kill_all()  # a kernel that started while the build unwound
        for s, h in before.items():
            signal.signal(s, h)
        _state["owner"] = outer


@contextlib.contextmanager
def uninterrupted():
    """A stop signal arriving inside waits for the end of the block (the swap of a finished report)."""
    _state["defer"] += 1
    try:
        yield
    finally:
        _state["defer"] -= 1
    if _stop.is_set() and not _state["defer"] and _state["owner"] == os.getpid():
        raise Stopped(_state["pending"] or signal.SIGINT)
