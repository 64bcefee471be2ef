"""Kernels forked from one process that has already imported what every notebook imports, for builds
of many reports (`COUNTRY=all`): a kernel with the notebooks' imports is ready in about 0.7 s instead of
1.8 s (`make bench`, the floor).

Three processes per kernel:
- the fork server (`serve`), started once per batch: it imports ipykernel, pandas, matplotlib and the
  report's modules, runs no notebook, and forks one child per request;
- the launcher (`launch`), which jupyter_client starts as "the kernel": it hands the server its
  arguments, environment, working folder and its stdin/stdout/stderr, then stays until the kernel ends,
  passing on SIGINT and SIGTERM;
- the kernel, the forked child: a session of its own, the launcher's streams and environment, ipykernel
  started as `python -m ipykernel_launcher` would. It exits when its launcher is gone (a SIGKILL to the
  launcher, as `stopping.kill_all` sends, ends the kernel too).

No state passes between notebooks: every kernel is a fresh fork of a server that never ran one.
Stdlib only at import: the launcher must start fast.
"""

import contextlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cicasco.pipeline import lifetime

MPLBACKEND = "module://matplotlib_inline.backend_inline"  # what ipykernel sets before any import
# imported by the server before it forks: the kernel's own modules (its debugger: 0.05-0.2 s a kernel),
# the extension every notebook loads, then kernels.WARM_MODULES (which read no data at import)
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
    "IPython.extensions.autoreload",
    "matplotlib_inline.backend_inline",
    "pandas",
    "matplotlib.pyplot",
)
CONNECT_TIMEOUT = 120  # seconds a launcher waits for the server (busy machine, server still importing)


# ---------------------------------------------------------------------------------------------------
# The build's side


def available() -> bool:
    """Linux only: a kernel and its launcher watch each other through pidfds (Linux 5.3), and forking a
    process that has imported matplotlib is not safe on macOS. Elsewhere a batch uses ordinary kernels."""
    return sys.platform == "linux" and hasattr(os, "pidfd_open")


class ForkServer:
    """The fork server of one batch: started on entering, stopped (with its socket folder) on exit.
    While it runs, `kernels.manager` starts every kernel through it (`kernels.SPECS`)."""

    def __enter__(self) -> "ForkServer":
        self.folder = tempfile.mkdtemp(prefix="cicasco-forks-", dir="/tmp")  # short: a socket path
        self.socket = str(Path(self.folder) / "server")
        from .kernels import environment  # matplotlib's folder: the server imports it for its kernels

        argv = [sys.executable, "-m", __name__, "serve", self.socket, str(os.getpid())]
        self.proc = subprocess.Popen(argv, env=environment())
        self.pidfd = os.pidfd_open(self.proc.pid)  # inherited by the workers: they see it end (kill -9)
        end = time.monotonic() + 10
        while not Path(self.socket).exists() and self.proc.poll() is None and time.monotonic() < end:
            time.sleep(0.01)  # it binds first thing, before its imports
        return self

    def running(self) -> bool:
        """Whether it can fork kernels: it still runs (a socket outlives a server killed with kill -9)."""
        return not select.select([self.pidfd], [], [], 0)[0] and Path(self.socket).exists()

    def specs(self):
        """A jupyter_client KernelSpecManager whose every kernel is one of this server's."""
        from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

        argv = [sys.executable, "-m", __name__, "launch", self.socket, "-f", "{connection_file}"]

        server = self

        class Forked(KernelSpecManager):
            running = server.running  # kernels.manager forks from it only while it runs

            def get_kernel_spec(self, kernel_name: str, *args, **kwargs) -> KernelSpec:
                return KernelSpec(argv=argv, display_name="Python 3 (forked)", language="python")

        return Forked()

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)  # its socket, if the server could not remove it
        os.close(self.pidfd)


# ---------------------------------------------------------------------------------------------------
# The fork server


def serve(path: str, parent: int) -> None:
    """Bind first (launchers queue while the imports run), import, then fork a kernel per request.
    Single-threaded, so every fork is safe; it ends, and kills its kernels, when the build is gone."""
    lifetime.die_with_parent(signal.SIGTERM, parent)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # unwinds through the `finally` below
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is the build's to handle: it ends this server
    kernels: dict[int, int] = {}  # pidfd of a launcher -> pidfd of its kernel
    try:
        _serve(server, kernels)
    finally:  # a fork's `finally` never runs: it leaves by os._exit
        with contextlib.suppress(OSError):
            os.unlink(path)
        for kernel in kernels.values():  # the build is gone: so are its kernels, running or stopped
            lifetime.kill(kernel)
            os.close(kernel)
        end = time.monotonic() + 5
        while _reap() and time.monotonic() < end:
            time.sleep(0.05)


