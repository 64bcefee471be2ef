"""The preview's build process: warm kernels, the HTML on each change, the PDF when asked for."""

import contextlib
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from ...errors import ReportError
from ..options import Options
from .watch import PREVIEW_WARM_CODE

# ---------------------------------------------------------------------------------------------------
# The build process


def _warm_pool(size: int):
    """A kernels.KernelPool whose kernels also import what the notebooks import, that is topped up
    after each build, and whose busy kernels can be killed when their notebooks are not wanted. Each
    kernel still serves one notebook and is then shut down."""
    from ..kernels import KernelPool, _run_silently

    class WarmPool(KernelPool):
        def __init__(self, n: int):
            self.size, self.busy = n, set()
            super().__init__(n)

        async def _boot(self, km) -> None:
            await super()._boot(km)
            await _run_silently(km, PREVIEW_WARM_CODE)

        def take(self, setup_code: str = "", timeout: float = 120):
            km = super().take(setup_code, timeout)
            with self._lock:
                self.busy.add(km)
            return km

        def release(self, km) -> None:
            super().release(km)
            with self._lock:  # forget it: a long preview starts hundreds
                self.busy.discard(km)
                if km in self._started:
                    self._started.remove(km)

        def refill(self) -> None:
            """Start kernels until `size` are ready or starting, all at once (started one after
            another, they fall behind a quick run of saves)."""
            self._threads = [t for t in self._threads if t.is_alive()]
            for _ in range(self.size - self._ready.qsize() - len(self._threads)):
                t = threading.Thread(target=self._start, daemon=True)
                self._threads.append(t)
                t.start()

        def kill_busy(self) -> None:
            """Kill the kernels running notebooks now (started on a guess that proved wrong)."""
            with self._lock:
                busy = [km for km in self.busy if km is not None]
            for km in busy:
                with contextlib.suppress(Exception):
                    os.killpg(km.provisioner.process.pid, signal.SIGKILL)

    return WarmPool(size)


class _Builder:
    """Lives in the build process: the imports, the options, the last good plan and build folder."""

    def __init__(self, opts: Options, work: Path, pool):
        from ...data.digest import fingerprint
        from ...report import render
        from .. import steps

        self.work, self.pool = work, pool
        self.opts = replace(opts, kernels=pool, pdf=False, out_root=work)
        self.steps, self.render, self.fingerprint = steps, render, fingerprint
        self.last_plan = None  # the last plan that validated: its guess starts the notebooks early

    def html(self) -> dict:
        """Check the inputs, run the notebooks whose inputs changed (from the cache otherwise), write
        the page (no PDF). After a first good build, the notebooks start at once on the last plan's
        parameters while the data is validated beside them: a guess, kept only if the new plan
        agrees, and thrown away (its kernels killed) if the data turns out not to be valid."""
        times = [time.perf_counter()]
        build = Path(tempfile.mkdtemp(prefix=".build-", dir=self.work))
        try:
            plan, outcomes = self._plan_and_run(build)
            times.append(time.perf_counter())
            self.steps.render_outputs(plan, build / "report")
            times.append(time.perf_counter())
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        self.last_plan = plan
        last, old = self.work / "last", self.work / ".old"
        if last.exists():
            last.rename(old)
        build.rename(last)
        shutil.rmtree(old, ignore_errors=True)
        executed = [s.notebook for s, how in zip(plan.sections, outcomes, strict=True) if how == "executed"]
        return {
            "ok": True,
            "dir": str(last),
            "executed": executed,
            "cached": len(outcomes) - len(executed),
            "steps": "check and notebooks {:.1f} s, page {:.1f} s".format(
                *(b - a for a, b in zip(times, times[1:], strict=False))
            ),
        }

    def _run(self, plan, build: Path) -> list[str]:
        self.pool.refill()  # kernels killed by a wrong guess are replaced before they are wanted
        shutil.rmtree(build / "report", ignore_errors=True)
        shutil.rmtree(build / "figures", ignore_errors=True)
        (build / "figures").mkdir()
        return self.steps.run_notebooks(plan, build / "report", build / "figures")

    def _plan_and_run(self, build: Path):
        if self.last_plan is None:
            plan = self.steps.plan(self.opts)
            return plan, self._run(plan, build)
        guess = replace(self.last_plan, fingerprint=self.fingerprint(self.opts.data))
        with ThreadPoolExecutor(1) as ex:
            running = ex.submit(self._run, guess, build)
            try:
                plan = self.steps.plan(self.opts)
            except BaseException:
                self._drop(running)
                raise
            if not self._agree(plan, guess):
                self._drop(running)
                return plan, self._run(plan, build)
            return plan, running.result()

    def _drop(self, running) -> None:
        """Stop notebooks started on a wrong guess: kill their kernels, wait for them to end. Their
        failure is not the one to report, nor are the clients' log lines about dead kernels."""
        import logging

        logs = [logging.getLogger(n) for n in ("papermill", "nbclient", "traitlets")]
        levels = [log.level for log in logs]
        for log in logs:
            log.setLevel(logging.CRITICAL + 1)
        try:
            self.pool.kill_busy()
            running.exception()
        finally:
            for log, level in zip(logs, levels, strict=True):
                log.setLevel(level)

    def _agree(self, plan, guess) -> bool:
        """Whether notebooks run on `guess` are what `plan` would have run: the same sections,
        parameters (the data's fingerprint included) and input files."""
        s = self.steps
        return (
            plan.sections == guess.sections
            and s.notebook_parameters(plan) == s.notebook_parameters(guess)
            and all(s._inputs(plan, x) == s._inputs(guess, x) for x in plan.sections)
        )

    def pdf(self) -> dict:
        report = self.work / "last" / "report"
        out = report / "report.pdf"
        if not out.exists():
            start = time.perf_counter()
            tmp = report / ".report.pdf.tmp"
            self.render.write_pdf((report / "report.html").read_text(encoding="utf-8"), tmp)
            tmp.rename(out)
            print(f"preview: PDF written in {time.perf_counter() - start:.1f} s", flush=True)
        return {"ok": True, "path": str(out)}


