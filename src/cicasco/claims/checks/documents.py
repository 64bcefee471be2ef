"""Checks on membership on a date and on documents adopted at meetings."""

import pandas as pd

from ...data.load import Dataset
from ...data.vocab import STANDING
from .base import ACCURATE, INACCURATE, PARTLY, UNVERIFIABLE, Result, check, event_or_meeting
from .words import day, name


@check
def member_on(
    data: Dataset, as_of: pd.Timestamp, organisation: str, iso3: str, date: str | None = None
) -> Result:
    """Was the state a member state (not an observer or partner) of the organisation on the date (by
    default the assessment date)? A claim such as "Russia is a member" needs no year. A member whose
    joining year is not on record counts as a member on any date the data covers, and the evidence says
    the year is not on record."""
    when = pd.Timestamp(date) if date else as_of
    if when > as_of:
        return Result(UNVERIFIABLE, f"{day(when)} is after the assessment date, {day(as_of)}.")
    m = data.members[(data.members["organisation"] == organisation) & (data.members["iso3"] == iso3)]
    who, rows = name(data, iso3), [("members", m)]
    if m.empty:
        return Result(
            INACCURATE, f"{who} is not on record as a member of the {organisation} by {day(as_of)}.", rows
        )
    r = m.iloc[0]
    if r["status"] != "member":
        return Result(
            INACCURATE,
            f"{who} is {STANDING.get(r['status'], r['status'])} of the {organisation}, not a member state.",
            rows,
        )
    joined = r["year_joined"]
    if pd.isna(joined):
        return Result(
            ACCURATE,
            f"{who} is a member state of the {organisation} (the year it joined is not on record).",
            rows,
        )
    if int(joined) > when.year:
        return Result(
            INACCURATE, f"{who} joined the {organisation} in {int(joined)}, after {day(when)}.", rows
        )
    return Result(ACCURATE, f"{who} has been a member state of the {organisation} since {int(joined)}.", rows)


@check
def document_adopted(
    data: Dataset,
    as_of: pd.Timestamp,
    document_id: str,
    meeting_id: str | None = None,
    year: int | None = None,
) -> Result:
    """Was the document adopted by the assessment date, and at the meeting and in the year the claim
    says? The right document at another meeting, or in another year, is partly accurate."""
    d = data.documents[data.documents["document_id"] == document_id] if data.documents is not None else None
    if d is None or d.empty:
        return Result(UNVERIFIABLE, f"The document is not on record as adopted by {day(as_of)}.")
    r, rows = d.iloc[0], [("documents", d)]
    where = ""
    if r["meeting_id"]:
        table, m, label, _ = event_or_meeting(data, r["meeting_id"])
        rows.append((table, m))
        where = f" at {label}"
    evidence = f"{r['name']}: adopted{where} on {day(r['date'])}"  # no verb to agree with a plural name
    wrong = []
    if meeting_id and r["meeting_id"] != meeting_id:
        _, _, claimed, _ = event_or_meeting(data, meeting_id)
        wrong.append(f"not at {claimed or 'the meeting the claim names'}")
    if year and r["date"].year != year:
        wrong.append(f"not in {year}")
    if wrong:
        return Result(PARTLY, evidence + ", " + " and ".join(wrong) + ".", rows)
    return Result(ACCURATE, evidence + ".", rows)
