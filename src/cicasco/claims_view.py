"""The register for readers: counts by verdict, the narrative of what does not hold, the table."""

import html

import pandas as pd

from .tables import split_ids
from .vocab import CLAIM_KINDS, VERDICTS


def verdict_counts(assessed: pd.DataFrame, by: str, column: str = "computed") -> pd.DataFrame:
    """Counts of computed verdicts, rows by `by` (kind or paragraph), columns in verdict order."""
    table = pd.crosstab(assessed[by], assessed[column])
    order = [k for k in CLAIM_KINDS if k in table.index] if by == "kind" else sorted(table.index)
    cols = [v for v in VERDICTS if v in table.columns]
    return table.reindex(index=order, columns=cols, fill_value=0)


def tally(assessed: pd.DataFrame, column: str = "computed") -> dict[str, int]:
    counts = assessed[column].value_counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}


def changed_since(assessed: pd.DataFrame) -> pd.DataFrame:
    """Claims whose verdict on the latest data differs from the verdict as of the assessment date."""
    return assessed[assessed["computed"] != assessed["computed_latest"]]


def _sources_html(ids: str, sources: pd.DataFrame) -> str:
    s = sources.set_index("source_id")
    links = []
    for i in split_ids(ids):
        if i in s.index:
            r = s.loc[i]
            links.append(
                f'<a href="{html.escape(r["url"])}" title="{html.escape(r["title"])}">{html.escape(r["publisher"])}</a>'
            )
    return "; ".join(links)


def register_html(assessed: pd.DataFrame, sources: pd.DataFrame) -> str:
    """The whole register as one HTML table; every piece of text escaped."""
    e = html.escape
    rows = []
    for r in assessed.itertuples():
        verdict = f'<span class="verdict v-{e(r.computed.replace(" ", "-"))}">{e(r.computed)}</span>'
        if r.computed_latest != r.computed:
            verdict += f'<br/><span class="verdict-later">now: {e(r.computed_latest)}</span>'
        evidence = f'<div class="evidence">{e(r.evidence)}</div>' if r.evidence else ""
        rows.append(
            f'<tr id="{e(r.claim_id)}"><td>{e(r.claim_id)}</td><td>{r.paragraph}</td>'
            f'<td class="quote">“{e(r.quote)}”</td><td>{verdict}</td>'
            f"<td>{e(r.finding)}{evidence}</td><td>{_sources_html(r.source_ids, sources)}</td></tr>"
        )
    head = "<tr><th>id</th><th>¶</th><th>Quote</th><th>Verdict</th><th>Finding and computed evidence</th><th>Sources</th></tr>"
    return f'<table class="report-table register"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def narrative(assessed: pd.DataFrame) -> str:
    """Markdown bullets for the claims that are inaccurate or partly accurate, with their evidence."""
    e = html.escape
    lines = []
    for verdict in ("inaccurate", "partly accurate"):
        for r in assessed[assessed["computed"] == verdict].itertuples():
            lines.append(
                f"- **{e(verdict.capitalize())}** (¶{r.paragraph}, {e(r.claim_id)}): “{e(r.quote)}” — {e(r.finding)} *Computed: {e(r.evidence)}.*"
            )
    return "\n".join(lines)


def with_claims(initiatives: pd.DataFrame, links: dict[str, list[str]]) -> pd.DataFrame:
    """Initiatives with a `claims` column: the register rows whose checks name each of them."""
    return initiatives.assign(claims=[", ".join(links.get(i, [])) for i in initiatives["initiative_id"]])
