"""The preview's HTTP server and its watch and build loops."""

import errno
import json
import os
import shutil
import signal
import socket
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ...data import paths
from ...errors import ReportError
from .. import owners
from ..options import Options
from . import access
from .builder import _Worker
from .page import State, decorate
from .watch import PACKAGE_DIR, POLL_SECONDS, WAIT_SECONDS, changed, snapshot

# ---------------------------------------------------------------------------------------------------
# The server


class Preview:
    """Watch, rebuild and serve. `start()` then `serve_forever()`; `close()` stops it all."""

    def __init__(self, opts: Options, host: str = "127.0.0.1", port: int = 8000, log=print):
        self.opts = opts
        self.log = log
        self.state = State()
        try:  # first: a port in use stops us before anything is started
            self.server = _Server((host, port), _Handler, self)
        except OSError as e:
            if isinstance(e, socket.gaierror) or e.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                raise ReportError(  # not an address of this machine (or IPv6 where it has none)
                    f"parameter host: cannot serve on {host!r} ({e.strerror}); valid: 127.0.0.1, localhost, "
                    "0.0.0.0, an address of this machine, or ::1 and :: where IPv6 is enabled"
                ) from None
            raise ReportError(
                f"port {port}: cannot serve on {host}:{port} ({e.strerror}); choose another: make preview PORT=8001"
            ) from None
        self.work = _work_folder(opts.cache)
        self.folders = [opts.data, paths.NOTEBOOK_DIR, PACKAGE_DIR]
        self._dirty = threading.Event()
        self._code_changed = False
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._swap = threading.Lock()  # held while the build process is replaced or stopped
        self.worker: _Worker | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        shown = "localhost" if host in ("127.0.0.1", *access.WILDCARDS) else host
        return f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"

    def start(self) -> None:
        self.worker = _Worker(self.opts, self.work)
        self._dirty.set()
        for target in (self._build_loop, self._watch_loop):
            t = threading.Thread(target=target, daemon=True)
            t.start()
            self._threads.append(t)

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def close(self) -> None:
        """Stop watching and serving, and shut the build process and its kernels down."""
        self._stop.set()
        self._dirty.set()
        self.server.shutdown()
        self.server.server_close()
        with self.state.changes:
            self.state.changes.notify_all()
        with self._swap:
            if self.worker is not None:
                self.worker.stop()  # a build in progress stops at once
        for t in self._threads:
            t.join(timeout=60)
        shutil.rmtree(self.work, ignore_errors=True)

    def _watch_loop(self) -> None:
        code = str(PACKAGE_DIR) + os.sep
        seen = snapshot(self.folders)
        while not self._stop.wait(POLL_SECONDS):
            if self.worker is not None and not self.worker.alive:
                self._revive()  # killed (kill -9, the OOM killer): a new one, and a rebuild
            now = snapshot(self.folders)
            diff = changed(seen, now)
            if not diff:
                continue
            time.sleep(0.03)  # let a save that writes in several steps finish
            now = snapshot(self.folders)
            diff |= changed(seen, now)
            seen = now
            if any(p.startswith(code) for p in diff):
                self._code_changed = True  # only ever set here, and cleared by the build loop
            self.log(f"preview: changed {', '.join(sorted(paths.display_path(Path(p)) for p in diff))}")
            self._dirty.set()

    def _build_loop(self) -> None:
        while True:
            self._dirty.wait()
            if self._stop.is_set():
                return
            self._dirty.clear()
            restart, self._code_changed = self._code_changed, False
            with self._swap:
                if self._stop.is_set():
                    return
                if restart or not self.worker.alive:
                    self.log(
                        f"preview: restarting the build process ({'package changed' if restart else 'it had stopped'})"
                    )
                    self.worker.stop()
                    self.worker = _Worker(self.opts, self.work)
            self.state.update(page_changed=False, building=True)
            start = time.perf_counter()
            reply = self.worker.request("html")
            took = time.perf_counter() - start
            if self._stop.is_set():  # stopped mid-build: nothing to show
                return
            if reply["ok"]:
                report = Path(reply["dir"]) / "report"
                page = (report / "report.html").read_text(encoding="utf-8")
                how = f"{len(reply['executed'])} notebook(s) executed, {reply['cached']} from cache"
                note = f"built in {took:.1f} s ({how}; {reply['steps']})"
                self.state.update(html=page, report_dir=report, error=None, building=False, note=note)
                self.log(f"preview: {note}")
            else:
                self.state.update(error=reply["error"], building=False, note=f"failed after {took:.1f} s")
                self.log(reply["error"])

    def _revive(self) -> None:
        """Replace a build process that has died, and rebuild (the new one starts its own kernels)."""
        with self._swap:
            if self._stop.is_set() or self.worker.alive:
                return
            code = self.worker.proc.exitcode
            self.log(f"preview: the build process ended (exit code {code}); starting another")
            self.worker.stop()
            self.worker = _Worker(self.opts, self.work)
        self.state.update(page_changed=False, building=True)
        self._dirty.set()

    def pdf(self) -> Path:
        """The PDF of the page being served, written now if it has not been yet (by a new build
        process if the last one died: the page it was built from is kept in the work folder)."""
        if self.state.report_dir is None:
            raise ReportError("no page has been built yet, so there is no PDF")
        if not self.worker.alive:
            self._revive()
        reply = self.worker.request("pdf")
        if not reply["ok"]:
            raise ReportError(reply["error"])
        return Path(reply["path"])


