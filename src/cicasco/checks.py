"""Checks that decide the article's assertions against the data, one function per kind of fact.

Each check takes the data as known on the assessment date and the claim's arguments (a JSON object in
the claims file) and returns a Result: the verdict, a one-line account of the evidence computed, and the
rows it used. Verdicts are always computed here, never read from the claims file.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from . import chairs
from .tables import Dataset

ACCURATE, PARTLY, INACCURATE, UNVERIFIABLE = (
    "accurate",
    "partly accurate",
    "inaccurate",
    "unverifiable",
)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass
class Result:
    verdict: str
    evidence: str
    rows: list[tuple[str, pd.DataFrame]] = field(default_factory=list)

    @property
    def source_ids(self) -> list[str]:
        ids: list[str] = []
        for _, df in self.rows:
            for cell in df.get("source_ids", []):
                ids += [i.strip() for i in str(cell).split(";") if i.strip() and i.strip() not in ids]
        return ids


CHECKS: dict[str, Callable[..., Result]] = {}


def check(fn: Callable[..., Result]) -> Callable[..., Result]:
    CHECKS[fn.__name__] = fn
    return fn


def arguments(name: str) -> list[str]:
    """The argument names a check accepts (for messages about a bad check_args)."""
    return [p for p in inspect.signature(CHECKS[name]).parameters if p not in ("data", "as_of")]


def as_of_view(data: Dataset, day: pd.Timestamp) -> Dataset:
    """The data as it stood on `day`: later terms, meetings, events and initiatives removed, and a term
    that ended after `day` shown as still running."""
    t = dict(data.tables)
    if "chairmanships" in t:
        c = t["chairmanships"]
        c = c[c["term_start"] <= day].copy()
        c.loc[c["term_end"] > day, "term_end"] = pd.NaT
        t["chairmanships"] = c
    if "meetings" in t:
        t["meetings"] = t["meetings"][t["meetings"]["start_date"] <= day]
    if "events" in t:  # undated facts (a role, a doctrine) are kept: nothing dates them after `day`
        e = t["events"]
        t["events"] = e[e["start_date"].isna() | (e["start_date"] <= day)]
    if "initiatives" in t:
        i = t["initiatives"].copy()
        proposed = i["year_proposed"].fillna(i["year_launched"])
        i = i[proposed.isna() | (proposed <= day.year)].copy()
        not_yet = i["year_launched"].notna() & (i["year_launched"] > day.year)
        i.loc[not_yet, "status"] = "proposed"
        i.loc[not_yet, "year_launched"] = pd.NA
        t["initiatives"] = i
    if "members" in t:
        m = t["members"]
        t["members"] = m[m["year_joined"].isna() | (m["year_joined"] <= day.year)]
    return Dataset(data.data_dir, t)


def _d(ts: pd.Timestamp) -> str:
    return "the present (term running)" if pd.isna(ts) else f"{ts:%Y-%m-%d}"


def _city(name: str) -> str:
    n = str(name).casefold().replace("st.", "saint").replace("st ", "saint ").replace("-", " ")
    return " ".join(n.split())


def _month_name(year: int, month: int | None) -> str:
    return f"{MONTHS[month - 1]} {year}" if month else str(year)


@check
def chair_on_date(
    data: Dataset, as_of: pd.Timestamp, organisations: list[str], iso3: str, date: str
) -> Result:
    """Did the state chair every listed organisation on the date?"""
    day = pd.Timestamp(date)
    if day > as_of:
        return Result(UNVERIFIABLE, f"{day:%Y-%m-%d} is after the assessment date {as_of:%Y-%m-%d}")
    found, parts = [], []
    for org in organisations:
        running = chairs.chair_on(data.chairmanships, org, day)
        found.append(("chairmanships", running))
        if running.empty:
            parts.append(f"{org}: no chair recorded on {day:%Y-%m-%d}")
        else:
            r = running.iloc[0]
            parts.append(f"{org}: {r['country']} chaired from {_d(r['term_start'])} to {_d(r['term_end'])}")
    held = [not df.empty and (df["iso3"] == iso3).any() for _, df in found]
    verdict = ACCURATE if all(held) else PARTLY if any(held) else INACCURATE
    return Result(verdict, "; ".join(parts), found)


@check
def term_count(data: Dataset, as_of: pd.Timestamp, organisation: str, iso3: str, expected: int) -> Result:
    """Does the number of terms the state has begun by the assessment date equal the claimed number?"""
    mine = data.chairmanships[
        (data.chairmanships["organisation"] == organisation) & (data.chairmanships["iso3"] == iso3)
    ]
    counted = mine[mine["counted"]]
    starts = ", ".join(f"{t:%Y}" for t in counted["term_start"].sort_values())
    evidence = (
        f"{len(counted)} {organisation} term(s) begun by {as_of:%Y-%m-%d} (starting {starts or 'never'})"
    )
    if len(mine) != len(counted):
        left_out = ", ".join(f"{t:%Y}" for t in mine.loc[~mine["counted"], "term_start"])
        evidence += f"; {len(mine)} if the disputed term(s) of {left_out} are counted"
    # The default count decides; a claim that matches only the alternative reading is partly accurate.
    verdict = ACCURATE if len(counted) == expected else PARTLY if len(mine) == expected else INACCURATE
    return Result(verdict, evidence, [("chairmanships", mine)])


@check
def term_start(
    data: Dataset,
    as_of: pd.Timestamp,
    organisation: str,
    iso3: str,
    year: int,
    month: int | None = None,
    not_first: bool = False,
) -> Result:
    """Did a term of the state begin in the year (and month)? With not_first, was it a repeat term?"""
    mine = data.chairmanships[
        (data.chairmanships["organisation"] == organisation) & (data.chairmanships["iso3"] == iso3)
    ].sort_values("term_start")
    in_year = mine[mine["term_start"].dt.year == year]
    if in_year.empty:
        starts = ", ".join(f"{t:%Y-%m-%d}" for t in mine["term_start"]) or "none"
        return Result(
            INACCURATE,
            f"no {organisation} term of {iso3} began in {year} (terms began: {starts})",
            [("chairmanships", mine)],
        )
    row = in_year.iloc[0]
    evidence = f"{organisation} term began {_d(row['term_start'])} ({row['handover_event']})"
    verdict = ACCURATE
    if month and row["term_start"].month != month:
        verdict = PARTLY
        evidence += f", not in {_month_name(year, month)}"
    if not_first:
        earlier = mine[mine["term_start"] < row["term_start"]]
        if earlier.empty:
            verdict = PARTLY
            evidence += "; it was the first term, not a return"
        else:
            evidence += f"; a return after {len(earlier)} earlier term(s), first from {_d(earlier['term_start'].iloc[0])}"
    return Result(verdict, evidence, [("chairmanships", in_year if not not_first else mine)])


@check
def chair_during_event(
    data: Dataset, as_of: pd.Timestamp, organisation: str, iso3: str, event_id: str
) -> Result:
    """Did the state chair the organisation when the event took place?"""
    ev = data.events[data.events["event_id"] == event_id]
    if ev.empty:
        return Result(UNVERIFIABLE, f"event {event_id!r} not recorded by {as_of:%Y-%m-%d}")
    e = ev.iloc[0]
    running = chairs.chair_on(data.chairmanships, organisation, e["start_date"])
    rows = [("events", ev), ("chairmanships", running)]
    if running.empty:
        return Result(
            UNVERIFIABLE,
            f"{e['name']} ({_d(e['start_date'])}): no {organisation} chair recorded then",
            rows,
        )
    r = running.iloc[0]
    verdict = ACCURATE if r["iso3"] == iso3 else INACCURATE
    evidence = (
        f"{e['name']} began {_d(e['start_date'])}; {organisation} chair then: {r['country']} "
        f"({_d(r['term_start'])} to {_d(r['term_end'])})"
    )
    return Result(verdict, evidence, rows)


@check
def meeting_held(
    data: Dataset,
    as_of: pd.Timestamp,
    organisation: str,
    kind: str,
    city: str,
    year: int,
    month: int | None = None,
) -> Result:
    """Was a meeting of that kind held in the city in that year and month?"""
    m = data.meetings[(data.meetings["organisation"] == organisation) & (data.meetings["kind"] == kind)]
    same_date = m[
        (m["start_date"].dt.year == year) & ((m["start_date"].dt.month == month) if month else True)
    ]
    same_city = m[m["city"].map(_city) == _city(city)]
    both = same_date[same_date["city"].map(_city) == _city(city)]
    when = _month_name(year, month)

    def describe(df: pd.DataFrame) -> str:
        return "; ".join(f"{r.city} {_d(r.start_date)}" for r in df.itertuples())

    if not both.empty:
        return Result(ACCURATE, f"held in {describe(both)}", [("meetings", both)])
    if not same_date.empty:
        evidence = f"the {when} meeting was in {describe(same_date)}, not {city}"
        if not same_city.empty:
            evidence += f"; {city} hosted one on {', '.join(_d(d) for d in same_city['start_date'])}"
        return Result(PARTLY, evidence, [("meetings", same_date), ("meetings", same_city)])
    same_city_year = same_city[same_city["start_date"].dt.year == year]
    if not same_city_year.empty:
        return Result(
            PARTLY,
            f"held in {describe(same_city_year)}, not in {when}",
            [("meetings", same_city_year)],
        )
    return Result(
        INACCURATE,
        f"no {organisation} {kind.replace('_', ' ')} meeting in {when} or in {city} that year",
        [("meetings", same_city)],
    )


@check
def years_between(
    data: Dataset, as_of: pd.Timestamp, from_event_id: str, to_year: int, expected: int
) -> Result:
    """Does the span from the event's year to the given year equal the claimed number of years?"""
    ev = data.events[data.events["event_id"] == from_event_id]
    if ev.empty:
        return Result(UNVERIFIABLE, f"event {from_event_id!r} not recorded")
    start = ev.iloc[0]["start_date"]
    span = to_year - start.year
    verdict = ACCURATE if span == expected else PARTLY if abs(span - expected) == 1 else INACCURATE
    return Result(verdict, f"{ev.iloc[0]['name']} ({_d(start)}) to {to_year}: {span} years", [("events", ev)])


