"""Spread of initiatives: by domain and organisation, by year, by status, by proposer."""

import pandas as pd

from .vocab import DOMAINS, INITIATIVE_STATUSES


def select(
    initiatives: pd.DataFrame, organisations: tuple[str, ...], lo: pd.Timestamp, hi: pd.Timestamp
) -> pd.DataFrame:
    """Initiatives of the organisations first proposed (or, failing that, launched) within the period."""
    year = initiatives["year_proposed"].fillna(initiatives["year_launched"])
    in_period = year.isna() | year.between(lo.year, hi.year)
    return initiatives[initiatives["organisation"].isin(organisations) & in_period].reset_index(drop=True)


def by_domain(df: pd.DataFrame, organisations: tuple[str, ...]) -> pd.DataFrame:
    """Counts, domains as rows (in vocabulary order, empty ones dropped) and organisations as columns."""
    table = pd.crosstab(df["domain"], df["organisation"]).reindex(
        index=[d for d in DOMAINS if d in set(df["domain"])],
        columns=list(organisations),
        fill_value=0,
    )
    return table.fillna(0).astype(int)


def by_status(df: pd.DataFrame, organisations: tuple[str, ...]) -> pd.DataFrame:
    table = pd.crosstab(df["status"], df["organisation"]).reindex(
        index=[s for s in INITIATIVE_STATUSES if s in set(df["status"])],
        columns=list(organisations),
        fill_value=0,
    )
    return table.fillna(0).astype(int)


def by_year(df: pd.DataFrame, organisations: tuple[str, ...]) -> pd.DataFrame:
    """Initiatives by the year first proposed (launch year where the proposal year is unknown)."""
    year = df["year_proposed"].fillna(df["year_launched"])
    known = df.assign(year=year).dropna(subset=["year"])
    if known.empty:
        return pd.DataFrame(columns=list(organisations))
    table = pd.crosstab(known["year"].astype(int), known["organisation"])
    years = range(int(table.index.min()), int(table.index.max()) + 1)
    return table.reindex(index=years, columns=list(organisations), fill_value=0).fillna(0).astype(int)


def by_proposer(df: pd.DataFrame) -> pd.Series:
    proposer = df["proposer_iso3"].replace("", "unknown")
    return proposer.value_counts().sort_values(ascending=False)


def share_proposed_by(df: pd.DataFrame, iso3: str) -> tuple[int, int]:
    return int((df["proposer_iso3"] == iso3).sum()), len(df)
