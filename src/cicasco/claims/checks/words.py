"""The words a check's evidence is written in: names, dates, spans, terms, outcomes, and the numeric rule."""

import calendar

import pandas as pd
import pycountry

from ...data.load import Dataset
from ...data.vocab import ACCURATE, INACCURATE, PARTLY

# --- words for evidence: what a reader sees --------------------------------------------------------


def name(data: Dataset, iso3: str) -> str:
    """A country's name as the report writes it everywhere: the members table's, else ISO's."""
    for table in (data.members, data.chairmanships):  # the as-of view may hold no row of a later member
        if table is not None:
            names = table.loc[table["iso3"] == iso3, "country"]
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