@check
def member_since(data: Dataset, as_of: pd.Timestamp, organisation: str, iso3: str, year: int) -> Result:
    """Has the state been a member since the year?"""
    m = data.members[(data.members["organisation"] == organisation) & (data.members["iso3"] == iso3)]
    if m.empty or m.iloc[0]["status"] != "member":
        return Result(
            INACCURATE,
            f"{iso3} is not a member of {organisation} by {as_of:%Y-%m-%d}",
            [("members", m)],
        )
    joined = m.iloc[0]["year_joined"]
    if pd.isna(joined):
        return Result(
            UNVERIFIABLE,
            f"{iso3} is a member of {organisation}; the year it joined is not recorded",
            [("members", m)],
        )
    verdict = ACCURATE if int(joined) == year else INACCURATE
    return Result(verdict, f"member of {organisation} since {int(joined)}", [("members", m)])


def _initiative(data: Dataset, initiative_id: str) -> pd.DataFrame:
    return data.initiatives[data.initiatives["initiative_id"] == initiative_id]


@check
def initiative_exists(
    data: Dataset, as_of: pd.Timestamp, initiative_id: str, proposer_iso3: str | None = None
) -> Result:
    """Is the initiative on record by the assessment date (and proposed by that state)?"""
    i = _initiative(data, initiative_id)
    if i.empty:
        return Result(UNVERIFIABLE, f"no record of {initiative_id!r} by {as_of:%Y-%m-%d}")
    r = i.iloc[0]
    evidence = f"{r['name']} ({r['organisation']}): status {r['status']}"
    if pd.notna(r["year_proposed"]):
        evidence += f"; proposed in {int(r['year_proposed'])}"
    if not proposer_iso3:
        return Result(ACCURATE, evidence, [("initiatives", i)])
    if not r["proposer_iso3"]:
        return Result(
            UNVERIFIABLE,
            evidence + f"; no source names its proposer, so {proposer_iso3}'s role is not confirmed",
            [("initiatives", i)],
        )
    if r["proposer_iso3"] == proposer_iso3:
        return Result(ACCURATE, evidence + f"; proposer {proposer_iso3}", [("initiatives", i)])
    return Result(
        PARTLY,
        evidence + f"; proposer {r['proposer_iso3']}, not {proposer_iso3}",
        [("initiatives", i)],
    )


