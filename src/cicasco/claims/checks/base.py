"""What every check shares: its result, the registry, argument checking, and the data as of a date.

Each check takes the data as known on the assessment date and the claim's arguments (a JSON object in
the claims file) and returns a Result: the verdict, one plain sentence of evidence, and the rows it used.
Verdicts are always computed, never read from the claims file. A check that reads a row whose value is
disputed also gives the verdict under the other reading (`readings`); the headline verdict follows the
reading the data uses by default (see data/README.md, "Disputed readings").
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pycountry

from ...analysis.initiatives import first_year
from ...data.ids import split_ids
from ...data.load import Dataset
from ...data.vocab import ACCURATE, INACCURATE, ORGANISATIONS, PARTLY, UNVERIFIABLE

__all__ = ["ACCURATE", "INACCURATE", "PARTLY", "UNVERIFIABLE", "Reading", "Result", "check"]


@dataclass(frozen=True)
class Reading:
    """The verdict under another reading of a disputed fact."""

    label: str  # e.g. "counting the disputed 2002–03 term"
    verdict: str
    evidence: str


@dataclass
class Result:
    verdict: str
    evidence: str
    rows: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    reading: str = ""  # the label of the headline reading, when there are others

    @property
    def source_ids(self) -> list[str]:
        ids: list[str] = []
        for _, df in self.rows:
            for cell in df.get("source_ids", []):
                ids += [i for i in split_ids(cell) if i not in ids]
        return ids


CHECKS: dict[str, Callable[..., Result]] = {}


def check(fn: Callable[..., Result]) -> Callable[..., Result]:
    CHECKS[fn.__name__] = fn
    return fn


def arguments(name: str) -> list[str]:
    """The argument names a check accepts."""
    return [p for p in inspect.signature(CHECKS[name]).parameters if p not in ("data", "as_of", "said_on")]


# Arguments that name a row of a table: the argument, the table, and the id column(s) it may match.
ID_ARGUMENTS = {
    "event_id": (("events", "event_id"),),
    "from_event_id": (("events", "event_id"),),
    "initiative_id": (("initiatives", "initiative_id"),),
    "statement_id": (("statements", "statement_id"),),
    "fact_id": (("quantities", "fact_id"),),
    "was_fact_id": (("quantities", "fact_id"),),
    "document_id": (("documents", "document_id"),),
    "meeting_id": (("meetings", "meeting_id"),),
}
# Checks that also read a meeting where an event is named (event_or_meeting, fact_row): check ->
# argument. Validation accepts a meeting id exactly where the check reads meetings.
MEETING_TOO = {
    "chair_during_event": "event_id",
    "event_recorded": "event_id",
    "statement_made": "event_id",
    "years_between": "from_event_id",
}


def id_tables(name: str, arg: str) -> tuple[tuple[str, str], ...]:
    """The (table, id column) pairs whose ids check `name` accepts for argument `arg`; empty where the
    argument names no row."""
    tables = ID_ARGUMENTS.get(arg, ())
    return tables + ((("meetings", "meeting_id"),) if MEETING_TOO.get(name) == arg else ())


def argument_problems(data: Dataset, name: str, args: dict) -> list[str]:
    """Every way `args` does not fit check `name`: unknown or missing arguments, ids not in the data,
    unknown organisations or country codes. Empty when the arguments fit."""
    sig = inspect.signature(CHECKS[name])
    accepted = arguments(name)
    problems = []
    extra = sorted(set(args) - set(accepted))
    if extra:
        problems.append(f"{extra} not accepted by {name} (accepts: {', '.join(accepted)})")
    missing = [p for p in accepted if sig.parameters[p].default is inspect.Parameter.empty and p not in args]
    if missing:
        problems.append(f"{name} needs {', '.join(missing)}")
    for arg, value in args.items():
        for_tables = id_tables(name, arg)
        if for_tables:
            known = set()
            for table, column in for_tables:
                df = getattr(data, table, None)
                if df is not None:
                    known |= set(df[column])
            if value not in known:
                where = " or ".join(f"{table}.csv" for table, _ in for_tables)
                problems.append(f"{arg} {value!r} is not an id in the data ({where})")
        elif arg == "organisation" and value not in ORGANISATIONS:
            problems.append(f"organisation {value!r} is not one of {', '.join(ORGANISATIONS)}")
        elif arg == "organisations" and (not isinstance(value, list) or set(value) - set(ORGANISATIONS)):
            problems.append(f"organisations {value!r} is not a list of {', '.join(ORGANISATIONS)}")
        elif (
            arg.endswith("iso3") and value is not None and pycountry.countries.get(alpha_3=str(value)) is None
        ):
            problems.append(f"{arg} {value!r} is not a known ISO 3166-1 alpha-3 code")
    return problems


def as_of_view(data: Dataset, day: pd.Timestamp) -> Dataset:
    """The data as it stood on `day`: later terms, meetings, events and initiatives removed, and a term
    that ended after `day` shown as still running then (its real end kept in `ended_later`, so evidence
    written today can say when it ended). Initiatives keep their latest status: a check asks
    `launched_by` whether one had been launched by `day`, and evidence can say what happened next."""
    c = data.chairmanships
    if c is not None:
        c = c[c["term_start"] <= day].copy()
        later = c["term_end"] > day
        c["ended_later"] = c["term_end"].where(later)
        c.loc[later, "term_end"] = pd.NaT
    m = data.meetings
    if m is not None:
        m = m[m["start_date"] <= day]
    e = data.events
    if e is not None:  # undated facts (a role, a doctrine) are kept: nothing dates them after `day`
        e = e[e["start_date"].isna() | (e["start_date"] <= day)]
    i = data.initiatives
    if i is not None:
        i = i[first_year(i).isna() | (first_year(i) <= day.year)]
    mem = data.members
    if mem is not None:
        mem = mem[mem["year_joined"].isna() | (mem["year_joined"] <= day.year)]
    d = data.documents
    if d is not None:
        d = d[d["date"] <= day]
    return data.with_tables(chairmanships=c, meetings=m, events=e, initiatives=i, members=mem, documents=d)


LAUNCHED = ("held", "launched", "ongoing")


def launched_by(r, day: pd.Timestamp) -> bool:
    """Had the initiative been held or launched by `day` (by the end of its launch year's known part)?"""
    return r["status"] in LAUNCHED and pd.notna(r["year_launched"]) and int(r["year_launched"]) <= day.year


def event_or_meeting(data: Dataset, event_id: str) -> tuple[str, pd.DataFrame, str, pd.Timestamp]:
    """(table, rows, name, start) of an event or a meeting id."""
    ev = data.events[data.events["event_id"] == event_id]
    if not ev.empty:
        return "events", ev, ev.iloc[0]["name"], ev.iloc[0]["start_date"]
    m = data.meetings[data.meetings["meeting_id"] == event_id]
    if not m.empty:
        r = m.iloc[0]
        label = f"the {r['organisation']} {r['kind'].replace('_', '-')} meeting in {r['city'] or 'an unrecorded place'}"
        return "meetings", m, label, r["start_date"]
    return "events", ev, "", pd.NaT


def rows_where(df: pd.DataFrame | None, column: str, value: str) -> pd.DataFrame:
    """The rows of a table (None: not loaded) whose `column` is `value`."""
    return df.iloc[0:0] if df is None else df[df[column] == value]


def fact_row(data: Dataset, event_id: str) -> tuple[str, pd.DataFrame, dict | None]:
    """An event or a meeting as one record, whichever table the id names (validation accepts both):
    (table, its rows, {name, start, end, city, iso3, status, actor}), or None where it is not on record."""
    ev = data.events[data.events["event_id"] == event_id] if data.events is not None else None
    if ev is not None and not ev.empty:
        r = ev.iloc[0]
        return (
            "events",
            ev,
            {
                "name": r["name"],
                "start": r["start_date"],
                "end": r.get("end_date", pd.NaT),
                "city": r["city"],
                "iso3": r["country_iso3"],
                "status": r["status"],
                "actor": r["actor"],
            },
        )
    m = data.meetings[data.meetings["meeting_id"] == event_id] if data.meetings is not None else None
    if m is not None and not m.empty:
        table, rows, label, start = event_or_meeting(data, event_id)
        r = m.iloc[0]
        return (
            "meetings",
            m,
            {
                "name": label[:1].upper() + label[1:],
                "start": start,
                "end": r.get("end_date", pd.NaT),
                "city": r["city"],
                "iso3": r["host_iso3"],
                "status": r["status"],
                "actor": "",
            },
        )
    return "events", data.events.iloc[0:0] if data.events is not None else pd.DataFrame(), None
