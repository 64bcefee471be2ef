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


def term_label(organisation: str, start: pd.Timestamp, end, country: str = "") -> str:
    """'SCO 2017–18 (China)'; a running term 'SCO 2025– (Kyrgyzstan)'."""
    if pd.isna(end):
        years = f"{start:%Y}–"
    elif end.year == start.year:
        years = f"{start:%Y}"
    else:  # '2017–18' for a yearly term; '1999–2010', '2014–2018' for longer ones
        years = f"{start:%Y}–{end:%y}" if end.year - start.year == 1 else f"{start:%Y}–{end:%Y}"
    return f"{organisation} {years}" + (f" ({country})" if country else "")


def per_term(ini: pd.DataFrame, terms: pd.DataFrame) -> pd.DataFrame:
    """Every counted chair term with the number of initiatives filed under it (`n`), oldest first per
    organisation; an initiative tied to no term is in no row."""
    counted = terms[terms["counted"]].copy()
    key = ini.dropna(subset=["chair_term_start"]).groupby(["organisation", "chair_term_start"]).size()
    counted["n"] = [
        int(key.get((o, s), 0)) for o, s in zip(counted["organisation"], counted["term_start"], strict=True)
    ]
    counted["label"] = [
        term_label(r.organisation, r.term_start, r.term_end, r.country) for r in counted.itertuples()
    ]
    return counted.sort_values(["organisation", "term_start"]).reset_index(drop=True)


def of_state(
    ini: pd.DataFrame, terms: pd.DataFrame, iso3: str, named: set[str] = frozenset()
) -> pd.DataFrame:
    """The initiatives a report on the state lists: those of its chair terms, those it proposed under
    other terms, and those the article names; with `term` (the chair term's label, '' for none) and
    `mine` (filed under one of its terms)."""
    labels = {
        (r.organisation, r.term_start): term_label(r.organisation, r.term_start, r.term_end, r.country)
        for r in terms.itertuples()
    }
    own = {(r.organisation, r.term_start) for r in terms[terms["iso3"] == iso3].itertuples()}
    at = list(zip(ini["organisation"], ini["chair_term_start"], strict=True))
    out = ini.assign(term=[labels.get(k, "") for k in at], mine=[k in own for k in at])
    keep = out["mine"] | (out["proposer_iso3"] == iso3) | out["initiative_id"].isin(named)
    return (
        out[keep]
        .sort_values(["organisation", "chair_term_start", "name"], na_position="last")
        .reset_index(drop=True)
    )
