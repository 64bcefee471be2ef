"""The command's standard streams.

- A stream the caller closed (`cicasco build >&-`) is opened on /dev/null: every kernel inherits all
  three, and ipykernel cannot start without them (the build failed with "Kernel died").
- A reader that goes away (`cicasco countries | head -1`, a closed terminal) costs the rest of the
  output, never the command: the work goes on and the exit status is the work's, with no traceback.
"""

import contextlib
import io
import os
import sys


def ensure_open() -> None:
    """Standard input, output and error open, on /dev/null where the caller closed them."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            os.set_inheritable(fd, True)  # os.open's are not; a kernel must get it
    for name, fd in (("stdin", 0), ("stdout", 1), ("stderr", 2)):
        if getattr(sys, name) is None:  # Python found it closed at start
            mode = "r" if fd == 0 else "w"
            setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))  # noqa: SIM115


class Forgiving(io.TextIOBase):
    """A text stream whose reader may leave: after a broken pipe, writes go to /dev/null."""

    def __init__(self, stream):
        self.stream = stream

    def _gone(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # later writes (and the final flush) are lost
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self.stream.fileno())
            os.close(null)

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            self._gone()
            return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            self._gone()

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def forgive_readers() -> None:
    """Standard output and error made Forgiving (once)."""
    ensure_open()
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, Forgiving):
            setattr(sys, name, Forgiving(stream))