def _reap() -> bool:
    """Wait for every kernel that has ended, so that its CPU time counts in this process's children's
    (and so in the build's, as `time` and the benchmark measure it); whether any is still running."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return False
        if pid == 0:
            return True


def _serve(server: socket.socket, kernels: dict[int, int]) -> None:
    parent = os.getppid()
    server.listen(64)
    os.environ.setdefault("MPLBACKEND", MPLBACKEND)
    import importlib

    from cicasco.pipeline.kernels import WARM_MODULES

    for name in (*PRELOAD, *WARM_MODULES):
        importlib.import_module(name)
    while os.getppid() == parent:
        _reap()
        ready = select.select([server, *kernels], [], [], 1.0)[0]
        for fd in ready:  # a launcher ended: its kernel goes too, even one stopped (SIGSTOP)
            if fd is not server:
                kernel = kernels.pop(fd)
                lifetime.kill(kernel)
                os.close(fd), os.close(kernel)
        if server not in ready:
            continue
        conn, _ = server.accept()
        with conn:
            conn.settimeout(None)
            request, fds = _receive(conn)
            sys.stdout.flush(), sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                server.close()
                for fd in (*kernels, *kernels.values()):
                    os.close(fd)
                _kernel(request, fds)  # never returns
            for fd in fds:
                os.close(fd)
            kernel, watch = os.pidfd_open(pid), lifetime.pidfd(request["launcher"])
            if watch is None:  # its launcher is gone already
                lifetime.kill(kernel)
                os.close(kernel)
            else:
                kernels[watch] = kernel
            conn.sendall(f"{pid}\n".encode())


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
    return json.loads(_rest_of_line(conn, data)), fds


def _rest_of_line(conn: socket.socket, data: bytes = b"") -> bytes:
    """`data` and what follows on the connection up to a newline, or up to its end."""
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 16)
        if not more:
            break
        data += more
    return data


def _kernel(request: dict, fds: list[int]) -> None:
    """In the forked child: become the kernel the launcher was started as."""
    try:
        os.setsid()  # its own session, as jupyter_client starts kernels: a terminal's Ctrl-C is the build's
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # an interrupt stops the running cell
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            if fd > 2:
                os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.setdefault("MPLBACKEND", MPLBACKEND)
        # ipykernel watches its parent (the server; the launcher is watched below) and, with one named,
        # prints no connection banner. It read JPY_PARENT_PID at import, in the server: say it here.
        argv = [*request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        sys.argv = ["ipykernel_launcher", *argv]
        threading.Thread(target=_exit_without, args=(request["launcher"],), daemon=True).start()
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=argv)
    finally:
        os._exit(0)


def _exit_without(pid: int) -> None:
    """End this kernel as soon as its launcher is gone."""
    fd = os.pidfd_open(pid)
    select.select([fd], [], [])
    os._exit(1)


# ---------------------------------------------------------------------------------------------------
# The launcher


def launch(path: str, argv: list[str]) -> None:
    """Ask the server for a kernel with these arguments, then wait until it ends; if the process that
    started this launcher ends first, kill the kernel (stopped or not) and end."""
    parent = lifetime.pidfd(os.getppid())
    conn = _connect(path)
    request = {"argv": argv, "env": dict(os.environ), "cwd": os.getcwd(), "launcher": os.getpid()}
    try:
        socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
        answer = _rest_of_line(conn)
    except ConnectionError:  # the server died meanwhile
        answer = b""
    if not answer.endswith(b"\n"):  # quietly: the build notices a dead server and says so, once
        sys.exit(1)
    pid = int(answer)
    for sig in (signal.SIGINT, signal.SIGTERM):  # an interrupt or a stop is the kernel's
        signal.signal(sig, lambda signum, _f: _pass_on(pid, signum))
    fd = lifetime.pidfd(pid)
    if fd is None:  # ended already
        return
    watched = [fd] if parent is None else [fd, parent]
    while not (ready := select.select(watched, [], [], 1.0)[0]):
        pass
    if fd not in ready:  # the build's worker is gone
        lifetime.kill(fd)


def _pass_on(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


def _connect(path: str) -> socket.socket:
    end = time.monotonic() + CONNECT_TIMEOUT
    while True:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(path)
            return conn
        except (FileNotFoundError, ConnectionRefusedError) as e:
            conn.close()
            if isinstance(e, ConnectionRefusedError):  # a socket its server, killed, left: see above
                sys.exit(1)
            if time.monotonic() > end:
                sys.exit(f"cicasco: no kernel fork server at {path}")
            time.sleep(0.05)


if __name__ == "__main__":
    if sys.path[0] in (
        "",
        os.getcwd(),
    ):  # as ipykernel_launcher does: the working folder is not a package root
        del sys.path[0]
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        launch(sys.argv[2], sys.argv[3:])