def _failure(e: BaseException) -> dict:
    """A failed request's message: the CLI's for the errors the build reports, else the traceback."""
    if isinstance(e, ReportError):
        return {"ok": False, "error": f"error: {e}"}
    return {"ok": False, "error": "internal error:\n" + "".join(traceback.format_exception(e)).rstrip()}


def _worker_main(conn, opts: Options, work: str) -> None:
    """The build process: answer "html" and "pdf" requests until SIGTERM or the server goes away.
    SIGTERM kills every kernel at once and unwinds (stopping.stop_on_signals), as it does a build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which stops us in order
    sys.modules.setdefault("rfc3987_syntax", None)  # see cli.main
    from .. import cache, stopping

    pool = None
    with contextlib.suppress(stopping.Stopped), stopping.stop_on_signals():
        try:
            pool = _warm_pool(max(cache.notebooks_to_run(opts), 1))  # started before the heavy imports
            try:
                builder, broken = _Builder(opts, Path(work), pool), None
            except Exception as e:  # e.g. a syntax error just saved in the package: shown, not fatal
                builder, broken = None, _failure(e)
            while True:
                try:
                    what = conn.recv()
                except (EOFError, OSError):  # the server is gone
                    break
                try:
                    reply = broken or getattr(builder, what)()
                except Exception as e:
                    reply = _failure(e)
                conn.send(reply)
                if what == "html":
                    pool.refill()  # after the reply: kernels start while the page loads
        finally:
            if pool is not None:
                with stopping.uninterrupted():
                    pool.shutdown()
            conn.close()


class _Worker:
    """The server's handle on the build process: one request at a time."""

    def __init__(self, opts: Options, work: Path):
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, opts, str(work)), name="cicasco-build")
        self.proc.start()
        child.close()
        self.lock = threading.Lock()

    def request(self, what: str) -> dict:
        with self.lock:
            try:
                self.conn.send(what)
                return self.conn.recv()
            except (EOFError, OSError):
                return {
                    "ok": False,
                    "error": f"internal error: the build process stopped (exit code {self.proc.exitcode})",
                }

    @property
    def alive(self) -> bool:
        return self.proc.is_alive()

    def stop(self, timeout: float = 60) -> None:
        """Stop the build process: SIGTERM, on which it kills a running build's kernels, shuts the idle
        ones down and exits; killed only if it has not done so in `timeout` seconds."""
        self.proc.terminate()
        self.proc.join(timeout)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()
