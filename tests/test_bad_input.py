"""Bad input, end to end (issue 13, item 10): each kind of bad input stops the command with exit status
1 (data, parameters) or 2 (usage), one short message naming the file, line and column or the parameter
and what is allowed, and leaves every byte of the last good report as it was.

The last good report is the default report, built once per session from a copy of data/ with markup
planted in every field a reader sees (markup is valid data: the last section checks it shows as text).
Each case copies that report (report/, figures/), its data and its cache indexes, breaks one thing, runs
the command line on the copies and compares every file of the copied output folder with the digests
taken after the good build. A case that reaches no notebook takes well under a second.

Found and not fixed here (files owned by others) are marked xfail(strict=True) with the reason.
"""

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cicasco.data import paths
from cicasco.pipeline import batch, cache, cli

from .conftest import edit_row, read_rows, write_rows

# Every case needs the good report, which runs the notebooks once per session.
pytestmark = pytest.mark.integration

ARTICLE = "nation-2023-kazakhstan-in-cica-and-sco"
# Every article of the data, in the file's order: what an unknown --article lists as valid.
ARTICLES = ", ".join(r["article_id"] for r in read_rows(paths.DATA_DIR / "articles.csv"))
TEXT = "articles/kazakhstan-in-cica-and-sco.txt"
# Kazakhstan's name carries characters HTML escapes (captions show it: escaped once, never twice);
# its folder name is still `kazakhstan`.
KAZ = "Kazakhstan <&'>"
# Markup planted in the good report's data: (what, file, row, column, value). Each must show as text.
QUOTE = "is now making ripples ![q](http://host/q.png) Internationally in the vast region of Central Asia"
PLANTED = [
    ("article title", "articles.csv", {"article_id": ARTICLE}, "title", "Kazakhstan in CICA ![t](http://host/t.png)"),
    ("article author", "articles.csv", {"article_id": ARTICLE}, "author", "Zaman Bajwa [a](javascript:alert(1))"),
    ("article outlet", "articles.csv", {"article_id": ARTICLE}, "outlet", "The Nation <b>o</b> & $\\alpha$"),
    ("claim quote", "claims.csv", {"claim_id": "c02"}, "quote", QUOTE),
    ("claim finding", "claims.csv", {"claim_id": "c02"}, "finding", "[f](javascript:alert(2)) opinion $\\phi$"),
    ("event name", "events.csv", {"event_id": "kaz-independence-1991"}, "name", "Kazakhstan declares independence ![e](http://host/e.png)"),
    ("event city", "events.csv", {"event_id": "cica-founding-proposal-1992"}, "city", "New York [c](javascript:alert(3))"),
    ("event actor", "events.csv", {"event_id": "pak-sharif-cica-astana-2022"}, "actor", "Shehbaz Sharif $\\beta$ [x](javascript:alert(4))"),
    ("initiative name", "initiatives.csv", {"initiative_id": "cica-finance-summit"}, "name", "CICA Finance Summit ![i](http://host/i.png) $\\gamma$"),
]  # fmt: skip
CHINA = "China $\\chi$ [m](javascript:alert(5))"  # a country name with mathtext and a link


def rename_state(data: Path, iso3: str, name: str) -> None:
    for f in ("members.csv", "chairmanships.csv"):
        rows = read_rows(data / f)
        for r in rows:
            if r["iso3"] == iso3:
                r["country"] = name
        write_rows(data / f, rows)


def plant_markup(data: Path) -> None:
    text = data / TEXT
    body = text.read_text(encoding="utf-8")
    text.write_text(body.replace("is now making ripples Internationally", QUOTE.split(" in the vast")[0], 1))
    for _, file, match, column, value in PLANTED:
        edit_row(data / file, match, **{column: value})
    rename_state(data, "CHN", CHINA)
    rename_state(data, "KAZ", KAZ)


