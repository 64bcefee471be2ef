"""Hostile input, round three: relative folders, kernels that outlive a killed build, and the cases the
third attack run found (ATTACK3.md, not committed, lists every case tried)."""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from cicasco.data import paths
from cicasco.pipeline import cli, lifetime

from .conftest import alive, edit_row, read_rows

CLI = [sys.executable, "-m", "cicasco.pipeline.cli"]

# --- relative folders --------------------------------------------------------------------------------


def test_folder_options_are_made_absolute_from_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = cli.parser().parse_args(["build", "--out", "o", "--cache-dir", "../c", "--data-dir", "d/"])
    assert (a.out, a.cache_dir, a.data_dir) == (tmp_path / "o", tmp_path / "../c", tmp_path / "d")
    a = cli.parser().parse_args(["index", "--out", "o"])
    assert a.out == tmp_path / "o"


@pytest.mark.parametrize("flag", ["--out", "--cache-dir", "--data-dir"])
def test_an_empty_folder_option_is_a_usage_error(flag, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["build", flag, ""])
    assert e.value.code == 2
    error = [ln for ln in capsys.readouterr().err.splitlines() if "error:" in ln]
    assert error == [
        f"cicasco build: error: argument {flag}: '' is not allowed; valid: a folder, relative to the "
        "working folder or absolute"
    ]


