"""Spread of initiatives: by domain and organisation, by year, by status, by proposer."""

import pandas as pd

from ..data.vocab import DOMAINS, INITIATIVE_STATUSES

VOCABULARIES = {"domain": DOMAINS, "status": INITIATIVE_STATUSES}


def first_year(initiatives: pd.DataFrame) -> pd.Series:
    """The year an initiative was first proposed, or launched where the proposal year is unknown."""
    return initiatives["year_proposed"].fillna(initiatives["year_launched"])


def select(
    initiatives: pd.DataFrame, organisations: tuple[str, ...], lo: pd.Timestamp, hi: pd.Timestamp
) -> pd.DataFrame:
    """Initiatives of the organisations first proposed (or, failing that, launched) within the period;
    an undated one is kept (and counted as undated by `by_year`)."""
    year = first_year(initiatives)
    in_period = year.isna() | year.between(lo.year, hi.year)
    return initiatives[initiatives["organisation"].isin(organisations) & in_period].reset_index(drop=True)


def by_category(df: pd.DataFrame, column: str, organisations: tuple[str, ...]) -> pd.DataFrame:
    """Counts, categories of `column` (domain or status) as rows in vocabulary order (empty ones
    dropped), organisations as columns."""
    order = [v for v in VOCABULARIES[column] if v in set(df[column])]
    table = pd.crosstab(df[column], df["organisation"]).reindex(
        index=order, columns=list(organisations), fill_value=0
    )
    return table.fillna(0).astype(int)


def by_year(df: pd.DataFrame, organisations: tuple[str, ...]) -> tuple[pd.DataFrame, int]:
    """Initiatives by the year first proposed (launch year where the proposal year is unknown), every
    year between the first and the last; and how many have no year at all (not in the table)."""
    year = first_year(df)
    known = df.assign(year=year).dropna(subset=["year"])
    undated = int(year.isna().sum())
    if known.empty:
        return pd.DataFrame(columns=list(organisations)), undated
    table = pd.crosstab(known["year"].astype(int), known["organisation"])
    years = range(int(table.index.min()), int(table.index.max()) + 1)
    return table.reindex(index=years, columns=list(organisations), fill_value=0).fillna(0).astype(
        int
    ), undated


def by_proposer(df: pd.DataFrame) -> pd.Series:
    """Initiatives per proposing state's code ('' where no source names one), most first."""
    return df["proposer_iso3"].value_counts().sort_values(ascending=False, kind="stable")


def share_proposed_by(df: pd.DataFrame, iso3: str) -> tuple[int, int]:
    return int((df["proposer_iso3"] == iso3).sum()), len(df)
