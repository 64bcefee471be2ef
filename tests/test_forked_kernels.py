"""Kernels forked from a server that has done the imports (forked_kernels.py): fresh per notebook, gone
with their launcher, and a batch built on them gives the bytes that single builds give."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from cicasco.data import paths
from cicasco.pipeline import forked_kernels, kernels, stopping

pytestmark = pytest.mark.skipif(not forked_kernels.available(), reason="forked kernels are Linux-only")


@pytest.fixture
def server():
    with forked_kernels.ForkServer() as s:
        kernels.SPECS[:] = [s.specs()]
        try:
            yield s
        finally:
            kernels.SPECS.clear()
            stopping.reset()
    assert not Path(s.socket).exists() and s.proc.poll() is not None


def _run(km, code: str, expression: str) -> str:
    kc = km.client()
    kc.start_channels()
    try:
        reply = asyncio.run(kc.execute_interactive(code, user_expressions={"e": expression}, timeout=60))
    finally:
        kc.stop_channels()
    return reply["content"]["user_expressions"]["e"]["data"]["text/plain"]


def test_each_kernel_is_a_fresh_fork_that_shares_nothing_with_the_last(server):
    first = kernels.start()
    try:
        pid = int(_run(first, "import os\nleft_behind = 1", "os.getpid()"))
        kernel = psutil.Process(pid)
        assert kernel.ppid() == server.proc.pid  # forked by the server, not started by jupyter_client
        assert pid != first.provisioner.process.pid  # which started the launcher
        assert kernel.cwd() == str(paths.ROOT)  # the launcher's working folder, as the build sets it
    finally:
        kernels.release(first)
    second = kernels.start()
    try:
        assert (
            _run(second, "import sys", "'left_behind' in globals(), 'pandas' in sys.modules")
            == "(False, True)"
        )
    finally:
        kernels.release(second)


def test_a_forked_kernel_ends_with_its_launcher(server):
    km = kernels.start()
    pid = int(_run(km, "import os", "os.getpid()"))
    os.killpg(km.provisioner.process.pid, signal.SIGKILL)  # what stopping.kill_all does on Ctrl-C
    end = time.monotonic() + 10
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < end, "the kernel outlived its launcher"
        time.sleep(0.1)
    kernels.release(km)


def test_without_its_server_a_manager_starts_ordinary_kernels(server):
    server.proc.terminate()
    server.proc.wait(10)
    km = kernels.start()
    try:
        assert int(_run(km, "import os", "os.getpid()")) == km.provisioner.process.pid
    finally:
        kernels.release(km)


@pytest.mark.integration
def test_a_batch_on_forked_kernels_gives_the_bytes_of_single_builds(tmp_path):
    cli = [sys.executable, "-m", "cicasco.pipeline.cli", "build"]
    batch, single = tmp_path / "batch", tmp_path / "single"
    run = subprocess.run(
        [*cli, "--country", "China,India", "--out", str(batch), "--cache-dir", str(tmp_path / "c1")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    for country in ("China", "India"):
        one = [*cli, "--country", country, "--out", str(single), "--cache-dir", str(tmp_path / "c2")]
        assert subprocess.run(one, capture_output=True).returncode == 0

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
        }

    got, want = files(batch), files(single)
    assert len(want) > 20 and got.keys() == want.keys()
    assert [k for k in want if got[k] != want[k]] == []
