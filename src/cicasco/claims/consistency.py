"""Does the written text agree with the data? An editor's last read, as a check `make check` runs.

- Every date the editor's context (`finding`) names must be a date of the rows the claim's check read:
  a date column, a day inside a start–end span, or a date written in those rows' own text. A month
  and year ('October 2022') must match such a date's month; a bare year is not compared.
- Where the context says an initiative was held or launched, the rows must say so, and the reverse.
The data's own cross-row rules (an initiative's status against its launch year and meeting, open
terms) are checked at load time, in data/schema.py.
"""

import calendar
import re

import pandas as pd

from ..errors import Problem

_MONTHS = {m.casefold(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS |= {m.casefold(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
# '15 June 2001', '15 Jun 2001', '26–27 Feb 2013', 'October 2022'; day-first, as the data's prose is
_WRITTEN = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:\s*[–-]\s*(?P<d2>\d{{1,2}}))?\s+)?(?P<m>{_MONTH})\.?,?\s+(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_SAYS_HELD = re.compile(
    r"\b(?:was|were|has been|had been) (?:held|launched|set up|adopted|established)\b", re.I
)
_SAYS_NOT = re.compile(
    r"\b(?:not yet|never|not been|was not|had not been) (?:held|launched|set up|adopted|established)\b", re.I
)
LAUNCHED = ("held", "launched", "ongoing")
SPAN_DAYS = 400  # a start–end span longer than this (a chair term) lends only its two ends


def written_dates(text: str) -> list[tuple[int, int, int | None]]:
    """The dates a text states, as (year, month, day or None)."""
    out = []
    for m in _WRITTEN.finditer(str(text)):
        y, mo = int(m["y"]), _MONTHS[m["m"].casefold().rstrip(".")]
        days = [int(d) for d in (m["d1"], m["d2"]) if d]
        out += [(y, mo, d) for d in days] or [(y, mo, None)]
    out += [(int(y), int(mo), int(d)) for y, mo, d in _ISO.findall(str(text))]
    return [(y, mo, d) for y, mo, d in out if 1 <= mo <= 12 and (d is None or 1 <= d <= 31)]


def row_dates(rows: list[tuple[str, pd.DataFrame]]) -> set[tuple[int, int, int]]:
    """Every day the rows give: date cells, the days of short spans, and dates in their text."""
    known: set[tuple[int, int, int]] = set()
    for _, df in rows:
        for r in df.to_dict("records"):
            stamps = [v for v in r.values() if isinstance(v, pd.Timestamp) and pd.notna(v)]
            known |= {(t.year, t.month, t.day) for t in stamps}
            start, end = r.get("start_date", r.get("term_start")), r.get("end_date", r.get("term_end"))
            dated = all(isinstance(t, pd.Timestamp) and pd.notna(t) for t in (start, end))
            if dated and (end - start).days <= SPAN_DAYS:
                known |= {(t.year, t.month, t.day) for t in pd.date_range(start, end)}
            for v in r.values():
                if isinstance(v, str):
                    known |= {(y, mo, d) for y, mo, d in written_dates(v) if d is not None}
                    known |= {(y, mo, 0) for y, mo, d in written_dates(v) if d is None}
    return known


def _date_problems(text: str, known: set) -> list[str]:
    months = {(y, mo) for y, mo, _ in known}
    wrong = []
    for y, mo, d in written_dates(text):
        ok = (y, mo, d) in known if d is not None else (y, mo) in months
        if not ok:
            shown = f"{d} {calendar.month_name[mo]} {y}" if d else f"{calendar.month_name[mo]} {y}"
            wrong.append(f"names {shown}, a date none of the rows its check read gives")
    return wrong


def _status_problems(text: str, rows: list[tuple[str, pd.DataFrame]]) -> list[str]:
    statuses = {s for table, df in rows if table == "initiatives" for s in df["status"]}
    if not statuses:
        return []
    if _SAYS_HELD.search(text) and not statuses & set(LAUNCHED):
        return [f"says it was held or launched, but the data's status is {', '.join(sorted(statuses))}"]
    if _SAYS_NOT.search(text) and statuses <= set(LAUNCHED):
        return [f"says it was not held or launched, but the data's status is {', '.join(sorted(statuses))}"]
    return []


def contradictions(assessed: pd.DataFrame, shown: str) -> list[Problem]:
    """One problem per claim whose context disagrees with the rows its check read (as of the
    assessment date and on the latest data), as `file:line: finding: claim: ...`."""
    problems = []
    for r in assessed.itertuples():
        if not r.check or not r.finding:
            continue
        rows = list(r.rows) + list(r.rows_latest)
        for message in _date_problems(r.finding, row_dates(rows)) + _status_problems(r.finding, rows):
            problems.append(Problem(shown, r.line, "finding", f"{r.claim_id} {message}"))
    return problems
