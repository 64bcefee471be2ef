"""Warm kernels: started before the build's own imports and data checks, with the report's modules
already imported, then handed to papermill one per notebook.

A kernel's start and its imports (pandas, matplotlib: about 5 s) are the largest fixed cost of
executing a notebook. Started first, they overlap the main process's work instead of following it.
Each kernel serves one notebook and is shut down after it, so no state passes between notebooks.
"""

import asyncio
import contextlib
import queue
import threading

from jupyter_client.manager import AsyncKernelManager

from ..data import paths

# What every notebook imports first; run silently so execution counts still start at 1.
WARM_CODE = "import cicasco.report.notebook, cicasco.report.charts, cicasco.report.register_view, cicasco.analysis.chairs"


class KernelPool:
    def __init__(self, size: int, kernel_name: str = "python3"):
        self.kernel_name = kernel_name
        self._ready: queue.Queue = queue.Queue()
        self._started: list[AsyncKernelManager] = []
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._start, daemon=True) for _ in range(size)]
        for t in self._threads:
            t.start()

    def _start(self) -> None:
        km = AsyncKernelManager(kernel_name=self.kernel_name)
        try:
            asyncio.run(self._boot(km))
        except Exception:  # a kernel that failed to warm is not offered; papermill starts its own
            self._ready.put(None)
            return
        self._ready.put(km)

    async def _boot(self, km: AsyncKernelManager) -> None:
        # errors still reach the log; the warning every kernel prints about unencrypted local TCP does not
        await km.start_kernel(cwd=str(paths.ROOT), extra_arguments=["--IPKernelApp.log_level=ERROR"])
        with self._lock:
            self._started.append(km)
        await _run_silently(km, WARM_CODE)

    def take(self, setup_code: str = "", timeout: float = 120) -> AsyncKernelManager | None:
        """A warm kernel, after running `setup_code` in it silently; None if none could be had."""
        try:
            km = self._ready.get(timeout=timeout)
        except queue.Empty:
            return None
        if km is not None and setup_code:
            try:
                asyncio.run(_run_silently(km, setup_code))
            except Exception:
                return None
        return km

    def release(self, km: AsyncKernelManager | None) -> None:
        """Shut down a kernel that has served its notebook."""
        if km is not None:
            with contextlib.suppress(Exception):  # already gone: nothing to stop
                asyncio.run(_shutdown(km))

    def shutdown(self) -> None:
        """Stop every kernel the pool started (used or not)."""
        for t in self._threads:
            t.join(timeout=60)
        for km in self._started:
            self.release(km)


async def _run_silently(km: AsyncKernelManager, code: str) -> None:
    """Run code without output or history, so the notebook's execution counts still start at 1."""
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        await kc.execute_interactive(code, silent=True, store_history=False, timeout=120)
    finally:
        kc.stop_channels()


async def _shutdown(km: AsyncKernelManager) -> None:
    if await km.is_alive():
        await km.shutdown_kernel(now=True)
