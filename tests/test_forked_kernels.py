"""Kernels forked from a server that has done the imports (forked_kernels.py): fresh per notebook, gone
with their launcher, and a batch built on them gives the bytes that single builds give."""

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest

from cicasco.data import paths
from cicasco.pipeline import forked_kernels, kernels, stopping

from .conftest import alive

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


def test_the_server_and_its_kernels_print_nothing_on_the_builds_terminal(capfd):
    """What the server preloads (the debugger among them) warns on nothing; a kernel's own output goes
    to its notebook, not to the terminal the batch prints its progress on."""
    with forked_kernels.ForkServer() as s:
        kernels.SPECS[:] = [s.specs()]
        try:
            km = kernels.start()
            try:
                assert _run(km, "import sys, ipykernel.debugger", "'pydevd' in sys.modules") == "True"
            finally:
                kernels.release(km)
        finally:
            kernels.SPECS.clear()
            stopping.reset()
    assert capfd.readouterr().err == ""


def test_a_forked_kernel_ends_with_its_launcher(server):
    km = kernels.start()
    pid = int(_run(km, "import os", "os.getpid()"))
    os.killpg(km.provisioner.process.pid, signal.SIGKILL)  # what stopping.kill_all does on Ctrl-C
    end = time.monotonic() + 10
    while alive([pid]):
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


def test_a_fork_server_killed_with_kill_9_is_noticed_and_kernels_fall_back(server, capfd):
    server.proc.kill()
    server.proc.wait(10)
    assert Path(server.socket).exists()  # its socket outlives it
    assert not server.running()
    km = kernels.start()
    try:
        assert int(_run(km, "import os", "os.getpid()")) == km.provisioner.process.pid
    finally:
        kernels.release(km)
    err = capfd.readouterr().err
    assert err.count("the kernel fork server has ended; starting ordinary kernels\n") == 1, err
    assert "did not start" not in err


def _stopped_kernel_is_killed_at_the_timeout(km, tmp_path, monkeypatch):
    """SIGSTOP the kernel, run a notebook on it with --timeout 8: the notebook fails naming the limit,
    well before nbclient's own 60 s, and the released kernel is gone (SIGKILL reaches a stopped one)."""
    import nbformat

    from cicasco.errors import BuildError
    from cicasco.pipeline import runner

    pid = int(_run(km, "import os", "os.getpid()"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nbformat.write(nb, tmp_path / "stopped.ipynb")
    monkeypatch.setattr(paths, "NOTEBOOK_DIR", tmp_path)
    os.kill(pid, signal.SIGSTOP)
    start = time.monotonic()
    try:
        with pytest.raises(BuildError) as e:
            runner.execute(
                SimpleNamespace(notebook="stopped.ipynb"), {}, tmp_path / "out.ipynb", tmp_path, 8, km
            )
    finally:
        kernels.release(km)
    assert time.monotonic() - start < 50  # the limit is 8 s; nbclient's own start timeout is 60 s
    assert str(e.value).endswith("stopped.ipynb: its kernel did not answer within 8 s (--timeout); stopped")
    end = time.monotonic() + 15
    while alive([pid]):  # (it may end between two looks: a race the helper allows for)
        assert time.monotonic() < end, "a stopped kernel outlived its release"
        time.sleep(0.1)


def test_a_stopped_forked_kernel_is_killed_at_the_timeout(server, tmp_path, monkeypatch):
    _stopped_kernel_is_killed_at_the_timeout(kernels.start(), tmp_path, monkeypatch)


def test_a_stopped_ordinary_kernel_is_killed_at_the_timeout(tmp_path, monkeypatch):
    _stopped_kernel_is_killed_at_the_timeout(kernels.start(), tmp_path, monkeypatch)
    stopping.reset()


def _cmdlines(proc: psutil.Process) -> list[str]:
    found = []
    for k in proc.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            found.append(" ".join(k.cmdline()))
    return found


@pytest.mark.integration
def test_kill_9_of_a_batch_ends_its_workers_server_and_kernels(tmp_path):
    cli = [sys.executable, "-m", "cicasco.pipeline.cli", "build", "--force"]
    out, cache = str(tmp_path / "out"), str(tmp_path / "cache")
    proc = subprocess.Popen(
        [*cli, "--country", "China,India", "--out", out, "--cache-dir", cache, "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    end = time.monotonic() + 180
    while sum("ipykernel" in c or " launch " in c for c in _cmdlines(psutil.Process(proc.pid))) < 2:
        assert proc.poll() is None and time.monotonic() < end, "the batch never started its kernels"
        time.sleep(0.2)
    time.sleep(1)
    kids = {k.pid for k in psutil.Process(proc.pid).children(recursive=True)}
    assert len(kids) >= 4  # two workers, the fork server, launchers and kernels
    proc.kill()
    proc.wait()
    end = time.monotonic() + 30
    while alive(kids):
        assert time.monotonic() < end, f"{len(alive(kids))} process(es) outlived the batch"
        time.sleep(0.2)


LEAVE = """
import matplotlib.pyplot as plt
plt.plot([1, 2]); plt.savefig(__import__("io").BytesIO())
for i in range(3):
    get_ipython().run_cell(f"x = {i}", store_history=True)
"""


@pytest.mark.parametrize("forked", [False, True], ids=["ordinary", "forked"])
def test_kernels_leave_nothing_in_home_or_tmp(tmp_path, forked):
    """A kernel that plots and keeps history leaves the home folder and TMPDIR as they were: no IPython
    profile or history database, no /tmp/matplotlib-*, no socket folder."""
    home, tmp = tmp_path / "home", tmp_path / "t"
    home.mkdir(), tmp.mkdir()
    code = f"""
import asyncio, contextlib
from cicasco.pipeline import forked_kernels, kernels
with forked_kernels.ForkServer() if {forked} else contextlib.nullcontext() as s:
    kernels.SPECS[:] = [s.specs()] if s else []
    km = kernels.start()
    kc = km.client(); kc.start_channels()
    reply = asyncio.run(kc.execute_interactive({LEAVE!r}, timeout=120))
    kc.stop_channels()
    assert reply["content"]["status"] == "ok", reply["content"]
    kernels.release(km)
"""
    env = dict(os.environ, HOME=str(home), TMPDIR=str(tmp))
    env.pop("MPLCONFIGDIR", None), env.pop("IPYTHONDIR", None)
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in home.rglob("*")) == []
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp.rglob("*")) == []


@pytest.mark.integration
def test_a_batch_whose_fork_server_is_killed_builds_on_ordinary_kernels(tmp_path):
    cli = [sys.executable, "-m", "cicasco.pipeline.cli", "build", "--jobs", "2"]
    out, cache = str(tmp_path / "out"), str(tmp_path / "cache")
    proc = subprocess.Popen(
        [*cli, "--country", "China,India", "--out", out, "--cache-dir", cache],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    end = time.monotonic() + 180
    while not any(" launch " in c for c in _cmdlines(psutil.Process(proc.pid))):
        assert proc.poll() is None and time.monotonic() < end, "the batch never launched a kernel"
        time.sleep(0.1)
    server = next(k for k in psutil.Process(proc.pid).children() if " serve " in " ".join(k.cmdline()))
    server.kill()  # kill -9: its socket stays behind
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    assert stdout.startswith("2 of 2 reports built in ")
    lines = [
        ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith("reports:") and "\r" not in ln
    ]
    assert "Traceback" not in stderr
    assert set(lines) <= {"the kernel fork server has ended; starting ordinary kernels"}, lines
    assert len(lines) <= 2  # at most once per worker
