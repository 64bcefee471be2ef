"""The findings a reader meets first, computed: the verdict tally, what the article gets right and
wrong, the key chair facts, and a Claim / Verdict box for each claim that does not hold."""

import pandas as pd
from markupsafe import Markup

from ..analysis import chairs, initiatives
from ..claims.assess import what_we_found
from ..data.load import Dataset
from ..data.vocab import ACCURATE, INACCURATE, OPINION, PARTLY, UNVERIFIABLE, VERDICTS
from . import narrative
from .citations import cite
from .register_view import sources_of
from .text import day, listing, plural, times

NOT_HOLDING = (INACCURATE, PARTLY)


def tally(assessed: pd.DataFrame, column: str = "computed") -> dict[str, int]:
    counts = assessed[column].value_counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}


def checkable(assessed: pd.DataFrame) -> pd.DataFrame:
    return assessed[assessed["computed"] != OPINION]


def judgement(assessed: pd.DataFrame) -> str:
    """One paragraph on what the article gets right and wrong, from the computed verdicts."""
    t, n = tally(assessed), len(checkable(assessed))
    wrong = assessed[assessed["computed"].isin(NOT_HOLDING)]
    text = (
        f"Of the article's {plural(len(assessed), 'assertion')}, {n} state facts that can be checked; the rest are opinion. "
        f"{t[ACCURATE]} of the {n} are accurate, {t[PARTLY]} partly accurate, {t[INACCURATE]} inaccurate "
        f"and {t[UNVERIFIABLE]} could not be verified."
    )
    if not wrong.empty:
        text += (
            " Where it does not hold: "
            + listing([f"{r.claim} ({r.computed})" for r in wrong.itertuples()], last="; and")
            + "."
        )
    return text


def boxes(assessed: pd.DataFrame) -> list[dict]:
    """A Claim / Verdict / Why box for each inaccurate or partly accurate claim."""
    out = []
    for verdict in NOT_HOLDING:
        for r in assessed[assessed["computed"] == verdict].itertuples():
            out.append(
                {
                    "id": r.claim_id,
                    "claim": r.claim,
                    "verdict": r.computed,
                    "why": what_we_found(r),
                    "cites": cite(sources_of(r)),
                }
            )
    return out


def chair_facts(data: Dataset, iso3: str, name: str, organisations, lo, hi) -> list[Markup]:
    """Times the country chaired each organisation (the count the data uses, and with disputed terms),
    and the span in which it chaired both at once."""
    t = chairs.terms(data.chairmanships, tuple(organisations), lo, hi, open_until=data.as_of)
    facts = []
    for org in organisations:
        n = chairs.count_for(t, org, iso3)
        outside = narrative.not_a_member(data.members, org, iso3, name) if not n["all"] else ""
        if outside:
            facts.append(Markup.escape(outside))
            continue
        line = (
            f"{name} has chaired the {org} {times(n['terms'])}"
            if n["terms"]
            else f"{name} has not chaired the {org}"
        )
        if n["all"] != n["terms"]:
            line += f" ({n['all']} counting {plural(n['all'] - n['terms'], 'disputed term')})"
        facts.append(Markup.escape(line + " " + narrative.since_words(data.chairmanships, org, lo, hi) + "."))
    both = chairs.overlaps(t, iso3) if len(organisations) == 2 else pd.DataFrame()
    if len(both):
        spans = [f"from {day(o.start)} to {day(o.end)} ({o.days} days)" for o in both.itertuples()]
        how_often = "" if len(both) == 1 else f" {times(len(both))}:"
        facts.append(Markup.escape(f"It chaired both at once{how_often} {listing(spans)}."))
    return facts


def initiative_fact(data: Dataset, iso3: str, name: str, organisations, lo, hi) -> Markup:
    ini = initiatives.select(data.initiatives, tuple(organisations), lo, hi)
    mine, total = initiatives.share_proposed_by(ini, iso3)
    return Markup.escape(
        f"{name} proposed {mine} of the {plural(total, 'initiative')} of {listing(list(organisations))} recorded here."
    )