@check
def initiative_held(
    data: Dataset, as_of: pd.Timestamp, initiative_id: str, year: int, place: str | None = None
) -> Result:
    """A forecast: was the initiative held (in the place) in the year? Undecided until the year is over."""
    i = _initiative(data, initiative_id)
    if i.empty:
        return Result(UNVERIFIABLE, f"no record of {initiative_id!r} by {as_of:%Y-%m-%d}")
    r = i.iloc[0]
    happened = r["status"] in ("held", "launched", "ongoing") and pd.notna(r["year_launched"])
    where = f" in {r['place']}" if r["place"] else ""
    if happened:
        right_year = int(r["year_launched"]) == year
        right_place = not place or _city(r["place"]) == _city(place)
        evidence = f"{r['name']}: {r['status']}{where} in {int(r['year_launched'])}"
        verdict = (
            ACCURATE if right_year and right_place else PARTLY if right_year or right_place else INACCURATE
        )
        return Result(verdict, evidence, [("initiatives", i)])
    if as_of.year <= year:
        return Result(
            UNVERIFIABLE,
            f"{r['name']}: {r['status']} as of {as_of:%Y-%m-%d}; the forecast is not yet due",
            [("initiatives", i)],
        )
    return Result(
        INACCURATE,
        f"{r['name']}: {r['status']}, not held{where} in {year} (status as of {_d(r['status_as_of'])})",
        [("initiatives", i)],
    )


