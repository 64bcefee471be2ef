"""Tables for readers: the analysis frames with plain column names, dates in words, names not codes."""

import pandas as pd

from ..claims.article import Article
from ..claims.register import load_claims
from ..data.load import Dataset
from .register_view import claims_by_initiative
from .text import day


def terms(t: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Organisation": t["organisation"],
            "From": t["term_start"].map(day),
            "To": [("running" if o else day(e)) for o, e in zip(t["open"], t["term_end"], strict=True)],
            "Years": t["years"].round(1),
            # the date is in "From"; the event alone reads better
            "Handed over at": t["handover_event"].str.replace(r", \d{4}-\d\d-\d\d.*$", "", regex=True),
            "Status": t["status"] + t["counted"].map({True: "", False: ", not counted"}),
        }
    )


def summits(m: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Organisation": m["organisation"],
            "Summit": m["number"].map(lambda n: f"no. {n}" if n else ""),
            "City": m["city"],
            "Date": m["start_date"].map(day),
            "Held": m["online"].map({True: "online", False: "in person"}),
        }
    )


def disputed(t: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Each disputed term as (heading, the dispute in plain words, its source ids): too long for a
    table cell, so the report shows them as a list."""
    return [
        (
            f"{r.organisation}: {r.country}, from {day(r.term_start)} ({'counted' if r.counted else 'not counted'})",
            r.dispute,
            r.source_ids,
        )
        for r in t.itertuples()
    ]


def status_words(ini: pd.DataFrame) -> pd.Series:
    """'held; last checked 17 December 2024': the status on the latest evidence, and the date of that
    evidence said as what it is (not an event date)."""
    return ini["status"] + ini["status_as_of"].map(lambda d: "" if pd.isna(d) else f"; last checked {day(d)}")


def initiatives(
    ini: pd.DataFrame, names: dict[str, str], data: Dataset, article: Article | None = None
) -> pd.DataFrame:
    """Initiatives with the chair term they are filed under, proposer by name, years, status and (in the
    report on the article's state) the claims that name them."""
    year = lambda s: s.map(lambda y: "" if pd.isna(y) else str(int(y)))  # noqa: E731
    term = ini["term"] if "term" in ini else pd.Series("", index=ini.index)  # from initiatives.of_state
    table = pd.DataFrame(
        {
            "Initiative": ini["name"],
            "Chair term": term.where(term != "", "none on record"),
            "Domain": ini["domain"],
            "Proposed by": ini["proposer_iso3"].map(names),
            "Proposed in": year(ini["year_proposed"]),
            "Launched in": year(ini["year_launched"]),
            "Status": status_words(ini),
        }
    )
    if article is not None:
        links = claims_by_initiative(load_claims(data, article, validate=False))
        table["Named in the article"] = [
            ", ".join(f"Claim {c.lstrip('c')}" for c in links.get(i, [])) for i in ini["initiative_id"]
        ]
    return table


def named_initiatives(data: Dataset, article: Article) -> set[str]:
    """The initiatives the article's claims name."""
    return set(claims_by_initiative(load_claims(data, article, validate=False)))
