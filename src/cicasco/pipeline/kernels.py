"""Kernels: each started with retries, warmed ahead of the notebooks, and every one stopped when the
build is (Ctrl-C, SIGTERM).

A kernel's start and its imports (pandas, matplotlib: about 5 s) are the largest fixed cost of
executing a notebook. Started first, they overlap the main process's work instead of following it.
Each kernel serves one notebook and is shut down after it, so no state passes between notebooks.

Kernels run in their own sessions (jupyter_client starts them so), so a Ctrl-C at the terminal never
reaches them and a killed build would orphan them: `stop_on_signals` kills every kernel this process
started before the build unwinds (staging removed, exit 130 or 143). A build killed with SIGKILL cannot
do that; its kernels exit on their own when they see their parent gone (ipykernel's parent poller).

Light at import (no jupyter_client, no asyncio): `cicasco build` installs the signal handlers before
the fast up-to-date check.
"""

import contextlib
import os
import queue
import signal
import sys
import threading

from ..data import paths
from ..errors import BuildError, Stopped  # Stopped: raised here, re-exported as kernels.Stopped

# What every notebook imports first; run silently so execution counts still start at 1.
WARM_CODE = "import cicasco.report.notebook, cicasco.report.charts, cicasco.report.register_view, cicasco.analysis.chairs"
ATTEMPTS = 3  # a kernel that fails to start (a port taken between choice and bind, a machine too busy to
# answer in time) is stopped and another started, this many times in all
READY_TIMEOUT = 120  # seconds a new kernel may take to answer (generous: two builds on two cores)
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]  # errors reach the log; the per-kernel TCP warning does not


_stop = threading.Event()  # set once a stop signal arrived: nothing new starts
_kernels: dict[int, object] = {}  # pid -> subprocess.Popen of every kernel started and not yet shut down
_state = {"owner": 0, "defer": 0, "pending": 0}  # installing pid; critical-section depth; deferred signal


def reset() -> None:
    """Forget a stop, so this process may build again (tests; a long-lived build process)."""
    import logging

    kill_all()
    _stop.clear()
    _state["pending"] = 0
    for name, level in _levels.items():
        logging.getLogger(name).setLevel(level)
    _levels.clear()


def check_stop() -> None:
    """Raise Stopped if a stop signal has arrived (called before anything new starts)."""
    if _stop.is_set():
        raise Stopped(_state["pending"] or signal.SIGINT)


def kill_all() -> None:
    """Kill every kernel this process started and has not shut down, with its process group (a kernel
    is the leader of its own session). Safe in a signal handler: no locks."""
    for proc in list(_kernels.values()):
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
    """SIGINT and SIGTERM stop the build: kernels killed at once, then Stopped raised in the main
    thread so every `finally` (staging removal) runs. A no-op off the main thread or when this process
    already installed them; a SIGINT ignored by the parent (a background job) stays ignored."""
    if threading.current_thread() is not threading.main_thread() or _state["owner"] == os.getpid():
        yield
        return
    wanted = [signal.SIGTERM]
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        wanted.append(signal.SIGINT)
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


def start(kernel_name: str = "python3", attempts: int = ATTEMPTS):
    """A started kernel that has answered, as an AsyncKernelManager. One that fails to start or to
    answer within READY_TIMEOUT is stopped and another started, `attempts` times in all; then
    BuildError, with the last cause."""
    import asyncio

    from jupyter_client.manager import AsyncKernelManager

    cause = ""
    for attempt in range(1, attempts + 1):
        check_stop()
        km = AsyncKernelManager(kernel_name=kernel_name)
        try:
            asyncio.run(_boot_kernel(km))
        except Exception as e:
            release(km)
            check_stop()
            cause = f"{e.__class__.__name__}: {e}".strip().rstrip(":")
            if attempt < attempts:
                print(f"a kernel did not start ({cause}); starting another", file=sys.stderr, flush=True)
            continue
        if _stop.is_set():  # started while the build was being stopped
            release(km)
            check_stop()
        return km
    raise BuildError(f"could not start a Python kernel ({attempts} attempts; the last: {cause})")


