"""Checks on chair terms, meetings and membership."""

import re

import pandas as pd

from ...analysis import chairs
from ...data.load import Dataset
from .base import ACCURATE, INACCURATE, PARTLY, UNVERIFIABLE, Reading, Result, check, event_or_meeting
from .words import day, fold_city, month_words, name, span, term_words


def _handover(text: str) -> str:
    """The handover meeting in words, without the ISO date the data adds to it."""
    return re.sub(r",?\s*\d{4}-\d{2}-\d{2}\s*$", "", str(text)).strip()


def _held_by(running: pd.DataFrame, data: Dataset) -> str:
    """Who chaired, in words; on a handover day both the outgoing and the incoming chair."""
    return " and ".join(f"{r.country} ({term_words(r)})" for r in running.itertuples())


@check
def chair_on_date(
    data: Dataset, as_of: pd.Timestamp, organisations: list[str], iso3: str, date: str
) -> Result:
    """Did the state chair every listed organisation on the date? On a handover day both the outgoing
    and the incoming chair count as chair."""
    when = pd.Timestamp(date)
    if when > as_of:
        return Result(UNVERIFIABLE, f"{day(when)} is after the assessment date, {day(as_of)}")
    found, parts = [], []
    for org in organisations:
        running = chairs.chair_on(data.chairmanships, org, when)
        found.append(("chairmanships", running))
        held = _held_by(running, data)
        parts.append(f"the {org} chair was {held}" if held else f"no {org} chair is recorded")
    held = [(df["iso3"] == iso3).any() for _, df in found]
    verdict = ACCURATE if all(held) else PARTLY if any(held) else INACCURATE
    return Result(verdict, f"On {day(when)} " + "; ".join(parts) + ".", found)


@check
def term_count(data: Dataset, as_of: pd.Timestamp, organisation: str, iso3: str, expected: int) -> Result:
    """Does the number of terms the state has begun by the assessment date equal the claimed number?
    The count the data uses by default decides; counting disputed terms too is the other reading."""
    c = data.chairmanships
    mine = c[(c["organisation"] == organisation) & (c["iso3"] == iso3)].sort_values("term_start")
    counted = mine[mine["counted"]]
    who = name(data, iso3)
    starts = ", ".join(f"{t:%Y}" for t in counted["term_start"]) or "none"
    evidence = f"{who} began {len(counted)} {organisation} chair terms by {day(as_of)} (starting {starts})."
    verdict = ACCURATE if len(counted) == expected else INACCURATE
    result = Result(verdict, evidence, [("chairmanships", mine)])
    if len(mine) != len(counted):
        left_out = ", ".join(
            f"{s:%Y}–{e:%y}" if pd.notna(e) else f"{s:%Y}"
            for s, e in mine.loc[~mine["counted"], ["term_start", "term_end"]].itertuples(index=False)
        )
        label = f"counting the disputed {left_out} term" + ("s" if (~mine["counted"]).sum() > 1 else "")
        other = ACCURATE if len(mine) == expected else INACCURATE
        result.readings.append(Reading(label, other, f"{len(mine)} terms {label}."))
        result.reading = f"on the count the data uses ({len(counted)})"
    return result


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
    c = data.chairmanships
    mine = c[(c["organisation"] == organisation) & (c["iso3"] == iso3)].sort_values("term_start")
    in_year = mine[mine["term_start"].dt.year == year]
    who = name(data, iso3)
    if in_year.empty:
        starts = ", ".join(day(t) for t in mine["term_start"]) or "none"
        return Result(
            INACCURATE,
            f"No {organisation} term of {who} began in {year} (its terms began: {starts}).",
            [("chairmanships", mine)],
        )
    row = in_year.iloc[0]
    evidence = f"{who}'s {organisation} term began on {day(row['term_start'])}, at the {_handover(row['handover_event'])}"
    verdict = ACCURATE
    if month and row["term_start"].month != month:
        verdict = PARTLY
        evidence += f", not in {month_words(year, month)}"
    if not_first:
        earlier = mine[mine["term_start"] < row["term_start"]]
        if earlier.empty:
            verdict = PARTLY
            evidence += "; it was its first term, not a return"
        else:
            n = len(earlier)
            terms = "an earlier term" if n == 1 else f"{n} earlier terms"
            evidence += f"; a return after {terms}, the first from {day(earlier['term_start'].iloc[0])}"
    return Result(verdict, evidence + ".", [("chairmanships", in_year if not not_first else mine)])


