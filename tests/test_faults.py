"""Faults a build must survive: a second build of the same report, Ctrl-C and SIGTERM, kill -9, a cell
that never ends, a kernel that does not start, outputs damaged after the build, --out and --cache-dir
on another filesystem, a machine whose cores are busy. Each leaves the last good report byte for byte
and no staging behind."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from cicasco.data import paths
from cicasco.errors import BuildError
from cicasco.pipeline import build, cache, kernels, outline, publish, runner, stopping
from cicasco.pipeline.options import Options

from .conftest import alive, plant_cell

CLI = [sys.executable, "-m", "cicasco.pipeline.cli", "build"]


# --- units: no kernel, no build ------------------------------------------------------------------


@pytest.fixture
def fresh_kernels_state():
    yield
    stopping.reset()


def test_scrub_takes_machinery_logs_out_of_stderr_and_keeps_the_rest():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="tornado is a word here\n"),
        nbformat.v4.new_output(
            "stream",
            name="stderr",
            text=(
                "[IPKernelApp] WARNING | IOStream.flush timed out\n"
                "ERROR:tornado.general:Uncaught exception in ZMQStream callback\n"
                "Traceback (most recent call last):\n"
                '  File "/x/site-packages/zmq/eventloop/zmqstream.py", line 1, in _run_callback\n'
                "zmq.error.ZMQError: Socket operation on non-socket\n"
                "a warning of the notebook's own\n"
            ),
        ),
        nbformat.v4.new_output("stream", name="stderr", text="Heartbeat timed out\n"),
    ]
    nb.cells = [cell]
    outs = runner.scrub(nb).cells[0].outputs
    assert [(o.name, o.text) for o in outs] == [
        ("stdout", "tornado is a word here\n"),  # stdout is the notebook's own: untouched
        ("stderr", "a warning of the notebook's own\n"),
    ]


def test_clear_stale_puts_back_a_moved_report_and_touches_no_other_report(tmp_path):
    report = tmp_path / "report"
    (report / ".staging-china.old").mkdir(parents=True)  # killed between the two renames
    (report / ".staging-china.old" / "report.html").write_text("last good")
    for d in (".staging-china.123-ab", ".staging-china-taipei.9-cd", "russia"):
        (report / d).mkdir()
    (report / ".china.lock").write_text("")
    removed = publish.clear_stale(report / "china")
    assert (report / "china" / "report.html").read_text() == "last good"
    assert [p.name for p in removed] == [".staging-china.123-ab"]
    assert sorted(p.name for p in report.iterdir()) == [
        ".china.lock",
        ".staging-china-taipei.9-cd",  # another report's staging, perhaps being written now
        "china",
        "russia",
    ]


def test_a_second_holder_of_the_build_lock_waits_and_says_for_whom(tmp_path, capfd):
    target = tmp_path / "report" / "china"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from cicasco.pipeline import publish\n"
            "with publish.lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(1.5)",
            str(target),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    start = time.monotonic()
    with publish.lock(target) as mine:
        waited = time.monotonic() - start
        assert mine and publish.lock_path(target).read_text() == f"{os.getpid()}\n"
    holder.wait(10)
    assert waited > 0.5
    err = capfd.readouterr().err
    assert re.search(rf"waiting for another build of \S*report/china \(pid {holder.pid}\)", err), err
    with publish.lock(target), publish.lock(target, wait=False) as second:
        assert second is False  # the up-to-date check never waits and never clears a live build's staging


def test_cache_index_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    opts = Options(out_root=tmp_path / "out", cache_dir=tmp_path / "cache")
    report = opts.out / "report" / "china"
    cache.record(opts, "k1", report)
    index = opts.cache / "reports" / "k1"
    assert index.read_text() == "report/china\n"

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        cache.record(opts, "k1", opts.out / "report" / "russia")
    assert index.read_text() == "report/china\n"
    assert [p.name for p in index.parent.iterdir()] == ["k1"]  # no temporary file left


def test_a_stop_signal_waits_for_the_end_of_a_swap(fresh_kernels_state):
    after, before = [], signal.getsignal(signal.SIGTERM)
    with pytest.raises(stopping.Stopped) as e, stopping.stop_on_signals(), stopping.uninterrupted():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)  # the handler has run by now
        after.append("the swap finished")
    assert after == ["the swap finished"]
    assert e.value.exit_code == 143 and str(e.value).startswith("stopped by SIGTERM: kernels stopped")
    assert signal.getsignal(signal.SIGTERM) == before  # handlers put back


def test_a_kernel_that_fails_to_start_is_started_again(monkeypatch, capfd, fresh_kernels_state):
    real, calls = kernels._boot_kernel, []

    async def flaky(km):
        calls.append(km)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        await real(km)

    monkeypatch.setattr(kernels, "_boot_kernel", flaky)
    km = kernels.start()
    try:
        pid = km.provisioner.process.pid
        assert len(calls) == 2 and psutil.pid_exists(pid)
    finally:
        kernels.release(km)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert (
        "a kernel did not start (RuntimeError: Kernel died before replying to kernel_info); starting another"
        in capfd.readouterr().err
    )


def test_a_kernel_that_never_starts_stops_the_notebook_with_a_clear_message(
    monkeypatch, tmp_path, fresh_kernels_state
):
    async def dead(km):
        raise RuntimeError("Kernel didn't respond in 120 seconds")

    monkeypatch.setattr(kernels, "_boot_kernel", dead)
    section = next(s for s in outline.sections() if s.notebook == "02_chairmanships.ipynb")
    with pytest.raises(BuildError) as e:
        runner.execute(section, {}, tmp_path / "out.ipynb", tmp_path / "failed", 30)
    assert str(e.value) == (
        "notebooks/02_chairmanships.ipynb: could not start a Python kernel "
        "(3 attempts; the last: RuntimeError: Kernel didn't respond in 120 seconds)"
    )


# --- real builds ----------------------------------------------------------------------------------


def _other_filesystem(tmp_path_factory) -> Path:
    """A folder on another filesystem than the clone (/dev/shm), else a temporary folder."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shm.stat().st_dev != paths.ROOT.stat().st_dev:
        d = shm / f"cicasco-faults-{os.getpid()}"
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir()
        return d
    return tmp_path_factory.mktemp("faults")