async def _boot_kernel(km) -> None:
    """Start the kernel, note its process (to kill it on a stop), wait until it answers."""
    await km.start_kernel(cwd=str(paths.ROOT), extra_arguments=KERNEL_ARGS)
    proc = getattr(km.provisioner, "process", None)
    if proc is not None:
        _kernels[proc.pid] = proc
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=READY_TIMEOUT)
    finally:
        kc.stop_channels()


def release(km) -> None:
    """Shut down a kernel (alive or not) and free what it held (its connection file, its sockets)."""
    if km is None or getattr(km, "_released", False):
        return
    km._released = True
    import asyncio

    proc = getattr(getattr(km, "provisioner", None), "process", None)
    with contextlib.suppress(Exception):  # already gone: nothing to stop
        asyncio.run(_shutdown(km))
    if proc is not None:
        with contextlib.suppress(OSError):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        _kernels.pop(proc.pid, None)


async def _shutdown(km) -> None:
    if km.has_kernel:
        await km.shutdown_kernel(now=True)
    else:
        await km.cleanup_resources()


class KernelPool:
    """`size` kernels started at once in background threads, each with WARM_CODE run in it."""

    def __init__(self, size: int, kernel_name: str = "python3"):
        self.kernel_name = kernel_name
        self._ready: queue.Queue = queue.Queue()
        self._started: list = []
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._start, daemon=True) for _ in range(size)]
        for t in self._threads:
            t.start()

    def _start(self) -> None:
        import asyncio

        from jupyter_client.manager import AsyncKernelManager

        km = None
        try:  # no retry: a warm kernel is a bonus, a notebook without one starts its own (with retries)
            check_stop()
            km = AsyncKernelManager(kernel_name=self.kernel_name)
            asyncio.run(self._boot(km))
            check_stop()
        except BaseException:  # not offered
            release(km)
            self._ready.put(None)
            return
        self._ready.put(km)

    async def _boot(self, km) -> None:
        await _boot_kernel(km)
        with self._lock:
            self._started.append(km)
        await _run_silently(km, WARM_CODE)

    def take(self, setup_code: str = "", timeout: float = READY_TIMEOUT):
        """A warm kernel, after running `setup_code` in it silently; None if none could be had."""
        waited = 0.0
        while True:
            check_stop()
            try:
                km = self._ready.get(timeout=0.5)
                break
            except queue.Empty:
                waited += 0.5
                if waited >= timeout:
                    return None
        if km is not None and setup_code:
            import asyncio

            try:
                asyncio.run(_run_silently(km, setup_code))
            except Exception:
                release(km)
                return None
        return km

    def release(self, km) -> None:
        """Shut down a kernel that has served its notebook."""
        release(km)

    def shutdown(self) -> None:
        """Stop every kernel the pool started (used or not). After a stop signal, without waiting for
        kernels still starting: they are killed, and their threads end with the process."""
        for t in self._threads:
            if not _stop.is_set():
                t.join(timeout=READY_TIMEOUT)
        with self._lock:
            started, self._started = self._started, []
        for km in started:
            release(km)


async def _run_silently(km, code: str) -> None:
    """Run code without output or history, so the notebook's execution counts still start at 1. Gives
    up (RuntimeError) as soon as the kernel dies or the build is stopped, rather than at the timeout."""
    import asyncio

    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        run = asyncio.ensure_future(
            kc.execute_interactive(code, silent=True, store_history=False, timeout=120)
        )
        while not run.done():
            await asyncio.wait([run], timeout=0.5)
            if not run.done() and (_stop.is_set() or not await km.is_alive()):
                run.cancel()
                raise RuntimeError("the kernel died or the build was stopped")
        run.result()
    finally:
        kc.stop_channels()