@pytest.mark.integration
def test_a_build_with_relative_folders_works_and_names_them_relative(tmp_path):
    shutil.copytree(paths.DATA_DIR, tmp_path / "d")
    run = subprocess.run(
        [*CLI, "build", "--country", "China", "--out", "out2", "--cache-dir", "c", "--data-dir", "d"],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stdout.splitlines()
    # the messages name the folders from the working folder: the build never left it
    assert re.fullmatch(r"out2/report/china: \d+ notebook\(s\) executed, 0 from cache \(.*\)", lines[0])
    assert lines[1:] == [
        "  out2/report/china/report.html",
        "  out2/report/china/report.pdf",
        "out2/report/index.html: written",
    ]
    assert (tmp_path / "out2/report/china/report.pdf").stat().st_size > 0
    assert (tmp_path / "out2/figures/china").is_dir()
    assert not list(tmp_path.glob("out2/report/.staging-*"))


# --- a stopped ordinary kernel and kill -9 of its build ---------------------------------------------

STAND_IN = """
import subprocess, sys, time
from cicasco.pipeline import lifetime
kernel = subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True, stdout=subprocess.DEVNULL
)
print(kernel.pid, flush=True)
guard = lifetime.guard(kernel.pid)
print(guard.pid, flush=True)
time.sleep(600)
"""


def _gone(pids, seconds: float) -> bool:
    import time

    end = time.monotonic() + seconds
    while alive(pids):
        if time.monotonic() > end:
            return False
        time.sleep(0.1)
    return True


def test_a_guarded_process_stopped_with_sigstop_dies_with_a_build_killed_with_kill_9():
    build = subprocess.Popen([sys.executable, "-c", STAND_IN], stdout=subprocess.PIPE, text=True)
    kernel = int(build.stdout.readline())
    try:
        guard = int(build.stdout.readline() or 0)
        assert guard, "no guard started"
        os.kill(kernel, signal.SIGSTOP)
        build.kill()
        build.wait()
        assert _gone([kernel, guard], 10), f"still running: {alive([kernel, guard])}"
    finally:
        for pid in (kernel, locals().get("guard")):
            if pid:  # never 0: that is this process group
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def test_a_guard_ends_with_its_process_and_ignores_a_terminals_signals():
    kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
    guard = lifetime.guard(kernel.pid)
    try:
        import time

        time.sleep(0.5)  # its handlers are set
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            guard.send_signal(sig)
        time.sleep(0.3)
        assert guard.poll() is None  # a Ctrl-C or a group's SIGTERM leaves it watching
        kernel.kill()
        kernel.wait()
        assert guard.wait(timeout=5) == 0
    finally:
        kernel.kill()
        guard.kill()


def _kernels(pid: int) -> list[int]:
    """The kernels under a build: ordinary ones (ipykernel's launcher), or the forks of its kernel
    server (which keep the server's command line)."""
    found = []
    for k in psutil.Process(pid).children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            line = " ".join(k.cmdline())
            if "ipykernel" in line:
                found.append(k.pid)
            elif "forked_kernels serve" in line:
                found += [f.pid for f in k.children()]
    return found


# A build as the command line runs it, with kernels forked (a single report's default) or ordinary
# (the preview's, and wherever forking is not available)
ORDINARY = [sys.executable, "-c", (
    "import sys\nfrom cicasco.pipeline import cli, forked_kernels\n"
    "forked_kernels.available = lambda: False\nsys.exit(cli.main(sys.argv[1:]))"
)]  # fmt: skip


@pytest.mark.integration
@pytest.mark.parametrize("kind", ["ordinary", "forked"])
def test_kill_9_of_a_build_ends_its_stopped_kernels(tmp_path, kind):
    import time

    build = subprocess.Popen(
        [*(ORDINARY if kind == "ordinary" else CLI), "build", "--country", "China", "--force",
         "--out", str(tmp_path / "o"), "--cache-dir", str(tmp_path / "c")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        end = time.monotonic() + 120
        while not _kernels(build.pid):
            assert build.poll() is None and time.monotonic() < end, "the build never started a kernel"
            time.sleep(0.05)
        time.sleep(0.3)  # its guard has started
        kernels = _kernels(build.pid)
        cmdlines = " ".join(" ".join(psutil.Process(k).cmdline()) for k in kernels)
        assert ("forked_kernels serve" in cmdlines) == (kind == "forked")
        family = [p.pid for p in psutil.Process(build.pid).children(recursive=True)]
        for pid in kernels:
            os.kill(pid, signal.SIGSTOP)
        build.kill()
        build.wait()
        assert _gone(family, 15), f"outlived the build: {alive(family)} (kernels {kernels})"
    finally:
        build.kill()
        for pid in alive(locals().get("family", [])):
            os.kill(pid, signal.SIGKILL)


# --- the environment and the standard streams -------------------------------------------------------

EPOCH_RULE = "valid: a whole number of seconds since 1970-01-01 00:00 UTC, from 0 to 253402300799, or unset"


@pytest.mark.parametrize("value", ["yesterday", "-1000", "99999999999999", "１２", "1.5"])
@pytest.mark.parametrize("command", ["build", "preview"])
def test_a_bad_source_date_epoch_stops_before_any_kernel(tmp_path, value, command):
    """IPython reads SOURCE_DATE_EPOCH in every kernel: a value it cannot read left each kernel
    unanswering, and the build waited 3 x 120 s, printing tracebacks."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=value)
    run = subprocess.run(
        [*CLI, command, "--country", "China", "--cache-dir", str(tmp_path / "c")]
        + (["--out", str(tmp_path / "o")] if command == "build" else ["--port", "0"]),
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == f"error: environment SOURCE_DATE_EPOCH: {value!r} is not allowed; {EPOCH_RULE}\n"
    assert not (tmp_path / "o").exists() and not (tmp_path / "c").exists()


def test_an_empty_source_date_epoch_counts_as_unset(monkeypatch):
    from cicasco.pipeline import reproducible

    monkeypatch.setenv("SOURCE_DATE_EPOCH", " ")
    reproducible.check_source_date_epoch()
    assert "SOURCE_DATE_EPOCH" not in os.environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1700000000 ")
    reproducible.check_source_date_epoch()
    assert os.environ["SOURCE_DATE_EPOCH"] == " 1700000000 "


def test_a_reader_that_leaves_costs_the_output_not_the_command():
    run = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m cicasco.pipeline.cli countries | head -1; echo ${{PIPESTATUS[0]}} >&2"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.stdout.startswith("AFG  afghanistan ")
    assert run.stderr == "0\n"  # no BrokenPipeError, no traceback, the work's exit status


@pytest.mark.parametrize("target", ["{tmp}", "{tmp}/no/such/claims.jsonld"])
def test_export_claims_to_a_place_it_cannot_write_is_one_line(tmp_path, target, capsys):
    target = target.format(tmp=tmp_path)
    assert cli.main(["export-claims", "-o", target]) == 1
    reason = "Is a directory" if target == str(tmp_path) else "No such file or directory"
    assert capsys.readouterr().err == f"error: {paths.display_path(Path(target))}: {reason}\n"


@pytest.mark.integration
def test_a_build_with_its_standard_streams_closed_builds(tmp_path):
    """A kernel inherits the build's streams; ipykernel cannot start without them ("Kernel died")."""
    out, cache = tmp_path / "o", tmp_path / "c"
    run = subprocess.run(
        [*CLI, "build", "--country", "China", "--out", str(out), "--cache-dir", str(cache)],
        preexec_fn=lambda: os.close(1), stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert (out / "report/china/report.pdf").stat().st_size > 0


CHILD = """
import os, subprocess, sys
from cicasco.pipeline import streams
streams.ensure_open()
probe = "import os, sys; os.fstat(1); sys.exit(0 if sys.stdout is not None else 3)"
sys.exit(subprocess.run([sys.executable, "-c", probe]).returncode)
"""


def test_a_closed_standard_output_is_reopened_for_what_the_command_starts():
    """What a kernel inherits: an open standard output (/dev/null), not a closed one."""
    run = subprocess.run(
        [sys.executable, "-c", CHILD], preexec_fn=lambda: os.close(1), stderr=subprocess.PIPE
    )
    assert run.returncode == 0, run.stderr


# --- headers, dates and parameters that passed and should not have ----------------------------------


def _validate(data_dir: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    rc = cli.main(["validate", "--data-dir", str(data_dir)])
    return rc, capsys.readouterr().err


def _header(path: Path, change) -> None:
    first, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(change(first) + "\n" + rest, encoding="utf-8")


def test_a_column_named_twice_in_a_header_is_named(data_copy, capsys):
    """Was: a pandas UserWarning with a source line, and 'note: column is missing from the header'."""
    _header(data_copy / "events.csv", lambda h: h.replace(",note,", ",name,"))
    rc, err = _validate(data_copy, capsys)
    shown = paths.display_path(data_copy / "events.csv")
    assert (rc, err) == (
        1,
        f"error: {shown}:1: name: column appears twice in the header (each column once)\n",
    )


def test_a_count_below_zero_is_refused_and_a_fall_in_percent_is_not(data_copy, capsys):
    """C06, was: '-5' states accepted (the number rule allows a sign, for a percentage that falls)."""
    path = data_copy / "quantities.csv"
    first = read_rows(path)[0]["fact_id"]
    edit_row(path, {"fact_id": first}, value="-3", unit="percent (over)")
    assert _validate(data_copy, capsys) == (0, "")
    line = edit_row(path, {"fact_id": first}, value="-5", unit="States (more than)")
    shown = paths.display_path(path)
    assert _validate(data_copy, capsys) == (
        1,
        f"error: {shown}:{line}: value: '-5' is below zero, and its unit counts things\n",
    )


def test_a_column_without_a_name_is_named_by_its_position(data_copy, capsys):
    """Was: 'data/members.csv:1: column is not in the schema (misspelt?)', naming no column."""
    path = data_copy / "members.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(ln + "," if ln else ln for ln in lines), encoding="utf-8")
    n = len(lines[0].split(",")) + 1
    rc, err = _validate(data_copy, capsys)
    shown = paths.display_path(path)
    assert (rc, err) == (1, f"error: {shown}:1: column {n} of the header has no name (a stray comma?)\n")


YEARS = "is outside the years the data can hold (expected 1900 to 2099)"


@pytest.mark.parametrize(
    ("file", "match", "column", "value"),
    [
        ("events.csv", {"event_id": "kaz-independence-1991"}, "start_date", "0001-12-16"),
        ("events.csv", {"event_id": "kaz-independence-1991"}, "start_date", "9999-12-16"),
        ("chairmanships.csv", {"organisation": "CICA", "iso3": "AZE"}, "term_end", "2999-01-01"),
        ("sources.csv", {"source_id": "a2-astanatimes-2024-noor-oped"}, "date_published", "1899-12-31"),
    ],
)
def test_a_date_in_a_year_no_row_can_mean_is_refused(data_copy, capsys, file, match, column, value):
    """Was: accepted; the report said 'on 16 December 1' (or 9999) of a past event."""
    line = edit_row(data_copy / file, match, **{column: value})
    rc, err = _validate(data_copy, capsys)
    shown = paths.display_path(data_copy / file)
    assert rc == 1
    assert err.splitlines()[0] == f"error: {shown}:{line}: {column}: {value!r} {YEARS}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period-start", "0001-01-01"], "parameter period_start: '0001-01-01' is before 1900, earlier than any date the data can hold; valid: a date from 1900-01-01"),
        (["--as-of", "1899-12-31"], "parameter as_of: '1899-12-31' is before 1900, earlier than any date the data can hold; valid: a date from 1900-01-01"),
        (["--period-end", "9999-12-31"], "parameter period_end: 9999-12-31 is in the future; valid: a date up to "),
    ],
)  # fmt: skip
def test_a_period_or_date_out_of_any_range_is_a_parameter_error(tmp_path, capsys, args, message):
    """Was: year 1 reached a notebook as '1-01-01' (cell 3 raised ParameterError); a period ending in
    9999 squashed every chart's time axis."""
    out = tmp_path / "o"
    rc = cli.main(["build", *args, "--out", str(out), "--cache-dir", str(tmp_path / "c")])
    err = capsys.readouterr().err
    assert rc == 1 and err.startswith(f"error: {message}") and err.count("\n") == 1, err
    assert not out.exists()


def test_a_path_with_a_newline_is_shown_on_one_line():
    assert paths.display_path(Path("/x/new\nline/r\u202eeport")) == "/x/new\\nline/r\\u202eeport"


def test_a_carriage_return_without_a_line_feed_in_an_article_is_named(tmp_path):
    """Was: the text split into one more paragraph there, and the build listed every later sentence as
    covered by no claim; a Windows (CRLF) text still reads as it did."""
    from cicasco.claims import article
    from cicasco.errors import DataError

    text = tmp_path / "a.txt"
    text.write_bytes(b"Title\nOne paragraph.\nThe Soviet\rUnion.\n")
    with pytest.raises(DataError) as e:
        article.read_text(text)
    assert str(e.value) == (
        f"{paths.display_path(text)}:3: holds a control character or an invisible mark (U+000D: a "
        "control, separator or bidi character); remove it"
    )
    text.write_bytes(b"Title\r\nOne paragraph.\r\nThe Soviet Union.\r\n")
    assert article.read_text(text).splitlines() == ["Title", "One paragraph.", "The Soviet Union."]


# --- a closed terminal ---------------------------------------------------------------------------


def test_sighup_stops_a_build_as_sigterm_does_after_the_swap():
    """A closed terminal's SIGHUP ended the build at once, by default, even between the two renames of
    a swap (the last good report moved aside, the new one not in place)."""
    import time

    from cicasco.pipeline import stopping

    after, before = [], signal.getsignal(signal.SIGHUP)
    try:
        with pytest.raises(stopping.Stopped) as e, stopping.stop_on_signals(), stopping.uninterrupted():
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.05)  # the handler has run by now
            after.append("the swap finished")
    finally:
        stopping.reset()
    assert after == ["the swap finished"]
    assert e.value.exit_code == 129
    assert str(e.value) == (
        "stopped by SIGHUP: kernels stopped, unfinished output removed, the last built report left as it was"
    )
    assert signal.getsignal(signal.SIGHUP) == before