@pytest.fixture(scope="module")
def last_good(tmp_path_factory):
    """China's report built with --out and --cache-dir on /dev/shm: (options, report folder)."""
    root = _other_filesystem(tmp_path_factory)
    opts = Options(country="CHN", out_root=root / "out", cache_dir=root / "cache")
    r = build.build(opts)
    yield opts, r.report_dir
    if str(root).startswith("/dev/shm/"):
        shutil.rmtree(root, ignore_errors=True)


def snapshot(opts: Options) -> dict[str, bytes]:
    """Every file of the report and its figures, by path (not the manifest: it holds the build key,
    which changes with any edit to the package, and others edit it while these tests run)."""
    return {
        p.relative_to(opts.out).as_posix(): p.read_bytes()
        for top in ("report/china", "figures/china")
        for p in sorted((opts.out / top).rglob("*"))
        if p.is_file() and p.name != cache.MANIFEST
    }


def key_of(report: Path) -> str:
    return json.loads((report / cache.MANIFEST).read_text())["key"]


def assert_rebuilt_as(opts: Options, report: Path, good: dict[str, bytes], key: str) -> None:
    """After a rebuild: the same bytes as before; or, if the package was edited meanwhile (others work
    in this tree while the tests run: a new build key), the same files."""
    now = snapshot(opts)
    if key_of(report) == key:
        assert now == good
    else:
        assert sorted(now) == sorted(good)


def intact(opts: Options, report: Path) -> bool:
    """The up-to-date check's answer on the outputs alone: under the key the report was built with, as
    the package may be edited (a new key) while these tests run."""
    return cache.up_to_date(opts, key_of(report)) == report