@check
def chair_during_event(
    data: Dataset, as_of: pd.Timestamp, organisation: str, iso3: str, event_id: str
) -> Result:
    """Did the state chair the organisation when the event (or meeting) took place?"""
    table, ev, what, start = event_or_meeting(data, event_id)
    if ev.empty or pd.isna(start):
        return Result(UNVERIFIABLE, f"The event is not on record by {day(as_of)}.")
    running = chairs.chair_on(data.chairmanships, organisation, start)
    rows = [(table, ev), ("chairmanships", running)]
    if running.empty:
        return Result(
            UNVERIFIABLE, f"{what} began on {day(start)}; no {organisation} chair is recorded then.", rows
        )
    verdict = ACCURATE if (running["iso3"] == iso3).any() else INACCURATE
    return Result(
        verdict,
        f"{what} began on {day(start)}; the {organisation} chair then: {_held_by(running, data)}.",
        rows,
    )


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
    """Was a meeting of that kind held in the city in that year and month? A meeting after the
    assessment date is a forecast, not yet due."""
    m = data.meetings[(data.meetings["organisation"] == organisation) & (data.meetings["kind"] == kind)]
    same_date = m[
        (m["start_date"].dt.year == year) & ((m["start_date"].dt.month == month) if month else True)
    ]
    same_city = m[m["city"].map(fold_city) == fold_city(city)]
    both = same_date[same_date["city"].map(fold_city) == fold_city(city)]
    when = month_words(year, month)

    def describe(df: pd.DataFrame) -> str:
        return "; ".join(
            f"{r.city} on {span(r.start_date, getattr(r, 'end_date', pd.NaT))}" for r in df.itertuples()
        )

    if not both.empty:
        return Result(ACCURATE, f"It was held in {describe(both)}.", [("meetings", both)])
    if not same_date.empty:
        evidence = f"The {when} meeting was held in {describe(same_date)}, not in {city}"
        if not same_city.empty:
            evidence += f"; {city} hosted one on {', '.join(span(r.start_date, getattr(r, 'end_date', pd.NaT)) for r in same_city.itertuples())}"
        return Result(PARTLY, evidence + ".", [("meetings", same_date), ("meetings", same_city)])
    same_city_year = same_city[same_city["start_date"].dt.year == year]
    if not same_city_year.empty:
        return Result(
            PARTLY,
            f"It was held in {describe(same_city_year)}, not in {when}.",
            [("meetings", same_city_year)],
        )
    if (year, month or 12) > (as_of.year, as_of.month):
        return Result(
            UNVERIFIABLE, f"A meeting in {month_words(year, month)} was still to come on {day(as_of)}."
        )
    kind_words = kind.replace("_", "-")
    return Result(
        INACCURATE,
        f"No {organisation} {kind_words} meeting took place in {when} or in {city} that year.",
        [("meetings", same_city)],
    )


@check
def member_since(data: Dataset, as_of: pd.Timestamp, organisation: str, iso3: str, year: int) -> Result:
    """Has the state been a member since the year?"""
    m = data.members[(data.members["organisation"] == organisation) & (data.members["iso3"] == iso3)]
    who = name(data, iso3)
    if m.empty or m.iloc[0]["status"] != "member":
        return Result(
            INACCURATE, f"{who} is not a member of the {organisation} by {day(as_of)}.", [("members", m)]
        )
    joined = m.iloc[0]["year_joined"]
    if pd.isna(joined):
        return Result(
            UNVERIFIABLE,
            f"{who} is a member of the {organisation}; the year it joined is not confirmed.",
            [("members", m)],
        )
    verdict = ACCURATE if int(joined) == year else INACCURATE
    return Result(
        verdict, f"{who} has been a member of the {organisation} since {int(joined)}.", [("members", m)]
    )