def digests(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@dataclass(frozen=True)
class Good:
    data: Path
    out: Path
    cache: Path
    digests: dict[str, str]

    @property
    def html(self) -> str:
        return (self.out / "report/kazakhstan/report.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def good(tmp_path_factory, worker_id) -> Good:
    """The last good report, built once for all xdist workers of this session."""
    shared = tmp_path_factory.getbasetemp()
    shared = shared.parent if worker_id != "master" else shared  # parent: this session's, every worker's
    base = shared / "bad-input-good"
    with (shared / "bad-input-good.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (base / "digests.json").exists() and not (base / "failed.txt").exists():
            shutil.rmtree(base, ignore_errors=True)
            shutil.copytree(paths.DATA_DIR, base / "data")
            plant_markup(base / "data")
            r = subprocess.run(
                [sys.executable, "-m", "cicasco.pipeline.cli", "build", "--country", KAZ]
                + ["--data-dir", str(base / "data"), "--out", str(base / "out"), "--cache-dir", str(base / "cache")],
                capture_output=True,
                text=True,
            )  # fmt: skip
            if r.returncode:
                (base / "failed.txt").write_text(r.stderr)  # the other workers fail at once, not build again
            else:
                (base / "digests.json").write_text(json.dumps(digests(base / "out")))
    if (base / "failed.txt").exists():
        pytest.fail("the good report did not build:\n" + (base / "failed.txt").read_text())
    found = json.loads((base / "digests.json").read_text())
    assert any(k.endswith("kazakhstan/report.pdf") for k in found)
    return Good(base / "data", base / "out", base / "cache", found)


@dataclass
class World:
    """A private copy of the good report, its data and its cache (not the executed notebooks); `run`
    is the command line."""

    tmp: Path
    good: Good
    capsys: pytest.CaptureFixture

    @property
    def data(self) -> Path:
        return self.tmp / "data"

    @property
    def out(self) -> Path:
        return self.tmp / "out"

    def shown(self, name: str) -> str:
        return paths.display_path(self.data / name)

    def edit(self, file: str, match: dict, **changes) -> int:
        return edit_row(self.data / file, match, **changes)

    def bytes(self, file: str, change) -> None:
        p = self.data / file
        p.write_bytes(change(p.read_bytes()))

    def run(self, *args: str, data: Path | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        try:
            rc = cli.main(
                ["build", *args, "--data-dir", str(data or self.data), "--out", str(self.out)]
                + ["--cache-dir", str(self.tmp / "cache")]
            )
        except SystemExit as e:  # argparse: usage errors
            rc = e.code
        got = self.capsys.readouterr()
        return rc, got.out, got.err


@pytest.fixture
def world(good, tmp_path, capsys, monkeypatch) -> World:
    shutil.copytree(good.data, tmp_path / "data", symlinks=True)
    shutil.copytree(good.out, tmp_path / "out")
    shutil.copytree(good.cache, tmp_path / "cache", ignore=shutil.ignore_patterns("notebooks"))
    # No warm kernels: they only speed up notebooks, which no case should reach, and a pool that has
    # started waits for its kernels before the build can report.
    monkeypatch.setattr(cache, "notebooks_to_run", lambda opts: 0)
    return World(tmp_path, good, capsys)


def lines_match(got: list[str], expected: list[str]) -> bool:
    """Line by line; an expected line ending in '…' matches any line that starts with the rest."""
    return len(got) == len(expected) and all(
        g.startswith(e[:-1]) if e.endswith("…") else g == e for g, e in zip(got, expected, strict=True)
    )


def assert_stopped(w: World, rc: int, out: str, err: str, status: int, expected: list[str]) -> None:
    """Exit status, the message (every line of it, nothing else), no traceback, and every byte of the
    last good report (and of everything beside it) unchanged."""
    assert rc == status, (rc, err)
    assert "Traceback" not in err and "Traceback" not in out
    if status == 1:
        got = err.rstrip("\n").split("\n")
        assert got[0].startswith("error: "), err
        got[0] = got[0][len("error: ") :]
        assert lines_match(got, expected), f"expected {expected}\ngot {got}"
    else:  # argparse: a usage line or two, then one error line
        errors = [ln for ln in err.splitlines() if "error:" in ln]
        assert lines_match(errors, expected), f"expected {expected}\ngot {errors}"
    if status == 1:
        assert out == "", out  # nothing is said to be built
    now = digests(w.out)
    changed = sorted(k for k in set(w.good.digests) | set(now) if w.good.digests.get(k) != now.get(k))
    assert not changed, f"the last good report changed: {changed}"


# --- each kind of bad data: (id, break the copy and return the expected lines) -------------------------

INVISIBLE = "holds a control character or a bidirectional override (invisible; remove it)"


def invisible(file, match, column, value):
    def case(w: World) -> list[str]:
        line = w.edit(file, match, **{column: value})
        return [f"{w.shown(file)}:{line}: {column}: {value!r} {INVISIBLE}"]

    return case


def cell(file, match, column, value, rule):
    def case(w: World) -> list[str]:
        line = w.edit(file, match, **{column: value})
        return [f"{w.shown(file)}:{line}: {column}: {value!r} {rule}"]

    return case


def row_of(file, match, column, rule, **changes):
    """A rule relating cells or rows: the message shows the named column's value."""

    def case(w: World) -> list[str]:
        line = w.edit(file, match, **changes)
        value = next(r[column] for r in read_rows(w.data / file) if all(r[k] == v for k, v in match.items()))
        return [f"{w.shown(file)}:{line}: {column}: {value!r} {rule}"]

    return case


def whole(file, message, change, line=None):
    """A defect of the whole file (bytes changed)."""

    def case(w: World) -> list[str]:
        w.bytes(file, change)
        where = w.shown(file) if line is None else f"{w.shown(file)}:{line(w) if callable(line) else line}"
        return [f"{where}: {message}"]

    return case


def header_only(b: bytes) -> bytes:
    return b.split(b"\n")[0] + b"\n"


def appended(extra: bytes):
    return lambda b: b + extra


def n_lines(file):
    return lambda w: len((w.data / file).read_bytes().splitlines())


def duplicate_last_row(file, column, what="duplicates an id used on an earlier row"):
    def case(w: World) -> list[str]:
        rows = read_rows(w.data / file)
        rows.append(dict(rows[0]))
        write_rows(w.data / file, rows)
        return [f"{w.shown(file)}:{len(rows) + 1}: {column}: {rows[0][column]!r} {what}"]

    return case


def unreadable(w: World, monkeypatch) -> list[str]:
    path = w.data / "events.csv"
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: have the read fail as it would for anyone else
        real = Path.read_bytes

        def read_bytes(self):
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return [f"{w.shown('events.csv')}: cannot be read (Permission denied)"]


def folder_for_file(w: World) -> list[str]:
    (w.data / "events.csv").unlink()
    (w.data / "events.csv").mkdir()
    return [f"{w.shown('events.csv')}: is a folder, not a CSV file"]


def renamed_column(file, old, new):
    def case(w: World) -> list[str]:
        w.bytes(file, lambda b: b.replace(old.encode(), new.encode(), 1))
        return [f"{w.shown(file)}:1: {new}: column is not in the schema and {old} is missing (renamed?)"]

    return case


def missing_column(file, column):
    def case(w: World) -> list[str]:
        rows = read_rows(w.data / file)
        write_rows(w.data / file, rows, [c for c in rows[0] if c != column])
        return [f"{w.shown(file)}:1: {column}: column is missing from the header"]

    return case


def second_bom(w: World) -> list[str]:
    w.bytes("sources.csv", lambda b: "\ufeff\ufeff".encode() + b.removeprefix("\ufeff".encode()))
    return [
        f"{w.shown('sources.csv')}:1: source_id: the header holds a byte-order mark (U+FEFF) in this "
        "column's name; save the file as UTF-8 with at most one at the start"
    ]


def utf16(w: World) -> list[str]:
    w.bytes("members.csv", lambda b: b.decode("utf-8").encode("utf-16"))
    return [
        f"{w.shown('members.csv')}:1: is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8"
    ]


def state_named_twice(w: World) -> list[str]:
    line = w.edit("members.csv", {"iso3": "RUS", "organisation": "CICA"}, country="Russian Federation")
    return [
        f"{w.shown('members.csv')}:{line}: country: 'Russian Federation' is not the name an earlier row gives "
        "this iso3 (one name per state)"
    ]


def two_states_one_folder(w: World) -> list[str]:
    line = w.edit("members.csv", {"iso3": "JOR"}, country="KAZAKHSTAN")  # report/kazakhstan/ for Jordan
    rule = "gives the same folder name (slug) as another state's name; its report would overwrite that one"
    return [f"{w.shown('members.csv')}:{line}: country: 'KAZAKHSTAN' {rule}"]


def outside_text(how):
    """The article's text_file names a file outside data/: refused, and not one of its lines shown."""

    def case(w: World) -> list[str]:
        secret = w.tmp / "secret.txt"
        secret.write_text("SECRET title line\nSECRET-PARAGRAPH never to be echoed\n", encoding="utf-8")
        if how == "absolute":
            name = str(secret)
        elif how == "dotdot":
            name = "../secret.txt"
        else:  # a link inside data/ that points outside
            (w.data / "articles/link.txt").symlink_to(secret)
            name = "articles/link.txt"
        line = w.edit("articles.csv", {"article_id": ARTICLE}, text_file=name)
        return [f"{w.shown('articles.csv')}:{line}: text_file: {name!r} lies outside the data folder"]

    return case


def outside_claims(w: World) -> list[str]:
    secret = w.tmp / "claims.csv"
    shutil.copyfile(w.data / "claims.csv", secret)
    line = w.edit("articles.csv", {"article_id": ARTICLE}, claims_file=str(secret))
    return [f"{w.shown('articles.csv')}:{line}: claims_file: {str(secret)!r} lies outside the data folder"]


def latin1_text(w: World) -> list[str]:
    line = next(i for i, ln in enumerate((w.data / TEXT).open(encoding="utf-8"), 1) if "’" in ln)
    w.bytes(TEXT, lambda b: b.replace("’".encode(), b"\x92", 1))  # a Windows-1252 apostrophe
    return [f"{w.shown(TEXT)}:{line}: is not UTF-8 text (byte 0x92)"]


def empty_text(w: World) -> list[str]:
    (w.data / TEXT).write_text("", encoding="utf-8")
    return [f"{w.shown(TEXT)}: has no paragraphs…"]


def control_in_text(w: World) -> list[str]:
    line = next(i for i, ln in enumerate((w.data / TEXT).open(encoding="utf-8"), 1) if "Soviet Union" in ln)
    w.bytes(TEXT, lambda b: b.replace(b"Soviet Union", b"Soviet\x1bUnion", 1))
    return [f"{w.shown(TEXT)}:{line}: holds a control character…"]


def claim(column, value, rule, claim_id="c01"):
    return cell("claims.csv", {"claim_id": claim_id}, column, value, rule)


def claim_args(value, message, claim_id="c01"):
    def case(w: World) -> list[str]:
        line = w.edit("claims.csv", {"claim_id": claim_id}, check_args=value)
        return [f"{w.shown('claims.csv')}:{line}: check_args: {message}"]

    return case


CHECKS_LIST = "is not allowed (expected one of: …"
C_AZE = {"organisation": "CICA", "iso3": "AZE"}
# CICA's running term (the latest): ended before it began, it leaves no gap before a later term.
C_RUNNING = next(
    {k: r[k] for k in ("organisation", "iso3", "term_start")}
    for r in read_rows(paths.DATA_DIR / "chairmanships.csv")
    if r["organisation"] == "CICA" and not r["term_end"]
)
SRC = {"source_id": "a2-astanatimes-2024-noor-oped"}

DATA_CASES = [
    # invisible characters, each rejected by the schema with file:line
    pytest.param(invisible("articles.csv", {"article_id": ARTICLE}, "title", "Kazakhstan\x00 in CICA"), id="nul-in-article-title"),
    pytest.param(invisible("claims.csv", {"claim_id": "c05"}, "finding", "Opinion\x1b[31m red"), id="esc-in-claim-finding"),
    pytest.param(invisible("claims.csv", {"claim_id": "c03"}, "claim", "Kazakhstan is\x0ca key player"), id="formfeed-in-claim"),
    pytest.param(invisible("initiatives.csv", {"initiative_id": "cica-finance-summit"}, "name", "CICA \u202eFinance"), id="bidi-override-in-initiative-name"),
    pytest.param(invisible("articles.csv", {"article_id": ARTICLE}, "author", "Zaman \u2067Bajwa\u2069"), id="bidi-isolate-in-author"),
    pytest.param(invisible("events.csv", {"event_id": "sco-charter-2002"}, "actor", "Heads\x7f of state"), id="del-in-event-actor"),
    pytest.param(invisible("sources.csv", SRC, "title", "Kazakhstan\ufeffs Chairmanship"), id="bom-inside-a-cell"),
    pytest.param(control_in_text, id="control-byte-in-article-text"),
    # encodings and the file's shape
    pytest.param(utf16, id="utf16-file"),
    pytest.param(second_bom, id="bom-in-header"),
    pytest.param(latin1_text, id="article-text-not-utf8"),
    pytest.param(whole("events.csv", "is not valid CSV (unexpected end of data)", appended(b'x,"unterminated\n'), line=n_lines("events.csv")), id="unterminated-quote"),
    pytest.param(whole("events.csv", "has 2 fields, the header has 13", appended(b"x,y\n"), line=n_lines("events.csv")), id="row-with-too-few-fields"),
    pytest.param(whole("sources.csv", "file is empty (expected a header row and data rows)", lambda b: b""), id="empty-sources-file"),
    pytest.param(whole("sources.csv", "has a header but no data rows", header_only), id="sources-header-only"),
    pytest.param(whole("claims.csv", "has a header but no data rows", header_only), id="claims-header-only"),
    pytest.param(empty_text, id="empty-article-text"),
    pytest.param(folder_for_file, id="folder-in-place-of-a-csv"),
    pytest.param(unreadable, id="unreadable-csv"),
    # the header
    pytest.param(renamed_column("chairmanships.csv", "term_start", "start"), id="renamed-column"),
    pytest.param(renamed_column("claims.csv", "finding", "findings"), id="renamed-column-in-claims"),
    pytest.param(missing_column("articles.csv", "url"), id="missing-required-column"),
    # cells
    pytest.param(cell("chairmanships.csv", C_AZE, "term_end", "2024-02-30", "is not a date (expected YYYY-MM-DD) (or empty)"), id="impossible-date-no-overlap-or-gap-follow-ons"),
    pytest.param(cell("sources.csv", SRC, "date_accessed", "30/11/2026", "is not a date (expected YYYY-MM-DD)"), id="date-in-another-format"),
    pytest.param(cell("sources.csv", SRC, "date_accessed", "2099-01-01", "is in the future (no source can have been read or published yet on that day)"), id="future-date-read"),
    pytest.param(cell("sources.csv", SRC, "date_published", "2099-01-01", "is in the future (no source can have been read or published yet on that day)"), id="future-date-published"),
    pytest.param(row_of("sources.csv", SRC, "date_accessed", "is before date_published", date_accessed="2024-07-01"), id="read-before-published"),
    pytest.param(row_of("events.csv", {"event_id": "sco-charter-2002"}, "end_date", "is before start_date", end_date="2002-06-01"), id="end-date-before-start-date"),
    pytest.param(row_of("chairmanships.csv", C_RUNNING, "term_end", "is before term_start", term_end="2020-01-01"), id="term-ends-before-it-starts"),
    pytest.param(row_of("chairmanships.csv", C_AZE, "term_start", "overlaps an earlier term of the same organisation", term_start="2024-06-01"), id="overlapping-chair-terms"),
    pytest.param(row_of("chairmanships.csv", {"organisation": "SCO", "iso3": "UZB", "term_start": "2003-05-29"}, "term_end", "is empty but a later term follows (only the current term may be open)", term_end=""), id="open-term-before-the-current-one"),
    pytest.param(row_of("chairmanships.csv", C_AZE, "counted", "only a disputed term may be left out of the count (counted=false)", counted="false"), id="confirmed-term-not-counted"),
    pytest.param(cell("chairmanships.csv", C_AZE, "counted", "yes", "is not a boolean (expected true or false)"), id="yes-for-a-boolean"),
    pytest.param(cell("chairmanships.csv", C_AZE, "organisation", "NATO", "is not allowed (expected one of: SCO, CICA)"), id="unknown-organisation-in-data"),
    pytest.param(cell("members.csv", {"iso3": "KAZ", "organisation": "CICA"}, "iso3", "kaz", "is not a known ISO 3166-1 alpha-3 code"), id="lower-case-iso3"),
    pytest.param(cell("sources.csv", SRC, "publisher", "   ", "is empty (a value is required)"), id="blank-required-value"),
    pytest.param(cell("initiatives.csv", {"initiative_id": "cica-finance-summit"}, "year_proposed", "twenty", "is not a year (expected YYYY) (or empty)"), id="year-in-words"),
    pytest.param(cell("quantities.csv", {"fact_id": "shanghai-five-members-1996"}, "value", "1,000", "is not a number"), id="number-with-a-comma"),
    pytest.param(cell("sources.csv", SRC, "url", "ftp://astanatimes.com/x", "is not an http(s) URL"), id="non-http-source-url"),
    pytest.param(cell("sources.csv", SRC, "url", "javascript:alert(1)", "is not an http(s) URL"), id="javascript-source-url"),
    pytest.param(cell("articles.csv", {"article_id": ARTICLE}, "url", "file:///etc/passwd", "is not an http(s) URL"), id="file-url-for-the-article"),
    pytest.param(cell("chairmanships.csv", C_AZE, "source_ids", "a, b", "is not a list of source ids (id;id;...), and every row needs one"), id="source-ids-with-commas"),
    pytest.param(duplicate_last_row("sources.csv", "source_id"), id="duplicate-source-id"),
    pytest.param(duplicate_last_row("claims.csv", "claim_id"), id="duplicate-claim-id"),
    pytest.param(duplicate_last_row("members.csv", "iso3", "listed twice for the same organisation"), id="member-listed-twice"),
    pytest.param(cell("claims.csv", {"claim_id": "c01"}, "source_ids", "no-such-source", "names an id not found in the sources file"), id="cited-source-missing-from-sources"),
    pytest.param(cell("chairmanships.csv", C_AZE, "source_ids", "cica-missing-source", "names an id not found in the sources file"), id="term-cites-missing-source"),
    pytest.param(state_named_twice, id="one-state-two-names"),
    pytest.param(two_states_one_folder, id="two-states-one-folder-name"),
    # the article and its register
    pytest.param(outside_text("absolute"), id="text-file-outside-data"),
    pytest.param(outside_text("dotdot"), id="text-file-dotdot"),
    pytest.param(outside_text("symlink"), id="text-file-symlinked-outside"),
    pytest.param(outside_claims, id="claims-file-outside-data"),
    pytest.param(claim("check", "chair_count", CHECKS_LIST), id="unknown-check-name"),
    pytest.param(claim_args('{"event_id": "kaz-independence-1990", "country_iso3": "KAZ"}', "event_id 'kaz-independence-1990' is not an id in the data (events.csv or meetings.csv)"), id="unknown-id-in-check-args"),
    pytest.param(claim_args('{"event_id": "kaz-independence-1991",}', "is not a JSON object (…"), id="check-args-not-json"),
    pytest.param(claim_args('{"event_id": "kaz-independence-1991", "country_iso3": "KAZ", "country": "KAZ"}', "['country'] not accepted by event_recorded (accepts: …"), id="unknown-check-argument"),
    pytest.param(row_of("claims.csv", {"claim_id": "c02"}, "check", "must be empty for an opinion and set for any other kind", check="event_recorded"), id="opinion-with-a-check"),
    pytest.param(claim("claim", "K" * 76, "is longer than 75 characters"), id="claim-text-too-long"),
    pytest.param(claim("paragraph", "0", "is not a paragraph number (1, 2, ...)"), id="paragraph-zero"),
]  # fmt: skip


@pytest.mark.parametrize("breaks", DATA_CASES)
def test_bad_data_stops_the_build_with_one_line_per_problem(world, breaks, monkeypatch):
    expected = breaks(world, monkeypatch) if breaks is unreadable else breaks(world)
    rc, out, err = world.run()
    assert_stopped(world, rc, out, err, 1, expected)
    assert "SECRET" not in out + err


def test_data_folder_missing_is_one_line(world):
    rc, out, err = world.run(data=world.tmp / "nowhere")
    assert_stopped(
        world, rc, out, err, 1, [f"{paths.display_path(world.tmp / 'nowhere')}: data folder not found"]
    )


def test_data_folder_that_is_a_file_is_one_line(world):
    rc, out, err = world.run(data=world.data / "sources.csv")
    assert_stopped(world, rc, out, err, 1, [f"{world.shown('sources.csv')}: is not a folder"])


# --- each kind of bad parameter: exit 1, `parameter <name>: ...; valid: ...`, nothing written ------------

PARAMETER_CASES = [
    (["--country", ""], "parameter country: '' is not a member state of the SCO or CICA; valid: Afghanistan (AFG), …"),
    (["--country", "KZ"], "parameter country: 'KZ' is not a member state of the SCO or CICA; valid: …"),
    (["--country", "Kazakhstan,Atlantis"], "parameter country: 'Atlantis' is not a member state of the SCO or CICA; valid: …"),
    (["--organisations", "NATO"], "parameter organisations: 'NATO' is not allowed; valid: any of SCO, CICA, comma-separated"),
    (["--organisations", ""], "parameter organisations: '' is not allowed; valid: any of SCO, CICA, comma-separated"),
    (["--organisations", "SCO;CICA"], "parameter organisations: 'SCO;CICA' is not allowed; valid: any of SCO, CICA, comma-separated"),
    (["--period-start", "1992/01/01"], "parameter period_start: '1992/01/01' is not a date (expected YYYY-MM-DD)"),
    (["--period-end", "2023-02-30"], "parameter period_end: '2023-02-30' is not a date (expected YYYY-MM-DD)"),
    (["--period-start", "2010-01-01", "--period-end", "2000-01-01"], "parameter period_end: 2000-01-01 is before period_start 2010-01-01; the period must run forwards"),
    (["--period-start", "1900-01-01", "--period-end", "1950-12-31"], "parameter period_end: 1950-12-31 is before the first chair term of SCO or CICA in the data (1999-09-14); valid: a period that ends on or after 1999-09-14"),
    (["--period-start", "2100-01-01"], "parameter period_start: 2100-01-01 is after the latest date the data covers; valid: a date up to …"),
    (["--as-of", "12/12/2023"], "parameter as_of: '12/12/2023' is not a date (expected YYYY-MM-DD)"),
    (["--as-of", "2099-01-01"], "parameter as_of: 2099-01-01 is in the future; valid: a date up to …"),
    (["--as-of", "2023-12-12", "--period-start", "2024-01-01"], "parameter as_of: 2023-12-12 is before period_start 2024-01-01; valid: a date from 2024-01-01 to …"),
    (["--article", "no-such-article"], f"parameter article: 'no-such-article' is not an article of the data; valid: {ARTICLES}"),
    (["--article", ""], f"parameter article: '' is not an article of the data; valid: {ARTICLE}, …"),
    (["--country", "all", "--as-of", "2099-01-01"], "parameter as_of: 2099-01-01 is in the future; valid: a date up to …"),
    (["--country", "all", "--article", "nope"], f"parameter article: 'nope' is not an article of the data; valid: {ARTICLE}, …"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"), PARAMETER_CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_bad_parameter_stops_before_anything_is_written(world, args, message):
    rc, out, err = world.run(*args)
    assert_stopped(world, rc, out, err, 1, [message])


# --- usage errors: exit 2, argparse's usage and one error line naming the option and what is allowed -------

USAGE_CASES = [
    (["--jobs", "-1"], "cicasco build: error: argument --jobs: '-1' is not allowed; valid: 0 (one per core) or a whole number above 0"),
    (["--jobs", "1.5"], "cicasco build: error: argument --jobs: '1.5' is not allowed; valid: 0 (one per core) or a whole number above 0"),
    (["--jobs", "abc"], "cicasco build: error: argument --jobs: 'abc' is not allowed; valid: 0 (one per core) or a whole number above 0"),
    (["--timeout", "0"], "cicasco build: error: argument --timeout: '0' is not allowed; valid: a whole number of seconds above 0"),
    (["--timeout", "-5"], "cicasco build: error: argument --timeout: '-5' is not allowed; valid: a whole number of seconds above 0"),
    (["--base-url", "javascript:alert(1)"], "cicasco build: error: argument --base-url: 'javascript:alert(1)' is not allowed; valid: an absolute http:// or https:// address with a host, without spaces, quotes or angle brackets, or empty"),
    (["--contry", "China"], "cicasco: error: unrecognized arguments: --contry China"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"), USAGE_CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_usage_error_exits_2_naming_the_option(world, args, message):
    rc, out, err = world.run(*args)
    assert_stopped(world, rc, out, err, 2, [message])


# --- COUNTRY through make: the shell never parses it ------------------------------------------------------

MAKE_CASES = [
    pytest.param("`touch {marker}`", id="backticks"),
    pytest.param("$(touch {marker})", id="dollar-paren"),
    pytest.param('"; touch {marker}; echo "', id="double-quote-semicolon"),
]


@pytest.mark.parametrize("template", MAKE_CASES)
def test_shell_metacharacters_in_country_run_no_command(world, template):
    marker = world.tmp / "marker"
    country = template.format(marker=marker)
    r = make_report(world, country)
    assert not marker.exists(), "a command in COUNTRY ran"
    assert r.returncode == 2, r.stderr  # make's status when the recipe fails
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1, r.stderr
    assert errors[0].startswith(
        f"error: parameter country: {country!r} is not a member state of the SCO or CICA; valid: "
    )
    assert "Traceback" not in r.stderr
    assert digests(world.out) == world.good.digests


def test_country_comma_through_make_names_no_country(world):
    r = make_report(world, ",")
    assert r.returncode == 2, r.stderr
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error: ")]
    assert errors == [
        "error: parameter country: ',' names no country; valid: a member state, a comma-separated list, or all"
    ]
    assert digests(world.out) == world.good.digests


def make_report(w: World, country: str) -> subprocess.CompletedProcess:
    """`make report COUNTRY=...` on the copies, never reinstalling (-o: the venv counts as current)."""
    args = f"--data-dir {w.data} --out {w.out} --cache-dir {w.tmp / 'cache'}"
    return subprocess.run(
        ["make", "-s", "-C", str(paths.ROOT), "-o", ".venv/bin/.installed", "report", f"COUNTRY={country}", f"ARGS={args}"],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip


# --- input that is not bad: the last good report is kept, or another folder is written ----------------------


def _count_report(opts) -> Path:
    """Stands in for one report's build (in the pool's worker process): notes which was asked for."""
    with (Path(opts.out_root).parent / "asked.txt").open("a", encoding="utf-8") as f:
        f.write(f"{opts.country}|{opts.article}\n")
    return cache.folders(opts, "kazakhstan")[0]


def test_duplicate_countries_in_a_list_are_built_once(world, monkeypatch):
    monkeypatch.setattr(batch, "report_one", _count_report)  # workers fork: they see the stand-in
    rc, out, err = world.run("--country", f"{KAZ},kazakhstan,KAZ, kaz ")
    assert rc == 0, err
    assert "1 of 1 reports built" in out and "FAILED" not in err and "Traceback" not in err
    assert (world.tmp / "asked.txt").read_text(encoding="utf-8") == f"{KAZ}|{ARTICLE}\n"
    assert digests(world.out) == world.good.digests


def test_a_name_without_latin_letters_gets_its_iso3_as_folder_name(world, capsys):
    # Cyrillic: no Latin letters for a folder name, and a script the report's fonts print (a name in
    # Chinese characters is refused at load: the PDF could not print it)
    rename_state(world.data, "CHN", "Китай")
    assert cli.main(["countries", "--data-dir", str(world.data)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^CHN  chn\s+Китай \(CICA, SCO\)$", out, re.M), out
    assert digests(world.out) == world.good.digests


# --- markup in the data shows as text in the good report ----------------------------------------------------


def visible_text(page: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    for el in soup(["script", "style", "head"]):
        el.decompose()
    return " ".join(soup.get_text(" ").split())


SHOWN = [(what, value) for what, _, _, _, value in PLANTED] + [
    ("country name", CHINA),
    ("selected country", KAZ),
]


@pytest.mark.parametrize(("what", "value"), SHOWN, ids=[w for w, _ in SHOWN])
def test_markup_in_a_field_shows_as_text(good, what, value):
    from markupsafe import escape

    page = good.html
    assert value in visible_text(page), f"{what} not shown as typed"
    for target in re.findall(r"\]\(([^)]*\)?)\)", value):  # the link or image address in the markup
        assert not re.search(rf"""(src|href)=["']?{re.escape(target)}""", page), (
            f"{what} became a link or image"
        )
    if any(c in value for c in "<>&"):
        assert value not in page, f"{what} reached the page unescaped"
        assert str(escape(str(escape(value)))) not in page, f"{what} escaped twice"


def test_the_page_loads_nothing_and_escapes_nothing_twice(good):
    page = good.html
    images = re.findall(r"<img\b[^>]*>", page)
    assert images and all(re.search(r'\ssrc="data:', img) for img in images), "an image from outside"
    assert not re.search(r"""href=["']?\s*javascript:""", page, re.I), "a javascript: link"
    assert not re.search(r"&amp;(amp|lt|gt|quot|#\d+);", page), "text escaped twice"


def test_captions_escape_the_country_name_once(good):
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", good.html, re.S)
    named = [c for c in captions if "Kazakhstan" in c]
    assert named and all("Kazakhstan &lt;&amp;" in c for c in named), named


def test_mathtext_in_a_name_is_drawn_as_typed(good):
    svg = (good.out / "figures/kazakhstan/chairs-frequency.svg").read_text(encoding="utf-8")
    assert "China $\\chi$ [m](javascript:alert(5))" in svg  # as text, not a rendered chi
    assert "Kazakhstan &lt;&amp;'&gt;" in svg


# --- the build makes no network request, whatever the data says ------------------------------------------


def test_the_build_requests_nothing_that_the_data_points_at(tmp_path):
    """Images, links and stylesheets planted in the data point at a local server; a full build (HTML,
    PDF, figures) must not send it a single request."""
    import http.server
    import threading

    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the base class's name)
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    here = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        data = tmp_path / "data"
        shutil.copytree(paths.DATA_DIR, data)
        edit_row(
            data / "events.csv",
            {"event_id": "kaz-independence-1991"},
            name=f"Independence ![e]({here}/md.png)",
        )
        edit_row(data / "claims.csv", {"claim_id": "c02"}, finding=f'<img src="{here}/img.png"> opinion')
        edit_row(
            data / "initiatives.csv",
            {"initiative_id": "cica-finance-summit"},
            name=f'CICA Finance Summit <link rel="stylesheet" href="{here}/s.css">',
        )
        edit_row(data / "sources.csv", {"source_id": "sco-trend-2024-china-chair"}, url=f"{here}/source-page")
        args = [
            "build",
            "--data-dir",
            str(data),
            "--out",
            str(tmp_path / "out"),
            "--cache-dir",
            str(tmp_path / "c"),
        ]
        assert cli.main(args) == 0
        page = (tmp_path / "out/report/kazakhstan/report.html").read_text(encoding="utf-8")
        assert f"{here}/source-page" in page  # a source's own address is shown, as a link
        assert (tmp_path / "out/report/kazakhstan/report.pdf").stat().st_size > 0
    finally:
        server.shutdown()
    assert seen == [], f"the build fetched {seen}"
