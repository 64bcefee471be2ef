"""The live preview: what it watches, what it adds to the page, and (integration) a real server that
rebuilds on a data edit, shows a bad edit's message above the last good page, and recovers."""

import html
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from cicasco.data import paths
from cicasco.errors import ReportError
from cicasco.pipeline import cli, preview
from cicasco.pipeline.options import Options

from .conftest import edit_row


def test_snapshot_sees_edits_additions_and_removals_but_not_editor_files(tmp_path):
    (tmp_path / "a.csv").write_text("x\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("y\n")
    before = preview.snapshot([tmp_path])
    assert sorted(Path(p).name for p in before) == ["a.csv", "b.txt"]
    for junk in (".a.csv.swp", "a.csv~", "#x", ".hidden"):
        (tmp_path / junk).write_text("z")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0")
    after = preview.snapshot([tmp_path])
    assert not preview.changed(before, after)
    (tmp_path / "a.csv").write_text("x,changed\n")
    (tmp_path / "sub" / "b.txt").unlink()
    (tmp_path / "c.csv").write_text("new\n")
    diff = {Path(p).name for p in preview.changed(after, preview.snapshot([tmp_path]))}
    assert diff == {"a.csv", "b.txt", "c.csv"}


def test_the_page_is_served_with_a_banner_and_script_the_built_page_never_has():
    built = "<!DOCTYPE html><html><head><title>t</title></head><body class='r'><h1>Report</h1></body></html>"
    state = preview.State(html=built, building=False, note="built in 1.0 s")
    state.update(page_changed=True)
    served = preview.decorate(state)
    assert state.html == built  # the page as built is kept as it was
    assert (
        served.index("<body class='r'>") < served.index('id="cicasco-preview"') < served.index("<h1>Report")
    )
    assert served.index("<h1>Report") < served.index("<script>") < served.index("</body>")
    assert "/__preview__/wait?seq=" in served and 'href="/report.pdf"' in served
    assert 'role="alert"' not in served

    state.update(error="error: data/events.csv:7: start_date: '2023-13-45' is not a date <b>")
    served = preview.decorate(state)
    assert 'role="alert"' in served and "the last good page is shown below" in served
    assert "data/events.csv:7: start_date: &#x27;2023-13-45&#x27; is not a date &lt;b&gt;" in served
    assert "<h1>Report</h1>" in served  # the last good page is still there, under the banner

    first = preview.decorate(preview.State(error="error: x"))
    assert "no page has been built yet" in first and "first build" in first


def test_preview_refuses_several_reports_and_bad_ports(capsys):
    assert cli.main(["preview", "--country", "all"]) == 1
    assert "the preview shows one report" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        cli.main(["preview", "--port", "99999"])
    assert e.value.code == 2 and "'99999' is not allowed; valid: a port number" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------------
# Strangers (issue 24): a server with a stand-in build process, on a free port


class _FakeWorker:
    """A build process that answers at once; `alive` is what a killed one would say."""

    made = 0

    def __init__(self, opts, work):
        _FakeWorker.made += 1
        self.alive, self.proc = True, SimpleNamespace(exitcode=None)
        self.pdf = Path(work) / "report.pdf"

    def request(self, what):
        if not self.alive:
            return {"ok": False, "error": "internal error: the build process stopped (exit code -9)"}
        if what == "pdf":
            self.pdf.write_bytes(b"%PDF-")
            return {"ok": True, "path": str(self.pdf)}
        return {"ok": False, "error": "error: a stand-in builds nothing"}

    def stop(self):
        self.alive = False


@pytest.fixture
def stranger(tmp_path, monkeypatch):
    """A preview on 127.0.0.1 with a stand-in build process; its requests: (status, body)."""
    monkeypatch.setattr(preview.server, "_Worker", _FakeWorker)
    log: list[str] = []
    pv = preview.server.Preview(Options(cache_dir=tmp_path / "cache"), "127.0.0.1", 0, log=log.append)
    pv.state.report_dir, pv.worker = tmp_path, _FakeWorker(None, tmp_path)
    threading.Thread(target=pv.serve_forever, daemon=True).start()
    port = pv.server.server_address[1]

    def ask(path: str, **headers) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", headers.pop("Host", f"localhost:{port}"))
        for k, v in headers.items():
            conn.putheader(k.replace("_", "-"), v)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")

    pv.ask, pv.port, pv.lines = ask, port, log
    yield pv
    pv.close()


def test_only_this_machines_names_are_accepted_as_host(stranger):
    port = stranger.port
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"):
        assert stranger.ask("/__preview__/status", Host=host)[0] == 200, host
    allowed = f"localhost:{port}, 127.0.0.1:{port}, [::1]:{port}"
    for host in ("evil.example", f"evil.example:{port}", "localhost", "localhost:1", ""):
        status, body = stranger.ask("/", Host=host)
        assert (status, body) == (403, f"forbidden: Host {host!r} is not this preview's; valid: {allowed}\n")


def test_no_work_for_another_sites_request(stranger):
    calls = []
    real = stranger.pdf
    stranger.pdf = lambda: calls.append(1) or real()
    port = stranger.port
    status, body = stranger.ask("/report.pdf", Origin="https://evil.example")
    assert status == 403 and body.startswith(
        "forbidden: a request from 'https://evil.example' starts no work"
    )
    status, body = stranger.ask("/report.pdf", Sec_Fetch_Site="cross-site")
    assert status == 403 and body.startswith("forbidden: a request from another site starts no work")
    assert stranger.ask("/__preview__/wait?seq=-1", Origin="http://evil.example")[0] == 403
    assert calls == []
    assert (
        stranger.ask("/report.pdf", Origin=f"http://localhost:{port}", Sec_Fetch_Site="same-origin")[0] == 200
    )
    assert stranger.ask("/report.pdf")[0] == 200  # typed in the address bar: no Origin
    assert calls == [1, 1]
    assert stranger.ask("/", Sec_Fetch_Site="cross-site")[0] == 200  # a link to the page does no work


def test_a_dead_build_process_is_replaced_and_the_pdf_still_served(stranger):
    stranger.worker = _FakeWorker(None, stranger.work)
    stranger.worker.alive, stranger.worker.proc.exitcode = False, -9  # as after kill -9
    before = _FakeWorker.made
    status, body = stranger.ask("/report.pdf")
    assert (status, body) == (200, "%PDF-")
    assert _FakeWorker.made == before + 1 and stranger.worker.alive
    assert "preview: the build process ended (exit code -9); starting another" in stranger.lines
    assert stranger._dirty.is_set()  # and the page is built again


def test_the_watch_loop_replaces_a_dead_build_process(stranger):
    stranger.start()
    first = stranger.worker
    first.alive, first.proc.exitcode = False, -9
    _until(lambda: stranger.worker is not first and stranger.worker.alive, timeout=30)
    assert "preview: the build process ended (exit code -9); starting another" in stranger.lines


def test_ipv6_is_served_or_refused_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(preview.server, "_Worker", _FakeWorker)
    try:
        pv = preview.server.Preview(Options(cache_dir=tmp_path / "cache"), "::1", 0, log=lambda s: None)
    except ReportError as e:
        assert str(e).startswith("parameter host: cannot serve on '::1' (")
        assert str(e).endswith(
            "valid: 127.0.0.1, localhost, 0.0.0.0, an address of this machine, or ::1 and :: where IPv6 is enabled"
        )
        return
    try:
        threading.Thread(target=pv.serve_forever, daemon=True).start()
        port = pv.server.server_address[1]
        assert pv.url == f"http://[::1]:{port}/"
        with urllib.request.urlopen(f"http://[::1]:{port}/__preview__/status", timeout=30) as r:
            assert r.status == 200
    finally:
        pv.close()


# --------------------------------------------------------------------------------------------------
# Integration: a real server on a free port, against a private copy of the data


def _get(url: str, timeout: float = 30) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode("utf-8")


def _status(base: str) -> dict:
    return json.loads(_get(base + "__preview__/status"))


def _page_with(base: str, text: str) -> str | None:
    page = _get(base)
    return page if text in page else None


def _until(what, timeout: float, every: float = 0.2):
    """Poll `what()` until it returns something true; fail after `timeout` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = what()
        if got:
            return got
        time.sleep(every)
    raise AssertionError(f"not within {timeout} s")


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux /proc): the build process and its kernels."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.add(c)
            todo.append(c)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.integration
def test_preview_rebuilds_on_a_data_edit_shows_errors_and_stops_cleanly(data_copy, tmp_path):
    events = data_copy / "events.csv"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cicasco.pipeline.cli", "preview", "--port", "0"]
        + ["--data-dir", str(data_copy), "--cache-dir", str(tmp_path / "cache")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=paths.ROOT,
        start_new_session=True,  # a Ctrl-C of the test run is not the server's
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    log: list[str] = [proc.stdout.readline()]
    threading.Thread(target=lambda: log.extend(proc.stdout), daemon=True).start()  # never a full pipe
    try:
        base = re.search(r"(http://\S+/)", log[0]).group(1)
        _until(lambda: _status(base)["status"] == "up to date", timeout=600, every=0.5)
        page = _get(base)
        assert "Kazakhstan declares independence from the USSR" in page
        assert "<script>/* cicasco preview" in page
        built = next((tmp_path / "cache").glob("preview-*/last/report/report.html")).read_text()
        assert "cicasco-preview" not in built and "__preview__" not in built  # the report as built
        assert (
            re.sub(
                r'<div id="cicasco-preview".*?</div>|<script>/\* cicasco preview.*?</script>',
                "",
                page,
                flags=re.S,
            )
            == built
        )

        # an edit that shows on the page: an event's name
        start = time.monotonic()
        edit_row(
            events, {"event_id": "kaz-independence-1991"}, name="Kazakhstan declares independence (edited)"
        )
        _until(lambda: _page_with(base, "Kazakhstan declares independence (edited)"), timeout=300)
        print(f"edit to page: {time.monotonic() - start:.1f} s")

        # a bad edit: the CLI's message, above the last good page
        line = edit_row(events, {"event_id": "kaz-independence-1991"}, start_date="1991-13-45")
        page = _until(lambda: _page_with(base, 'role="alert"'), timeout=300)
        assert f"events.csv:{line}: start_date: " in page
        assert "Kazakhstan declares independence (edited)" in page  # the last good page, kept
        # the same message the command line prints
        err = subprocess.run(
            [sys.executable, "-m", "cicasco.pipeline.cli", "validate", "--data-dir", str(data_copy)],
            capture_output=True,
            text=True,
            cwd=paths.ROOT,
        ).stderr.strip()
        assert err.startswith("error: ") and html.escape(err) in page

        # the fix: the banner goes, the page is rebuilt
        edit_row(
            events,
            {"event_id": "kaz-independence-1991"},
            start_date="1991-12-16",
            name="Independence (fixed)",
        )
        page = _until(lambda: _page_with(base, "Independence (fixed)"), timeout=300)
        assert 'role="alert"' not in page

        # the PDF, on demand
        with urllib.request.urlopen(base + "report.pdf", timeout=300) as r:
            assert r.headers["Content-Type"] == "application/pdf" and r.read(5) == b"%PDF-"

        # Ctrl-C: the server stops, and its build process and kernels with it
        below = _descendants(proc.pid)
        assert below, "a build process with kernels"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=120) == 0
        _until(lambda: not any(_alive(p) for p in below), timeout=30)
        assert not list((tmp_path / "cache").glob("preview-*")), "its work folder is removed"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        print("".join(log))  # shown if the test fails
