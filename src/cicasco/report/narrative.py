"""Sentences the notebooks show, built from computed values (every value escaped by `say`)."""

import pandas as pd
from IPython.display import HTML

from ..analysis import chairs
from .text import day, listing, plural, say, times


def country_names(members: pd.DataFrame) -> dict[str, str]:
    """ISO3 -> the one name the report uses for each state ('' -> 'no source names one')."""
    return {**dict(zip(members["iso3"], members["country"], strict=True)), "": "no source names one"}


def register_intro(article, assessed: pd.DataFrame, tally: dict, as_of, reason: str) -> HTML:
    n_checked = int((assessed["computed"] != "opinion").sum())
    return say(
        "<p><em>{title}</em> by {author} ({outlet}, {date}) makes {n} in {pars}. {checked} can be checked against "
        "data; {opinion} are opinion. Judged on what was on record on {as_of} ({reason}): <strong>{a} accurate, "
        "{p} partly accurate, {i} inaccurate</strong> and {u} unverifiable.</p>",
        title=article.title,
        author=article.author,
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


def chair_lines(
    terms: pd.DataFrame, summary: pd.DataFrame, organisations, name: str, iso3: str, lo, hi, data_end
) -> HTML:
    """For each organisation: how often the state chaired, its years in the chair, the most any state
    held, and what counting the disputed terms would change."""
    items = []
    for org in organisations:
        n = chairs.count_for(terms, org, iso3)
        if n["terms"] == 0 and n["all"] == 0:
            items.append(f"{org}: {name} has not chaired the {org} in the period.")
            continue
        most = int(summary.loc[summary["organisation"] == org, "terms"].max())
        line = f"{org}: {name} has chaired the {org} {times(n['terms'])}, {n['years']:.1f} years in all; the most terms held by any state is {most}."
        extra = n["all"] - n["terms"]
        if extra:
            line += f" {plural(extra, 'further term is', 'further terms are')} disputed and left out of the count; counting {'it' if extra == 1 else 'them'} gives {n['all']}."
        items.append(line)
    li = "".join(f"<li>{{i{k}}}</li>" for k in range(len(items)))
    return say(
        "<p>From {lo} to {hi} (the newest source in the data is dated {end}):</p><ul>" + li + "</ul>",
        lo=day(lo),
        hi=day(hi),
        end=day(data_end),
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


def initiatives_intro(ini: pd.DataFrame, organisations, name: str, iso3: str) -> HTML:
    if ini.empty:
        return say("<p>No initiative of the selected organisations falls in the period.</p>")
    mine = int((ini["proposer_iso3"] == iso3).sum())
    per_org = listing([f"{n} {o}" for o, n in ini["organisation"].value_counts().sort_index().items()])
    return say(
        "<p>The data holds {n} of {orgs} in the period ({per_org}); {mine}. {unknown} have no sourced proposer.</p>",
        n=plural(len(ini), "initiative"),
        orgs=listing(list(organisations)),
        per_org=per_org,
        mine=f"{name} proposed {mine} of them" if mine else f"none was proposed by {name}",
        unknown=int((ini["proposer_iso3"] == "").sum()),
    )