def _work_folder(cache: Path) -> Path:
    """A new folder for this preview's builds, in the build cache; those of previews that were killed
    (named by their pid, which is gone) are removed."""
    cache.mkdir(parents=True, exist_ok=True)
    owners.remove_abandoned(cache.glob("preview-*-*"), lambda name: name.split("-")[1])
    return Path(tempfile.mkdtemp(prefix=f"preview-{os.getpid()}-", dir=cache))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, handler, preview: Preview):
        self.preview = preview
        if ":" in address[0]:  # an IPv6 address (::1, ::)
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)
        self.hosts = access.hosts(address[0], self.server_address[1])


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format, *args) -> None:  # noqa: A002 (the base class's name)
        pass  # one line per request would drown the build messages

    def _send(self, body: bytes, ctype: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except ConnectionError:  # the page was closed or reloaded meanwhile
            pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        preview, url = self.server.preview, urlsplit(self.path)
        state = preview.state
        refused = access.refusal(self.headers, url.path, self.server.hosts)
        if refused:
            self._send(refused.encode() + b"\n", "text/plain; charset=utf-8", HTTPStatus.FORBIDDEN)
        elif url.path in ("/", "/index.html", "/report.html"):
            self._send(decorate(state).encode("utf-8"), "text/html; charset=utf-8")
        elif url.path == "/__preview__/wait":
            seq = (parse_qs(url.query).get("seq") or ["-1"])[0]
            seq = int(seq) if seq.lstrip("-").isdigit() else -1
            with state.changes:
                state.changes.wait_for(lambda: state.seq != seq or preview._stop.is_set(), WAIT_SECONDS)
                info = state.public()
            self._send(json.dumps(info).encode(), "application/json")
        elif url.path == "/__preview__/status":
            with state.changes:
                info = dict(state.public(), error=state.error)
            self._send(json.dumps(info).encode(), "application/json")
        elif url.path == "/report.pdf":
            try:
                self._send(preview.pdf().read_bytes(), "application/pdf")
            except ReportError as e:
                self._send(str(e).encode(), "text/plain; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE)
        elif (
            url.path == "/claims.jsonld"
            and state.report_dir
            and (state.report_dir / "claims.jsonld").exists()
        ):
            self._send((state.report_dir / "claims.jsonld").read_bytes(), "application/ld+json")
        else:
            self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)


def serve(opts: Options, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Run the preview until Ctrl-C. Prints the address first (a test reads it)."""
    preview = Preview(opts, host, port, log=lambda s: print(s, flush=True))
    print(f"Serving the report at {preview.url} (Ctrl-C to stop)", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl-C does
    preview.start()
    try:
        preview.serve_forever()
    except KeyboardInterrupt:
        print("preview: stopping (shutting the kernels down)", flush=True)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave kernels running
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        preview.close()
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt
