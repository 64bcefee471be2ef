"""Sentences the notebooks show, built from computed values (every value escaped by `say`)."""

import pandas as pd
from IPython.display import HTML

from ..analysis import chairs
from ..data.vocab import STANDING
from .text import day, listing, plural, say, times


def country_names(members: pd.DataFrame) -> dict[str, str]:
    """ISO3 -> the one name the report uses for each state ('' -> 'no source names one')."""
    return {**dict(zip(members["iso3"], members["country"], strict=True)), "": "no source names one"}


def register_intro(article, assessed: pd.DataFrame, tally: dict, as_of, reason: str) -> HTML:
    n_checked = int((assessed["computed"] != "opinion").sum())
    return say(
        "<p><em>{title}</em>{author} ({unsigned}{outlet}, {date}) makes {n} in {pars}. {checked} can be checked against "
        "data; {opinion} are opinion. Judged on what was on record on {as_of} ({reason}): <strong>{a} accurate, "
        "{p} partly accurate, {i} inaccurate</strong> and {u} unverifiable.</p>",
        title=article.title,
        author=f" by {article.author}" if article.signed else "",
        unsigned="" if article.signed else "unsigned, ",
        outlet=article.outlet,
        date=day(article.date_published),
        n=plural(len(assessed), "assertion"),
        pars=plural(len(article.paragraphs), "paragraph"),
        checked=n_checked,
        opinion=tally["opinion"],
        as_of=day(as_of),
        reason=reason,
        a=tally["accurate"],
        p=tally["partly accurate"],
        i=tally["inaccurate"],
        u=tally["unverifiable"],
    )


def not_a_member(members: pd.DataFrame, org: str, iso3: str, name: str) -> str:
    """'Azerbaijan is not a member state of the SCO (it is a dialogue partner), so it cannot chair it.'
    Empty for a member state."""
    row = members[(members["organisation"] == org) & (members["iso3"] == iso3)]
    status = row["status"].iloc[0] if len(row) else ""
    if status == "member":
        return ""
    standing = f" (it is {STANDING[status]})" if status in STANDING else ""
    return f"{name} is not a member state of the {org}{standing}, so it has not chaired it."


def since_words(chairmanships: pd.DataFrame, org: str, lo, hi) -> str:
    """'since its first chair term began, in 2001' — a count runs from the organisation's first term
    (not from a default period start before it existed); 'between 2010 and 2020' for a narrower period."""
    start, first = chairs.counted_since(chairmanships, org, lo)
    if first:
        return f"since the first {org} chair term began, in {start.year}"
    return f"between {start.year} and {hi.year}"


def chair_lines(
    terms: pd.DataFrame,
    summary: pd.DataFrame,
    organisations,
    name: str,
    iso3: str,
    lo,
    hi,
    data_end,
    members: pd.DataFrame | None = None,
) -> HTML:
    """For each organisation: how often the state chaired, its years in the chair, the most any state
    held, and what counting the disputed terms would change."""
    items = []
    for org in organisations:
        n = chairs.count_for(terms, org, iso3)
        if n["terms"] == 0 and n["all"] == 0:
            outside = not_a_member(members, org, iso3, name) if members is not None else ""
            items.append(
                f"{org}: "
                + (outside or f"{name} has not chaired the {org} {since_words(terms, org, lo, hi)}.")
            )
            continue
        most = int(summary.loc[summary["organisation"] == org, "terms"].max())
        since = since_words(terms, org, lo, hi)
        line = f"{org}: {name} has chaired the {org} {times(n['terms'])} {since}, {n['years']:.1f} years in all; the most terms held by any state is {most}."
        extra = n["all"] - n["terms"]
        if extra:
            line += f" {plural(extra, 'further term is', 'further terms are')} disputed and left out of the count; counting {'it' if extra == 1 else 'them'} gives {n['all']}."
        items.append(line)
    li = "".join(f"<li>{{i{k}}}</li>" for k in range(len(items)))
    return say(
        "<p>Up to {hi}{end}:</p><ul>" + li + "</ul>",
        hi=day(hi),
        end=", the date of the newest source in the data"
        if hi == data_end
        else f" (the newest source in the data is dated {day(data_end)})",
        **{f"i{k}": v for k, v in enumerate(items)},
    )


def overlap_sentence(both: pd.DataFrame, name: str, n_orgs: int) -> HTML:
    if both.empty:
        return say(
            "<p>{name} never chaired both organisations at the same time in the period.</p>"
            if n_orgs == 2
            else "",
            name=name,
        )
    spans = "; ".join(f"{day(o.start)} to {day(o.end)} ({o.days} days)" for o in both.itertuples())
    return say("<p>{name} chaired both organisations at once from {spans}.</p>", name=name, spans=spans)


def gaps_sentence(g: pd.DataFrame) -> HTML:
    if g.empty:
        return say("")
    parts = "; ".join(
        f"{r.organisation} {r.gap_start:%Y} to {r.gap_end:%Y}: {r.years:.1f} years" for r in g.itertuples()
    )
    return say("<p>Time between its counted terms: {parts}.</p>", parts=parts)


def initiatives_intro(
    ini: pd.DataFrame, listed: pd.DataFrame, per_term: pd.DataFrame, organisations, name: str, iso3: str
) -> HTML:
    """What the register holds, and what of it is the state's: initiatives under its terms, and those it
    proposed, under its own terms and under others'."""
    if ini.empty:
        return say("<p>No initiative of the selected organisations falls in the period.</p>")
    per_org = listing([f"{n} {o}" for o, n in ini["organisation"].value_counts().sort_index().items()])
    own_terms = per_term[per_term["iso3"] == iso3]
    proposed = ini[ini["proposer_iso3"] == iso3]
    under_own = int(listed.loc[listed["proposer_iso3"] == iso3, "mine"].sum())
    bare = per_term[per_term["n"] == 0]
    return say(
        "<p>The register holds {n} of {orgs} ({per_org}), each filed under the chair term in which it was "
        "launched, or proposed where it was never launched. Under {name}'s {terms}, {own} were put forward or "
        "launched. {name} proposed {mine} of all {total}{where}. {unknown} have no sourced proposer. {bare}</p>",
        n=plural(len(ini), "initiative"),
        orgs=listing(list(organisations)),
        per_org=per_org,
        name=name,
        terms=plural(len(own_terms), "counted chair term"),
        own=int(own_terms["n"].sum()),
        mine=len(proposed),
        total=len(ini),
        where=f" ({under_own} under its own terms)" if len(proposed) else "",
        unknown=int((ini["proposer_iso3"] == "").sum()),
        bare=(
            f"{plural(len(bare), 'counted term has', 'counted terms have')} no initiative on record."
            if len(bare)
            else "Every counted term has at least one initiative on record."
        ),
    )