def leftovers(opts: Options) -> list[str]:
    """Staging and unfinished cache entries: what a build must never leave behind."""
    found = [*opts.out.glob("report/**/.staging-*"), *opts.out.glob("figures/**/.staging-*")]
    found += opts.cache.glob("notebooks/.tmp-*")
    return sorted(p.name for p in found)


@pytest.mark.integration
def test_out_and_cache_on_another_filesystem(last_good):
    opts, report = last_good
    if opts.out.stat().st_dev == paths.ROOT.stat().st_dev:
        pytest.skip("no second filesystem (/dev/shm) here")
    assert (report / "report.pdf").read_bytes().startswith(b"%PDF")
    assert intact(opts, report) and leftovers(opts) == []
    probe = opts.out / "probe"
    probe.mkdir()
    assert report.stat().st_mode & 0o777 == probe.stat().st_mode & 0o777  # not a temporary folder's 0700
    probe.rmdir()


@pytest.mark.integration
def test_damaged_outputs_are_seen_and_repaired_by_the_next_build(last_good):
    opts, report = last_good
    good, key = snapshot(opts), key_of(report)
    figures = opts.out / "figures" / "china"
    png = sorted(figures.glob("*.png"))[0]
    damages = {
        "a deleted figure": lambda: png.unlink(),
        "a 0-byte PDF": lambda: (report / "report.pdf").write_bytes(b""),
        "a figure overwritten by a one-off run": lambda: png.write_bytes(b"\x89PNG other chart"),
        "a file added to figures/": lambda: (figures / "one-off.svg").write_text("<svg/>"),
    }
    for what, damage in damages.items():
        damage()
        assert not intact(opts, report), f"{what} went unnoticed"
        (figures / "one-off.svg").unlink(missing_ok=True)
        for rel, data in good.items():
            (opts.out / rel).write_bytes(data)
        assert intact(opts, report)
    for damage in damages.values():
        damage()
    r = build.build(opts)
    assert not r.up_to_date
    assert_rebuilt_as(opts, report, good, key)
    assert intact(opts, report) and leftovers(opts) == []


@pytest.mark.integration
def test_a_notebook_past_the_timeout_stops_the_build_naming_notebook_and_cell(
    last_good, tmp_path, monkeypatch
):
    """The limit is the notebook's: two cells of 12 s each pass a 20-s limit per cell, not per notebook."""
    opts, report = last_good
    good = snapshot(opts)
    plant_cell(
        tmp_path,
        monkeypatch,
        "03_initiatives.ipynb",
        ["import time\ntime.sleep(12)", "time.sleep(12)  # second"],
    )
    start = time.monotonic()
    with pytest.raises(BuildError) as e:
        build.build(Options(country="CHN", out_root=opts.out, cache_dir=opts.cache, timeout=20))
    assert time.monotonic() - start < 120
    msg = str(e.value)
    m = re.search(
        r"03_initiatives\.ipynb ran longer than 20 s \(--timeout\) and was stopped in cell (\d+)", msg
    )
    assert m, msg
    kept = Path(re.search(r"kept for debugging: (\S+)", msg).group(1))
    ran = nbformat.read(kept if kept.is_absolute() else paths.ROOT / kept, as_version=4)
    stopped = next(c for c in ran.cells if c.get("execution_count") == int(m.group(1)))
    assert stopped.source == "time.sleep(12)  # second"
    assert snapshot(opts) == good and leftovers(opts) == []