def test_sighup_ignored_by_the_caller_stays_ignored():
    """Under nohup the build runs on when the terminal closes."""
    from cicasco.pipeline import stopping

    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with stopping.stop_on_signals():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)


def test_a_build_stops_on_a_correction_of_a_claim_the_register_does_not_hold(data_copy):
    """Was: `make check` named it, but the build published 'Claim 99' linked to #c99, which the page
    does not have, and dropped the correction of the claim the row was for."""
    from cicasco.claims.article import read_article
    from cicasco.data import load
    from cicasco.errors import DataError
    from cicasco.pipeline import steps

    rows = read_rows(data_copy / "changes.csv")
    line, row = next((i + 2, r) for i, r in enumerate(rows) if r["item"].startswith("claims "))
    article_id = row["item"].split()[1]
    edit_row(
        data_copy / "changes.csv", {"item": row["item"], "date": row["date"]}, item=f"claims {article_id} c99"
    )
    data = load.load(data_copy)
    article = read_article(data, article_id)
    with pytest.raises(DataError) as e:
        steps._assessed(data, article, article.date_published, "digest")
    register = paths.display_path(article.claims_file)
    assert str(e.value) == (
        f"{paths.display_path(data_copy / 'changes.csv')}:{line}: item: names claim 'c99', which {register} does not hold"
    )