@check
def statement_made(
    data: Dataset,
    as_of: pd.Timestamp,
    event_id: str,
    year: int | None = None,
    month: int | None = None,
) -> Result:
    """Is the statement on record, and was it made when the claim says?"""
    ev = data.events[data.events["event_id"] == event_id]
    if ev.empty:
        return Result(UNVERIFIABLE, f"no record of statement {event_id!r} by {as_of:%Y-%m-%d}")
    e = ev.iloc[0]
    d = e["start_date"]
    evidence = f"{e['actor']}: {e['name']} on {_d(d)}" + (f" in {e['city']}" if e["city"] else "")
    if year is None or (d.year == year and (not month or d.month == month)):
        return Result(ACCURATE, evidence, [("events", ev)])
    if d.year == year:
        return Result(PARTLY, evidence + f", not in {_month_name(year, month)}", [("events", ev)])
    return Result(INACCURATE, evidence + f", not in {_month_name(year, month)}", [("events", ev)])


@check
def event_recorded(
    data: Dataset,
    as_of: pd.Timestamp,
    event_id: str,
    country_iso3: str | None = None,
    city: str | None = None,
    year: int | None = None,
) -> Result:
    """Is the event (or fact) on record as confirmed, with the given country, city and year?"""
    ev = data.events[data.events["event_id"] == event_id]
    if ev.empty:
        return Result(UNVERIFIABLE, f"no record of {event_id!r} by {as_of:%Y-%m-%d}")
    e = ev.iloc[0]
    when = f" ({_d(e['start_date'])})" if pd.notna(e["start_date"]) else ""
    evidence = f"{e['name']}{when}" + (f", {e['city']}" if e["city"] else "")
    if e["status"] == "unconfirmed":
        return Result(UNVERIFIABLE, evidence + "; not confirmed by the sources found", [("events", ev)])
    wrong = []
    if country_iso3 and e["country_iso3"] != country_iso3:
        wrong.append(f"country {e['country_iso3'] or 'not recorded'}, not {country_iso3}")
    if city and _city(e["city"]) != _city(city):
        wrong.append(f"city {e['city'] or 'not recorded'}, not {city}")
    if year and (pd.isna(e["start_date"]) or e["start_date"].year != year):
        wrong.append(
            f"year {e['start_date'].year if pd.notna(e['start_date']) else 'not recorded'}, not {year}"
        )
    if wrong:
        return Result(INACCURATE, evidence + "; " + "; ".join(wrong), [("events", ev)])
    return Result(ACCURATE, evidence, [("events", ev)])


def _mentions(df: pd.DataFrame, columns: list[str], phrase: str) -> pd.DataFrame:
    needle = phrase.casefold()
    hit = pd.Series(False, index=df.index)
    for c in columns:
        hit |= df[c].astype(str).str.casefold().str.contains(needle, regex=False)
    return df[hit]


@check
def chair_theme(data: Dataset, as_of: pd.Timestamp, organisation: str, iso3: str, theme: str) -> Result:
    """Did the state's chairmanship carry the theme? Looked for in the names and descriptions of the
    organisation's recorded initiatives proposed by the state. Absence is unverifiable, not a disproof."""
    ini = data.initiatives
    mine = ini[(ini["organisation"] == organisation) & (ini["proposer_iso3"] == iso3)]
    found = _mentions(mine, ["name", "description"], theme)
    if found.empty:
        return Result(
            UNVERIFIABLE,
            f"no recorded {organisation} initiative of {iso3} carries the phrase “{theme}”",
            [("initiatives", found)],
        )
    return Result(ACCURATE, f"{found.iloc[0]['name']} carries the phrase", [("initiatives", found)])


@check
def doctrine_attributed(data: Dataset, as_of: pd.Timestamp, iso3: str, doctrine: str) -> Result:
    """Is the doctrine on record as the state's? Absence is unverifiable, not a disproof."""
    ev = data.events
    docs = ev[(ev["kind"] == "doctrine") & (ev["country_iso3"] == iso3) & (ev["status"] != "unconfirmed")]
    found = _mentions(docs, ["name", "description"], doctrine)
    if found.empty:
        known = ", ".join(docs["name"]) or "none"
        return Result(
            UNVERIFIABLE,
            f"no recorded doctrine of {iso3} named “{doctrine}” (recorded: {known})",
            [("events", docs)],
        )
    return Result(ACCURATE, f"{found.iloc[0]['name']}", [("events", found)])
