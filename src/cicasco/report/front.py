"""What the page says around the notebooks: title, findings first, method, corrections, how to cite.
Every number in it is computed from the plan of the build."""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pycountry
from markupsafe import Markup

from ..analysis import chairs
from ..data.vocab import RATED
from . import corrections_view, findings
from .text import day

SCALE = (
    ("accurate", "What the claim says is borne out by the data and its sources."),
    (
        "partly accurate",
        "Right in part: a detail (a date, a place, who proposed it) is wrong, or the claim holds only under one reading.",
    ),
    ("inaccurate", "The data and its sources show otherwise."),
    ("unverifiable", "No source found settles it either way; not a judgement that it is false."),
    ("opinion", "A judgement or characterisation that no fact can settle; recorded, not rated."),
)
LICENCE = (
    "The text, charts and data of this report are published under the Creative Commons Attribution 4.0 "
    "licence (CC BY 4.0): anyone may reuse them, also commercially, with credit, as Our World in Data does, "
    "because a fact-check is only useful if others can republish it. The code is under the MIT licence. "
    "Quotations from the article remain the work of its author and publisher, quoted for criticism and review."
)


@dataclass
class Front:
    title: str
    subtitle: str
    description: str
    country: str
    applies: bool
    article: object
    as_of: str
    as_of_reason: str
    data_end: str
    data_version: str
    judgement: str = ""
    tally: dict = field(default_factory=dict)
    n_checkable: int = 0
    boxes: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    note: str = ""
    disputed: list = field(default_factory=list)
    changes: dict = field(default_factory=dict)
    mentions: list = field(default_factory=list)
    sources: pd.DataFrame = None
    scale: tuple = SCALE
    rated: dict = field(default_factory=lambda: dict(RATED))
    licence: str = LICENCE

    @property
    def cite(self) -> str:
        art = self.article
        return (
            f"CICA–SCO fact-check register. “{self.title}”. Data version {self.data_version} "
            f"(sources up to {self.data_end}); claims assessed as of {self.as_of}. "
            + (
                f"A fact-check of {art.author + ', ' if art.signed else ''}{art.cited_title}, "
                f"{art.outlet}, {day(art.date_published)}."
                if self.applies
                else ""
            )
        )

    @classmethod
    def of(cls, plan) -> "Front":
        p, data, art = plan.params, plan.data, plan.article
        name = p.country.name
        applies = plan.applies
        title = f"{name} in the SCO and CICA"
        subtitle = (
            f"A fact-check of {art.cited_title} ({art.credit()}), with {name}'s chairmanships and initiatives"
            if applies
            else f"Chairmanships and initiatives, {_first_year(data, p)}–{p.period_end.year}"
        )
        front = cls(
            title=title,
            subtitle=subtitle,
            description=f"{subtitle}. "
            + (
                "Every claim rated by checks against sourced data."
                if applies
                else f"How often {name} has chaired each organisation, and the initiatives on record, from sourced data."
            ),
            country=name,
            applies=applies,
            article=art,
            as_of=day(p.as_of),
            as_of_reason=p.as_of_reason,
            data_end=day(data.as_of),
            data_version=plan.fingerprint,
            sources=_sources(data.sources),
        )
        front.facts = findings.chair_facts(
            data, p.country.iso3, name, p.organisations, p.period_start, p.period_end
        )
        front.facts.append(
            findings.initiative_fact(
                data, p.country.iso3, name, p.organisations, p.period_start, p.period_end
            )
        )
        if applies:
            front.judgement = findings.judgement(plan.assessed)
            front.tally = findings.tally(plan.assessed)
            front.n_checkable = len(findings.checkable(plan.assessed))
            front.boxes = findings.boxes(plan.assessed)
        else:
            front.mentions = mentions(plan)
        c = data.chairmanships
        front.disputed = [
            Markup.escape(
                f"{r.organisation}, {r.country}, term from {day(r.term_start)}: "
                + ("counted" if r.counted else "not counted")
                + " in the report's tally."
            )
            for r in c[c["status"] == "disputed"].itertuples()
        ]
        front.changes = corrections_view.changes_for(data, art if applies else None)
        return front


def _first_year(data, p) -> int:
    """The year the report's counts start: the first chair term of the organisations shown, or the
    period's start where that is later (never a default start before either organisation existed)."""
    return min(
        chairs.counted_since(data.chairmanships, org, p.period_start)[0] for org in p.organisations
    ).year


def _names(country) -> list[str]:
    """The names an article may use for a state: the report's, and ISO's name and common name."""
    iso = pycountry.countries.get(alpha_3=country.iso3)
    found = [country.name] + [getattr(iso, a, "") for a in ("name", "common_name", "official_name")]
    return [n for n in dict.fromkeys(found) if n]


def mentions(plan) -> list[dict]:
    """The checked articles whose title or text names the state, each with a link (relative to this
    report) to the report that rates its claims, where that report has been built."""
    from ..claims.article import read_article
    from .index_page import report_link

    pattern = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in _names(plan.params.country)), re.I)
    out = []
    for art_id in plan.data.articles["article_id"]:
        art = read_article(plan.data, art_id)
        if not pattern.search(" ".join((art.title, *art.paragraphs))):
            continue
        target = plan.opts.out / "report" / report_link(plan.data, art_id, art.subject_iso3)
        href = Path(os.path.relpath(target, plan.report_dir)).as_posix() if target.is_file() else ""
        out.append({"title": art.title, "outlet": art.outlet, "date": day(art.date_published), "href": href})
    return out


def _sources(s: pd.DataFrame) -> pd.DataFrame:
    def words(d):
        return "" if pd.isna(d) else day(d)

    out = s.assign(date_published=s["date_published"].map(words), date_accessed=s["date_accessed"].map(words))
    if "date_checked" in s:
        out["date_checked"] = s["date_checked"].map(words)
    return out
