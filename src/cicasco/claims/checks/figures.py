"""Checks on sourced numbers."""

import pandas as pd

from ...data.load import Dataset
from .base import ACCURATE, PARTLY, UNVERIFIABLE, Result, check, rows_where
from .words import day, within


@check
def quantity(
    data: Dataset,
    as_of: pd.Timestamp,
    fact_id: str,
    claimed: float,
    tolerance: float = 0.05,
    was_fact_id: str | None = None,
) -> Result:
    """Is the claimed number right? Compared with the sourced quantity under the numeric rule of
    `within` (data/README.md, "Numbers"): within the tolerance accurate, within three times it partly.
    With `was_fact_id` (the same measure before it changed), a claim that gives the earlier figure was
    right until the change, and is partly accurate."""
    q = rows_where(data.quantities, "fact_id", fact_id)
    if q.empty or q.iloc[0]["date"] > as_of:
        return Result(UNVERIFIABLE, f"The figure is not on record by {day(as_of)}.", [("quantities", q)])
    r = q.iloc[0]
    value = float(r["value"])
    shown = f"{value:g}"
    was = rows_where(data.quantities, "fact_id", was_fact_id) if was_fact_id else q.iloc[0:0]
    right_before = (
        not was.empty and within(float(claimed), float(was.iloc[0]["value"]), tolerance) == ACCURATE
    )
    if within(float(claimed), value, tolerance) != ACCURATE and right_before:
        return Result(
            PARTLY,
            f"{r['measure'][:1].upper()}{r['measure'][1:]}: {shown} {r['unit']} from {day(r['date'])}; the "
            f"claim's {float(claimed):g} was right until then ({was.iloc[0]['measure']}).",
            [("quantities", q), ("quantities", was)],
        )
    return Result(
        within(float(claimed), value, tolerance),
        f"{r['measure'][:1].upper()}{r['measure'][1:]}: {shown} {r['unit']} ({day(r['date'])}); the claim says {float(claimed):g}.",
        [("quantities", q)],
    )
