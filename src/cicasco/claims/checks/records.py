"""Checks on recorded facts: events, statements, initiatives, quantities and themes."""

import re

import pandas as pd

from ...data.load import Dataset
from .base import ACCURATE, INACCURATE, PARTLY, UNVERIFIABLE, Result, check, fact_row, launched_by, rows_where
from .words import day, fold_city, initiative_words, month_words, name, outcome, sentence, span, within


@check
def years_between(
    data: Dataset, as_of: pd.Timestamp, from_event_id: str, expected: int, said_on=None
) -> Result:
    """Is the claimed span right? Measured in completed years from the event to the day the claim was
    made (data/README.md, "Reference dates"), under the numeric rule of `within`."""
    table, ev, e = fact_row(data, from_event_id)
    if e is None:
        return Result(UNVERIFIABLE, f"The starting event is not on record by {day(as_of)}.")
    start, end = e["start"], pd.Timestamp(said_on) if said_on is not None else as_of
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    evidence = (
        f"From {day(start)} ({e['name']}) to {day(end)}: {years} completed years; the claim says {expected}."
    )
    return Result(within(expected, years), evidence, [(table, ev)])


@check
def initiative_exists(
    data: Dataset, as_of: pd.Timestamp, initiative_id: str, proposer_iso3: str | None = None
) -> Result:
    """Is the initiative on record by the assessment date (and proposed by that state)?"""
    i = rows_where(data.initiatives, "initiative_id", initiative_id)
    if i.empty:
        return Result(UNVERIFIABLE, f"The initiative is not on record by {day(as_of)}.")
    r = i.iloc[0]
    evidence = initiative_words(data, r)
    rows = [("initiatives", i)]
    if not proposer_iso3:
        return Result(ACCURATE, sentence(evidence), rows)
    claimed = name(data, proposer_iso3)
    if not r["proposer_iso3"]:
        return Result(
            UNVERIFIABLE,
            evidence + f". No source names its proposer, so {claimed}'s role is not confirmed.",
            rows,
        )
    if r["proposer_iso3"] == proposer_iso3:
        return Result(ACCURATE, sentence(evidence), rows)
    return Result(
        PARTLY, evidence + f". It was {name(data, r['proposer_iso3'])}'s proposal, not {claimed}'s.", rows
    )


@check
def initiative_held(
    data: Dataset, as_of: pd.Timestamp, initiative_id: str, year: int, place: str | None = None
) -> Result:
    """A forecast: was the initiative held (in the place) in the year? Undecided until the year is over."""
    i = rows_where(data.initiatives, "initiative_id", initiative_id)
    if i.empty:
        return Result(UNVERIFIABLE, f"The initiative is not on record by {day(as_of)}.")
    r, rows = i.iloc[0], [("initiatives", i)]
    if launched_by(r, as_of):
        right_year = int(r["year_launched"]) == year
        right_place = not place or fold_city(r["place"]) == fold_city(place)
        verdict = (
            ACCURATE if right_year and right_place else PARTLY if right_year or right_place else INACCURATE
        )
        return Result(verdict, f"{r['name']}: {outcome(data, r)}.", rows)
    if as_of.year <= year:
        return Result(
            UNVERIFIABLE,
            f"On {day(as_of)} {r['name']} was still to come; the forecast was not yet due. "
            f"What happened next: {outcome(data, r)}.",
            rows,
        )
    return Result(INACCURATE, f"{r['name']}: {outcome(data, r)}; not held in {year}.", rows)


@check
def plan_on_record(
    data: Dataset,
    as_of: pd.Timestamp,
    statement_id: str,
    initiative_id: str | None = None,
    overstates: str | None = None,
) -> Result:
    """A claim about a plan: was the plan public, in a recorded statement, by the assessment date? Whether
    it then happened is told beside the verdict, not in it. Where the claim says more than the plan
    (`overstates`: what it adds, in words), the plan on record makes it partly accurate."""
    s = rows_where(data.statements, "statement_id", statement_id)
    i = rows_where(data.initiatives, "initiative_id", initiative_id) if initiative_id else None
    rows = [("statements", s)] + ([("initiatives", i)] if i is not None else [])
    if not s.empty and pd.isna(s.iloc[0]["date"]):
        r = s.iloc[0]
        return Result(
            UNVERIFIABLE,
            sentence(
                f"{r['actor']} announced it on a date the source does not give: “{r['english'] or r['words']}”"
            ),
            rows,
        )
    if s.empty or s.iloc[0]["date"] > as_of:
        return Result(
            INACCURATE if not s.empty else UNVERIFIABLE,
            f"No statement of the plan is on record by {day(as_of)}.",
            rows,
        )
    r = s.iloc[0]
    evidence = sentence(f"{r['actor']} announced it on {day(r['date'])}: “{r['english'] or r['words']}”")
    if i is not None and not i.empty:
        evidence += f" What happened next: {outcome(data, i.iloc[0])}."
    if overstates:
        return Result(
            PARTLY, evidence + f" The claim says more than the plan did: {sentence(overstates)}", rows
        )
    return Result(ACCURATE, evidence, rows)