def _start_cli(opts: Options, *extra: str) -> subprocess.Popen:
    """`cicasco build` for the fixture's report, in a process that takes SIGINT as a terminal's
    Ctrl-C would (a background job inherits SIGINT ignored; exec resets a handler to the default)."""
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(
            [*CLI, "--country", "China", "--out", str(opts.out), "--cache-dir", str(opts.cache), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        signal.signal(signal.SIGINT, old)


def _wait_for_notebooks(proc: subprocess.Popen, opts: Options, timeout: float = 180) -> set[int]:
    """Wait until the build is executing notebooks (staging made, kernels running); their pids."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, proc.communicate()
        kids = psutil.Process(proc.pid).children(recursive=True)
        # a kernel: an ordinary one, or the launcher of a forked one (its fork keeps the server's argv)
        if list(opts.out.glob("report/.staging-*")) and any(
            "ipykernel" in _cmdline(k) or "forked_kernels launch" in _cmdline(k) for k in kids
        ):
            time.sleep(1)  # a cell or two has run
            return {k.pid for k in psutil.Process(proc.pid).children(recursive=True)}
        time.sleep(0.2)
    raise AssertionError("the build never started its notebooks")


def _cmdline(proc: psutil.Process) -> str:
    """Its command line; '' for one that has ended (a forked kernel is a zombie until its server reaps it)."""
    try:
        return " ".join(proc.cmdline())
    except psutil.Error:
        return ""


def _gone(pids: set[int], within: float = 15) -> list[int]:
    """The pids still alive (not zombies) after waiting up to `within` seconds."""
    end = time.monotonic() + within
    while True:
        running = alive(pids)
        if not running or time.monotonic() > end:
            return running
        time.sleep(0.2)


@pytest.mark.integration
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stop_signal_kills_the_kernels_and_keeps_the_last_report(last_good, sig):
    opts, report = last_good
    good = snapshot(opts)
    proc = _start_cli(opts, "--force")
    children = _wait_for_notebooks(proc, opts)
    sent = time.monotonic()
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    took = time.monotonic() - sent
    assert proc.returncode == 128 + sig, err
    assert err.strip().splitlines()[-1] == (
        f"stopped by {sig.name}: kernels stopped, unfinished output removed, "
        "the last built report left as it was"
    )
    assert "Traceback" not in err and took < 30, (took, err)
    assert _gone(children, within=5) == [], "a kernel outlived the build"
    assert snapshot(opts) == good and leftovers(opts) == []


@pytest.mark.integration
def test_after_kill_9_the_kernels_exit_and_the_next_build_clears_the_staging(last_good):
    opts, report = last_good
    good = snapshot(opts)
    proc = _start_cli(opts, "--force")
    children = _wait_for_notebooks(proc, opts)
    proc.kill()
    proc.communicate()
    assert _gone(children) == [], "kernels outlived a killed build"  # ipykernel's parent poller
    assert list(opts.out.glob("report/.staging-china.*")) and leftovers(opts)
    assert snapshot(opts) == good
    r = subprocess.run(
        [*CLI, "--country", "China", "--out", str(opts.out), "--cache-dir", str(opts.cache)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert leftovers(opts) == [] and intact(opts, report)


@pytest.mark.integration
def test_a_second_build_of_the_same_report_waits_for_the_first(last_good):
    """The test holds the report's lock as a first build would; the CLI's build waits, says for whom,
    and once the lock is free repairs the report (a figure was deleted)."""
    opts, report = last_good
    good, key = snapshot(opts), key_of(report)
    sorted((opts.out / "figures" / "china").glob("*.svg"))[0].unlink()
    lines: list[str] = []
    with publish.lock(report):
        proc = _start_cli(opts)
        reader = threading.Thread(target=lambda: [lines.append(x) for x in proc.stderr], daemon=True)
        reader.start()
        end = time.monotonic() + 120
        while not any("waiting for another build" in line for line in lines):
            assert time.monotonic() < end and proc.poll() is None, lines
            time.sleep(0.2)
        time.sleep(1)
        assert proc.poll() is None  # still waiting
    out = proc.stdout.read()
    proc.wait(timeout=180)
    reader.join(5)
    assert proc.returncode == 0, "".join(lines)
    assert any(
        re.search(rf"waiting for another build of \S*report/china \(pid {os.getpid()}\)", line)
        for line in lines
    )
    assert re.search(r"report/china: \d notebook\(s\) executed, \d from cache", out), out
    assert_rebuilt_as(opts, report, good, key)
    assert leftovers(opts) == []


@pytest.mark.integration
def test_busy_cores_leave_no_machinery_output_in_any_notebook(tmp_path):
    """Two countries built at once while two busy loops hold both cores: every build succeeds and no
    executed notebook carries a stderr output (tornado, zmq or kernel logs under load)."""
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], stdout=subprocess.DEVNULL)
        for _ in range(2)
    ]
    try:
        r = subprocess.run(
            [
                *CLI,
                "--country",
                "China,Russia",
                "--out",
                str(tmp_path / "out"),
                "--cache-dir",
                str(tmp_path / "cache"),
            ],
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        for b in burners:
            b.kill()
            b.wait()
    assert r.returncode == 0, r.stderr
    executed = sorted((tmp_path / "cache" / "notebooks").glob("*/*.ipynb"))
    executed += sorted((tmp_path / "out" / "report").glob("*/notebooks/*.ipynb"))
    assert len(executed) == 8
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        stray = [
            o.text
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if o.output_type == "stream" and o.name == "stderr"
        ]
        assert stray == [], f"{path}: {stray}"
    assert not list((tmp_path / "out").glob("**/.staging-*"))


def test_kernels_listen_on_unix_sockets_in_a_folder_removed_after(fresh_kernels_state):
    """No TCP port is chosen before it is bound, so no other process can take it first."""
    km = kernels.start()
    folder = Path(km._socket_folder)
    try:
        info = json.loads(Path(km.connection_file).read_text())
        assert info["transport"] == "ipc" and info["ip"].startswith(str(folder))
        assert any(p.is_socket() for p in folder.iterdir())
    finally:
        kernels.release(km)
    assert not folder.exists()


NO_NETWORK_RUN = """
import asyncio
from cicasco.pipeline import kernels
km = kernels.start()
kc = km.client()
kc.start_channels()
reply = asyncio.run(kc.execute_interactive("x = 6 * 7", user_expressions={"x": "x"}, timeout=60))
print(reply["content"]["user_expressions"]["x"]["data"]["text/plain"])
kc.stop_channels()
kernels.release(km)
"""


@pytest.mark.integration
def test_a_kernel_runs_on_a_machine_with_no_network_interface(tmp_path):
    """A network namespace of its own has not even loopback up: a kernel must still start and run."""
    # as root, or as a user allowed a user namespace of its own (-r)
    ways = [w for w in (["unshare", "-n"], ["unshare", "-rn"]) if _runs([*w, "true"])]
    if not ways:
        pytest.skip("this machine allows no network namespace (unshare -n) to this user")
    run = subprocess.run(
        [*ways[0], sys.executable, "-c", NO_NETWORK_RUN], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "42"


def _runs(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, capture_output=True).returncode == 0
    except OSError:
        return False


@pytest.fixture
def short_tmp():
    """A temporary folder with a short path (a socket's path is limited to about 100 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="ck-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_killed_builds_kernel_folders_are_removed_by_the_next(short_tmp, monkeypatch, fresh_kernels_state):
    """kill -9 leaves a build's socket folders behind; the next process to start a kernel removes them,
    and keeps those of a build still running."""
    monkeypatch.setattr(kernels.tempfile, "gettempdir", lambda: str(short_tmp))
    kernels._clear_abandoned.cache_clear()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    abandoned = short_tmp / f"cicasco-kernel-{dead.pid}-abcd1234"
    running = short_tmp / f"cicasco-kernel-{os.getppid()}-abcd1234"
    for f in (abandoned, running):
        f.mkdir()
        (f / "kernel.json").write_text("{}")
    km = kernels.manager()
    try:
        assert not abandoned.exists() and running.exists()
        assert Path(km._socket_folder).parent == short_tmp
    finally:
        kernels.release(km)
        kernels._clear_abandoned.cache_clear()
    assert not Path(km._socket_folder).exists()
