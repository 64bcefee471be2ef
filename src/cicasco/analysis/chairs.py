"""Chairmanship analysis: terms in a period, counts and years per state, gaps, overlaps, summits hosted."""

import pandas as pd

from ..data.vocab import ORGANISATIONS

DAYS_PER_YEAR = 365.25


def terms(
    chairmanships: pd.DataFrame,
    organisations: tuple[str, ...] = ORGANISATIONS,
    period_start: pd.Timestamp | None = None,
    period_end: pd.Timestamp | None = None,
    open_until: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Terms of the organisations that overlap the period, with `end` (open terms run to `open_until`,
    default the period's end) and `years` (the part of the term inside the period)."""
    df = chairmanships[chairmanships["organisation"].isin(organisations)].copy()
    lo = period_start if period_start is not None else df["term_start"].min()
    latest = max(df["term_start"].max(), df["term_end"].max())
    cap = open_until if open_until is not None else period_end if period_end is not None else latest
    hi = period_end if period_end is not None else max(cap, latest)
    df["open"] = df["term_end"].isna()
    df["end"] = df["term_end"].fillna(cap)
    df = df[(df["term_start"] <= hi) & (df["end"] >= lo)]
    clipped = df["end"].clip(upper=hi) - df["term_start"].clip(lower=lo)
    df["years"] = clipped.dt.days / DAYS_PER_YEAR
    return df.sort_values(["organisation", "term_start"]).reset_index(drop=True)


def summary(t: pd.DataFrame) -> pd.DataFrame:
    """Per organisation and state: terms counted, terms left out of the count (disputed), years in the
    chair (counted terms), first and last start."""
    cols = ["organisation", "iso3", "country", "terms", "uncounted", "years", "first", "last"]
    if t.empty:
        return pd.DataFrame(columns=cols)
    g = t.assign(counted_years=t["years"].where(t["counted"], 0.0)).groupby(
        ["organisation", "iso3", "country"], as_index=False
    )
    out = g.agg(
        terms=("counted", "sum"),
        uncounted=("counted", lambda s: int((~s).sum())),
        years=("counted_years", "sum"),
        first=("term_start", "min"),
        last=("term_start", "max"),
    )
    out["terms"] = out["terms"].astype(int)
    return (
        out[cols]
        .sort_values(["organisation", "terms", "years", "country"], ascending=[True, False, False, True])
        .reset_index(drop=True)
    )


def count_for(t: pd.DataFrame, organisation: str, iso3: str) -> dict:
    """Terms of one state in one organisation: counted, all (with disputed terms left out of the count),
    and years in the chair over the counted terms."""
    mine = t[(t["organisation"] == organisation) & (t["iso3"] == iso3)]
    return {
        "terms": int(mine["counted"].sum()),
        "all": len(mine),
        "years": float(mine.loc[mine["counted"], "years"].sum()),
    }


def gaps(t: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """For each organisation, the time between the end of one of the state's counted terms and the next
    (a disputed term left out of the count is left out here too)."""
    rows = []
    for org, mine in t[(t["iso3"] == iso3) & t["counted"]].groupby("organisation"):
        mine = mine.sort_values("term_start")
        for prev, cur in zip(mine.itertuples(), mine.iloc[1:].itertuples(), strict=False):
            rows.append(
                {
                    "organisation": org,
                    "gap_start": prev.end,
                    "gap_end": cur.term_start,
                    "years": (cur.term_start - prev.end).days / DAYS_PER_YEAR,
                }
            )
    return pd.DataFrame(rows, columns=["organisation", "gap_start", "gap_end", "years"])


def overlaps(t: pd.DataFrame, iso3: str, a: str = "SCO", b: str = "CICA") -> pd.DataFrame:
    """Spans when the state chaired both organisations at once (counted terms only: a disputed term
    left out of the count is left out here too)."""
    mine = t[(t["iso3"] == iso3) & t["counted"]]
    rows = []
    for x in mine[mine["organisation"] == a].itertuples():
        for y in mine[mine["organisation"] == b].itertuples():
            start, end = max(x.term_start, y.term_start), min(x.end, y.end)
            if start < end:
                rows.append({"start": start, "end": end, "days": (end - start).days})
    return pd.DataFrame(rows, columns=["start", "end", "days"])


def chair_on(chairmanships: pd.DataFrame, organisation: str, day: pd.Timestamp) -> pd.DataFrame:
    """The term(s) of an organisation running on a day. A term includes its first and its last day, so
    on a handover day both the outgoing chair (who chairs that day's summit) and the incoming one count."""
    c = chairmanships[chairmanships["organisation"] == organisation]
    return c[(c["term_start"] <= day) & (c["term_end"].isna() | (day <= c["term_end"]))].sort_values(
        "term_start"
    )


def summits_hosted(meetings: pd.DataFrame, iso3: str, organisations: tuple[str, ...], lo, hi) -> pd.DataFrame:
    m = meetings[
        meetings["organisation"].isin(organisations)
        & (meetings["host_iso3"] == iso3)
        & (meetings["kind"] == "heads_of_state")
        & meetings["start_date"].between(lo, hi)
    ]
    return m.sort_values("start_date").reset_index(drop=True)


def counted_since(
    chairmanships: pd.DataFrame, organisation: str, lo: pd.Timestamp
) -> tuple[pd.Timestamp, bool]:
    """The day a count of the organisation's terms runs from: its first chair term (its founding, for the
    report), or the period's start where that is later; and whether it is the first term."""
    first = chairmanships.loc[chairmanships["organisation"] == organisation, "term_start"].min()
    return (first, True) if pd.isna(lo) or lo <= first else (lo, False)