@check
def statement_on_record(
    data: Dataset, as_of: pd.Timestamp, statement_id: str, actor_iso3: str | None = None
) -> Result:
    """An attribution: did that government or leader state the aim, priority or theme by the assessment
    date? Decided on a recorded statement with its exact words."""
    s = rows_where(data.statements, "statement_id", statement_id)
    if s.empty:
        return Result(UNVERIFIABLE, "The statement is not on record.")
    r, rows = s.iloc[0], [("statements", s)]
    when = f"on {day(r['date'])}" if pd.notna(r["date"]) else "on a date the source does not give"
    quoted = sentence(f"{r['actor']} said {when} ({r['occasion']}): “{r['english'] or r['words']}”")
    if pd.isna(r["date"]):
        return Result(UNVERIFIABLE, f"{quoted} Whether it was said by {day(as_of)} is not known.", rows)
    if r["date"] > as_of:
        return Result(UNVERIFIABLE, f"Only said later: {quoted}", rows)
    if actor_iso3 and r["actor_iso3"] != actor_iso3:
        return Result(
            PARTLY, f"{quoted} That is {name(data, r['actor_iso3'])}, not {name(data, actor_iso3)}.", rows
        )
    return Result(ACCURATE, quoted, rows)


@check
def statement_made(
    data: Dataset, as_of: pd.Timestamp, event_id: str, year: int | None = None, month: int | None = None
) -> Result:
    """Is the statement on record, and was it made when the claim says?"""
    table, ev, e = fact_row(data, event_id)
    if e is None:
        return Result(UNVERIFIABLE, f"The statement is not on record by {day(as_of)}.")
    rows, d = [(table, ev)], e["start"]
    who = "" if str(e["actor"]).split(" (")[0] in e["name"] else f"{e['actor']}: "  # no name said twice
    evidence = f"{who}{e['name']}, on {span(d, e['end'])}" + (
        f" in {e['city']}" if e["city"] and e["city"] not in e["name"] else ""
    )
    if year is None or (d.year == year and (not month or d.month == month)):
        return Result(ACCURATE, evidence + ".", rows)
    verdict = PARTLY if d.year == year else INACCURATE
    return Result(verdict, evidence + f", not in {month_words(year, month)}.", rows)


@check
def event_recorded(
    data: Dataset,
    as_of: pd.Timestamp,
    event_id: str,
    country_iso3: str | None = None,
    city: str | None = None,
    year: int | None = None,
) -> Result:
    """Is the event, meeting or fact on record as confirmed, with the given country, city and year?"""
    table, ev, e = fact_row(data, event_id)
    if e is None:
        return Result(UNVERIFIABLE, f"The event is not on record by {day(as_of)}.")
    rows = [(table, ev)]
    when = f", on {span(e['start'], e['end'])}" if pd.notna(e["start"]) else ""
    where = f", {e['city']}" if e["city"] and e["city"] not in e["name"] else ""
    evidence = f"{e['name']}{where}{when}"
    if e["status"] == "unconfirmed":
        return Result(UNVERIFIABLE, evidence + "; not confirmed by the sources found.", rows)
    wrong = []
    if country_iso3 and e["iso3"] != country_iso3:
        wrong.append(
            f"the country is {name(data, e['iso3']) if e['iso3'] else 'not recorded'}, not {name(data, country_iso3)}"
        )
    if city and fold_city(e["city"]) != fold_city(city):
        wrong.append(f"the city is {e['city'] or 'not recorded'}, not {city}")
    if year and (pd.isna(e["start"]) or e["start"].year != year):
        wrong.append(f"the year is {e['start'].year if pd.notna(e['start']) else 'not recorded'}, not {year}")
    if wrong:
        return Result(INACCURATE, evidence + "; " + "; ".join(wrong) + ".", rows)
    return Result(ACCURATE, evidence + ".", rows)


def _mentions(df: pd.DataFrame, columns: list[str], phrase: str) -> pd.DataFrame:
    hit = pd.Series(False, index=df.index)
    for c in columns:
        hit |= df[c].astype(str).str.casefold().str.contains(phrase.casefold(), regex=False)
    return df[hit]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", str(text).casefold())


@check
def theme(data: Dataset, as_of: pd.Timestamp, organisation: str, iso3: str, theme: str) -> Result:
    """Did the state's chairmanship carry the theme? Compared, word for word and ignoring case and
    punctuation, with the official themes on record for its terms begun by the assessment date."""
    t = data.themes
    mine = t[(t["organisation"] == organisation) & (t["iso3"] == iso3) & (t["term_start_year"] <= as_of.year)]
    who = name(data, iso3)
    if mine.empty:
        return Result(
            UNVERIFIABLE,
            f"No official theme of {who}'s {organisation} chairmanship is on record.",
            [("themes", mine)],
        )
    claimed = _words(theme)
    for r in mine.itertuples():
        official = _words(r.theme)
        if claimed == official:
            return Result(ACCURATE, f"The official theme was “{r.theme}”.", [("themes", mine)])
    english = mine[mine["language"] == "en"]  # the wording a reader of this report can read (and print)
    best = english.iloc[0] if len(english) else mine.iloc[0]
    share = len(set(claimed) & set(_words(best["theme"]))) / max(1, len(set(claimed)))
    verdict = PARTLY if share >= 0.5 else INACCURATE
    return Result(verdict, f"The official theme was “{best['theme']}”.", [("themes", mine)])


@check
def doctrine_attributed(data: Dataset, as_of: pd.Timestamp, iso3: str, doctrine: str) -> Result:
    """Is the doctrine on record as the state's? Absence is unverifiable, not a disproof."""
    ev = data.events
    docs = ev[(ev["kind"] == "doctrine") & (ev["country_iso3"] == iso3) & (ev["status"] != "unconfirmed")]
    found = _mentions(docs, ["name", "description"], doctrine)
    if found.empty:
        return Result(
            UNVERIFIABLE,
            f"No source on record names a doctrine of {name(data, iso3)} called “{doctrine}”.",
            [("events", docs)],
        )
    return Result(ACCURATE, f"{found.iloc[0]['name']}.", [("events", found)])
