"""Kernels: each started with retries, warmed ahead of the notebooks, and every one stopped when the
build is (Ctrl-C, SIGTERM: see stopping.py).

A kernel's start and its imports (pandas, matplotlib: about 5 s) are the largest fixed cost of
executing a notebook. Started first, they overlap the main process's work instead of following it.
Each kernel serves one notebook and is shut down after it, so no state passes between notebooks.

Every kernel started is registered with `stopping`, which kills them all on SIGINT or SIGTERM.

Kernels talk to the build over Unix sockets (ZeroMQ's ipc transport), each in a folder of its own:
no TCP port is chosen before it is bound, so two kernels (of one build, of two builds, of a test beside
a build) cannot race for one, and a machine with no network interface at all, not even loopback, still
runs them.

Light at import (no jupyter_client, no asyncio).
"""

import contextlib
import functools
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from ..data import paths
from ..errors import BuildError
from . import lifetime, owners
from .stopping import check_stop, started, stopped

# What every notebook imports first; run silently so execution counts still start at 1.
WARM_MODULES = (
    "cicasco.report.notebook",
    "cicasco.report.charts",
    "cicasco.report.register_view",
    "cicasco.analysis.chairs",
)
WARM_CODE = "import " + ", ".join(WARM_MODULES)
ATTEMPTS = 3  # a kernel that fails to start (a machine too busy to answer in time) is stopped and
# another started, this many times in all
SOCKET_PATH_MAX = 100  # a Unix socket's path is at most 107 bytes on Linux (104 on macOS); "-<port>" follows
READY_TIMEOUT = 120  # seconds a new kernel may take to answer (generous: two builds on two cores)
KERNEL_ARGS = [
    "--IPKernelApp.log_level=ERROR",  # errors reach the log; the per-kernel TCP warning does not
    "--HistoryManager.enabled=False",  # no history database (the user's would be opened, even renamed)
]
SPECS: list = []  # a batch's forked_kernels.ForkServer specs, when one runs: kernels are forked from it


def manager(kernel_name: str = "python3"):
    """An AsyncKernelManager (not started) whose kernel will listen on Unix sockets in a new private
    folder; `release` removes the folder."""
    from jupyter_client.manager import AsyncKernelManager

    where = tempfile.gettempdir()
    if len(where) + len("/cicasco-kernel-4194304-xxxxxxxx/k-65535") > SOCKET_PATH_MAX:
        where = "/tmp"  # a long TMPDIR: /tmp is short on every Unix
    _clear_abandoned(where)
    folder = tempfile.mkdtemp(prefix=f"cicasco-kernel-{os.getpid()}-", dir=where)
    if SPECS and not SPECS[0].running():  # the fork server is gone (even killed with kill -9)
        SPECS.clear()
        print("the kernel fork server has ended; starting ordinary kernels", file=sys.stderr, flush=True)
    specs = SPECS[0] if SPECS else _ordinary()
    km = AsyncKernelManager(
        kernel_name=kernel_name, transport="ipc", ip=str(Path(folder) / "k"), kernel_spec_manager=specs
    )
    km.connection_file = str(Path(folder) / "kernel.json")
    km._socket_folder = folder
    return km


@functools.cache
def _ordinary():
    """This environment's Python kernel, found without searching for kernel specs (a search creates
    ~/.ipython, reads the user's folders, and may find another Python)."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]

    class Ordinary(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str, *args, **kwargs) -> KernelSpec:
            return KernelSpec(argv=argv, display_name="Python 3", language="python")

    return Ordinary()


@functools.cache  # once per process and folder
def _clear_abandoned(where: str) -> None:
    """Remove the socket folders of kernels whose build was killed (kill -9) and so could not."""
    owners.remove_abandoned(Path(where).glob("cicasco-kernel-*-*"), lambda name: name.split("-")[2])


def environment(km=None) -> dict[str, str]:
    """A kernel's environment: the build's, with IPython's folder in the kernel's own socket folder
    (removed with it: the user's profile is never read or changed) and matplotlib's in the build cache
    (its font list built once; no /tmp/matplotlib-* when the home folder is not writable). The
    debugger ipykernel imports warns on stderr about Python's frozen modules unless told not to (as
    ipykernel's own kernel spec and papermill's command line tell it)."""
    env = dict(os.environ, MPLCONFIGDIR=str(paths.CACHE_DIR / "matplotlib"))
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    folder = getattr(km, "_socket_folder", None)
    if folder:
        env["IPYTHONDIR"] = str(Path(folder) / "ipython")
    return env


def start(kernel_name: str = "python3", attempts: int = ATTEMPTS):
    """A started kernel that has answered, as an AsyncKernelManager. One that fails to start or to
    answer within READY_TIMEOUT is stopped and another started, `attempts` times in all; then
    BuildError, with the last cause."""
    import asyncio

    cause = ""
    for attempt in range(1, attempts + 1):
        check_stop()
        km = manager(kernel_name)
        try:
            asyncio.run(_boot_kernel(km))
        except Exception as e:
            release(km)
            check_stop()
            cause = f"{e.__class__.__name__}: {e}".strip().rstrip(":")
            if attempt < attempts:
                print(f"a kernel did not start ({cause}); starting another", file=sys.stderr, flush=True)
            continue
        if stopped():  # started while the build was being stopped
            release(km)
            check_stop()
        return km
    raise BuildError(f"could not start a Python kernel ({attempts} attempts; the last: {cause})")


async def _boot_kernel(km) -> None:
    """Start the kernel, note its process (to kill it on a stop), wait until it answers."""
    await km.start_kernel(cwd=str(paths.ROOT), extra_arguments=KERNEL_ARGS, env=environment(km))
    proc = getattr(km.provisioner, "process", None)
    if proc is not None:
        started[proc.pid] = proc
        if km.kernel_spec_manager is _ordinary():  # a forked kernel's server kills it (lifetime.py)
            km._guard = lifetime.guard(proc.pid)
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
        started.pop(proc.pid, None)
    folder = getattr(km, "_socket_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
    guard = getattr(km, "_guard", None)
    if guard is not None:  # it ends with its kernel: reap it
        with contextlib.suppress(subprocess.TimeoutExpired):
            guard.wait(timeout=5)


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

        km = None
        try:  # no retry: a warm kernel is a bonus, a notebook without one starts its own (with retries)
            check_stop()
            km = manager(self.kernel_name)
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
            if not stopped():
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
            if not run.done() and (stopped() or not await km.is_alive()):
                run.cancel()
                raise RuntimeError("the kernel died or the build was stopped")
        run.result()
    finally:
        kc.stop_channels()
