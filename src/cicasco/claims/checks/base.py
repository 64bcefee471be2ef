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
    "event_id": (("events", "event_id"), ("meetings", "meeting_id")),
    "from_event_id": (("events", "event_id"), ("meetings", "meeting_id")),
    "initiative_id": (("initiatives", "initiative_id"),),
    "statement_id": (("statements", "statement_id"),),
    "fact_id": (("quantities", "fact_id"),),
}


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
        for_tables = ID_ARGUMENTS.get(arg)
        if for_tables:
            known = set()
            for table, column in for_tables:
                df = getattr(data, table, None)
                if df is not None:
                    known |= set(df[column])
            if value not in known:
                problems.append(f"{arg} {value!r} is not an id in the data")
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
    that ended after `day` shown as still running."""
    c = data.chairmanships
    if c is not None:
        c = c[c["term_start"] <= day].copy()
        c.loc[c["term_end"] > day, "term_end"] = pd.NaT
    m = data.meetings
    if m is not None:
        m = m[m["start_date"] <= day]
    e = data.events
    if e is not None:  # undated facts (a role, a doctrine) are kept: nothing dates them after `day`
        e = e[e["start_date"].isna() | (e["start_date"] <= day)]
    i = data.initiatives
    if i is not None:
        i = i[first_year(i).isna() | (first_year(i) <= day.year)].copy()
        not_yet = i["year_launched"].notna() & (i["year_launched"] > day.year)
        i.loc[not_yet, "status"] = "proposed"
        i.loc[not_yet, "year_launched"] = pd.NA
    mem = data.members
    if mem is not None:
        mem = mem[mem["year_joined"].isna() | (mem["year_joined"] <= day.year)]
    return data.with_tables(chairmanships=c, meetings=m, events=e, initiatives=i, members=mem)


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
    return (
        "the present (term running)" if pd.isna(ts) else f"{ts.day} {calendar.month_name[ts.month]} {ts.year}"
    )


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
