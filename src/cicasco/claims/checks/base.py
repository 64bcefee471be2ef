"""What every check shares: its result, the registry, argument checking, and the data as of a date.

Each check takes the data as known on the assessment date and the claim's arguments (a JSON object in
the claims file) and returns a Result: the verdict, one plain sentence of evidence, and the rows it used.
Verdicts are always computed, never read from the claims file. A check that reads a row whose value is
disputed also gives the verdict under the other reading (`readings`); the headline verdict follows the
reading the data uses by default (see data/README.md, "Disputed readings").
"""

import calendar
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
}
# Checks that also read a meeting where an event is named (chairs._event_or_meeting): check -> argument.
MEETING_TOO = {"chair_during_event": "event_id"}


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
    return data.with_tables(chairmanships=c, meetings=m, events=e, initiatives=i, members=mem)


LAUNCHED = ("held", "launched", "ongoing")


def launched_by(r, day: pd.Timestamp) -> bool:
    """Had the initiative been held or launched by `day` (by the end of its launch year's known part)?"""
    return r["status"] in LAUNCHED and pd.notna(r["year_launched"]) and int(r["year_launched"]) <= day.year


# --- words for evidence: what a reader sees --------------------------------------------------------


def name(data: Dataset, iso3: str) -> str:
    """A country's name as the report writes it everywhere: the members table's, else ISO's."""
    if data.members is not None:
        names = data.members.loc[data.members["iso3"] == iso3, "country"]
        if len(names):
            return names.iloc[0]
    c = pycountry.countries.get(alpha_3=str(iso3))
    return getattr(c, "common_name", None) or getattr(c, "name", str(iso3))


def day(ts) -> str:
    return "no date on record" if pd.isna(ts) else f"{ts.day} {calendar.month_name[ts.month]} {ts.year}"


def span(start, end) -> str:
    """'14–15 June 2001', '30 June–1 July 2024', '7 June 2002'; the start alone where the end is unknown."""
    if end is None or pd.isna(end) or end == start:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day(end)}"
    if start.year == end.year:
        return f"{start.day} {calendar.month_name[start.month]}–{day(end)}"
    return f"{day(start)}–{day(end)}"


def term_words(r) -> str:
    """A chair term in words: 'from 4 July 2023 to 4 July 2024'; a term running on the assessment date
    that ended later says so; the running term says it was still running when the data ends."""
    end = r.term_end if pd.notna(r.term_end) else getattr(r, "ended_later", pd.NaT)
    if pd.notna(end):
        return f"from {day(r.term_start)} to {day(end)}"
    return f"from {day(r.term_start)}, a term still running when the data ends"


def sentence(text: str) -> str:
    """The text as a sentence: a full stop added unless it already ends one (also inside a closing
    quote: '…in Asia.”' gets none, '…in Asia”' gets one after the quote)."""
    text = text.rstrip()
    return text if text.rstrip("”’\"')").endswith((".", "!", "?")) else text + "."


def _year(v) -> str:
    return str(int(v))


def outcome(data: Dataset, r) -> str:
    """What became of an initiative, on the latest evidence, in words: 'held in Astana in 2024',
    'not launched (last checked 17 December 2024)'."""
    where = f" in {r['place']}" if r["place"] else ""
    checked = f" (last checked {day(r['status_as_of'])})" if pd.notna(r["status_as_of"]) else ""
    launched = _year(r["year_launched"]) if pd.notna(r["year_launched"]) else ""
    words = {
        "held": f"held{where} in {launched}",
        "launched": f"launched{where} in {launched}",
        "ongoing": f"launched{where} in {launched} and still under way{checked}",
        "proposed": f"not yet launched{checked}",
        "stalled": f"stalled{checked}",
        "unknown": "what became of it is not on record",
    }
    if r["status"] == "ongoing" and not launched:
        return f"under way, since a year not on record{checked}"
    return words[r["status"]]


def initiative_words(data: Dataset, r) -> str:
    """'The CICA Finance Summit was proposed by China; held in 2018.' — who proposed it, when, and what
    became of it, without the organisation's name twice."""
    text = r["name"]
    who = f" by {name(data, r['proposer_iso3'])}" if r["proposer_iso3"] else ""
    when = f" in {_year(r['year_proposed'])}" if pd.notna(r["year_proposed"]) else ""
    if who or when:
        text += f" was proposed{who}{when}"
    else:
        text += " is on record"
    return f"{text}; {outcome(data, r)}"


def month_words(year: int, month: int | None) -> str:
    return f"{calendar.month_name[month]} {year}" if month else str(year)


def fold_city(name_: str) -> str:
    """A city name folded for comparison: 'St. Petersburg' == 'Saint Petersburg' == 'saint-petersburg'."""
    n = str(name_).casefold().replace("st.", "saint").replace("st ", "saint ").replace("-", " ")
    return " ".join(n.split())


def within(claimed: float, actual: float, tolerance: float = 0.05) -> str:
    """The numeric rule (data/README.md): within `tolerance` of the actual value is accurate, within
    three times the tolerance partly accurate, further off inaccurate."""
    if actual == 0:
        return ACCURATE if claimed == 0 else INACCURATE
    off = abs(claimed - actual) / abs(actual)
    return ACCURATE if off <= tolerance else PARTLY if off <= 3 * tolerance else INACCURATE
