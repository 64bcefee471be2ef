"""Errors a person can act on: one line per problem, in the form a compiler uses."""

import signal
from dataclasses import dataclass


class ReportError(Exception):
    """Base of every error the build reports without a traceback (exit status 1)."""


@dataclass(frozen=True)
class Problem:
    """One problem in one data file: `file:line: column: message`."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class DataError(ReportError):
    """One or more data files break their schema; str() lists every problem, one per line."""

    SHOWN = 200  # lines printed at most: a file that breaks everywhere gives a page, not megabytes

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[: self.SHOWN]]
        if len(self.problems) > self.SHOWN:
            lines.append(f"... and {len(self.problems) - self.SHOWN} more problems (fix these first)")
        super().__init__("\n".join(lines))


class ParameterError(ReportError):
    """A report parameter is out of range; the message names the parameter and what is allowed."""


class BuildError(ReportError):
    """A notebook failed or an output could not be written; the last good report is untouched."""


class Stopped(KeyboardInterrupt):
    """The build was stopped by a signal: its kernels are killed and its staging removed."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(int(signum))  # the only argument, so the exception pickles (batch workers)
        self.signum = int(signum)
        self.exit_code = 128 + self.signum  # what a shell reports for a process killed by that signal

    def __str__(self) -> str:
        return (
            f"stopped by {signal.Signals(self.signum).name}: kernels stopped, unfinished output removed, "
            "the last built report left as it was"
        )
