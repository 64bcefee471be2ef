"""The register for readers: counts by verdict, and each claim as a card — the claim in plain words,
the exact quote, the verdict (and under other readings), what is true and its numbered sources.
Checkable claims first; opinions grouped apart, folded."""

import pandas as pd
from markupsafe import Markup

from ..claims.assess import what_we_found
from ..data.ids import split_ids
from ..data.vocab import CLAIM_KINDS, OPINION, VERDICTS
from .citations import cite


def sources_of(r) -> list[str]:
    """The sources a claim cites: the editor's choice for it (the rows the check read cite their own, in
    the tables); the rows' sources only where the editor named none."""
    return split_ids(r.source_ids) or list(getattr(r, "used_sources", []) or [])


def verdict_counts(assessed: pd.DataFrame, by: str, column: str = "computed") -> pd.DataFrame:
    """Counts of computed verdicts, rows by `by` (kind or paragraph), columns in verdict order."""
    table = pd.crosstab(assessed[by], assessed[column])
    order = [k for k in CLAIM_KINDS if k in table.index] if by == "kind" else sorted(table.index)
    return table.reindex(index=order, columns=[v for v in VERDICTS if v in table.columns], fill_value=0)


def changed_since(assessed: pd.DataFrame) -> pd.DataFrame:
    """Claims whose verdict on the latest data differs from the verdict as of the assessment date."""
    return assessed[assessed["computed"] != assessed["computed_latest"]]


def badge(verdict: str) -> Markup:
    return Markup('<span class="verdict v-{}">{}</span>').format(verdict.replace(" ", "-"), verdict)


def claim_link(claim_id: str) -> Markup:
    return Markup('<a href="#{}">Claim {}</a>').format(claim_id, claim_id.lstrip("c"))


def card(r, data_end: str, notes: dict | None = None) -> Markup:
    """One claim as a card with a permalink (#c21); `notes` holds the correction notes of claims whose
    verdict was corrected after publication."""
    parts = [
        Markup(
            '<article class="claim" id="{}"><h3><a href="#{}">Claim {}</a> · paragraph {} · {}</h3>'
        ).format(r.claim_id, r.claim_id, r.claim_id.lstrip("c"), r.paragraph, badge(r.computed)),
        Markup("<p><strong>The claim:</strong> {}</p>").format(r.claim),
        Markup('<p class="quote">“{}”</p>').format(r.quote),
    ]
    for note in (notes or {}).get(r.claim_id, []):
        parts.append(Markup('<p class="correction">{}</p>').format(note))
    if r.computed != OPINION:
        if r.reading:
            others = "; ".join(f"{x.verdict} {x.label}" for x in r.readings)
            parts.append(
                Markup('<p class="reading">The check rates it {} {}; {}.</p>').format(
                    r.checked, r.reading, others
                )
            )
        parts.append(
            Markup("<p><strong>What we found:</strong> {} {}</p>").format(
                what_we_found(r), cite(sources_of(r))
            )
        )
        if r.computed_latest != r.computed:
            parts.append(
                Markup('<p class="later">Rated on the data up to {}: {} {}</p>').format(
                    data_end, badge(r.computed_latest), r.evidence_latest
                )
            )
    else:
        parts.append(Markup("<p>{}</p>").format(r.finding))
    parts.append(Markup("</article>"))
    return Markup("").join(parts)


def register_html(assessed: pd.DataFrame, data_end: str, notes: dict | None = None) -> str:
    """The checkable claims as cards, then the opinions folded in a <details>."""
    checkable = assessed[assessed["computed"] != OPINION]
    opinions = assessed[assessed["computed"] == OPINION]
    html = Markup("").join(card(r, data_end, notes) for r in checkable.itertuples())
    if not opinions.empty:
        folded = Markup("").join(card(r, data_end, notes) for r in opinions.itertuples())
        html += Markup(
            '<details class="opinions"><summary>{} assertions of opinion (not rated)</summary>{}</details>'
        ).format(len(opinions), folded)
    return str(html)


def with_claims(initiatives: pd.DataFrame, links: dict[str, list[str]]) -> pd.DataFrame:
    """Initiatives with a `claims` column: the register rows whose checks name each of them."""
    return initiatives.assign(
        claims=[
            ", ".join(f"Claim {c.lstrip('c')}" for c in links.get(i, []))
            for i in initiatives["initiative_id"]
        ]
    )


def claims_by_initiative(assessed: pd.DataFrame) -> dict[str, list[str]]:
    """For each initiative id, the claims whose check names it."""
    links: dict[str, list[str]] = {}
    for r in assessed.itertuples():
        if "initiative_id" in r.args:
            links.setdefault(r.args["initiative_id"], []).append(r.claim_id)
    return links
