"""Corrections as readers expect them (after Full Fact's and PolitiFact's policies): each corrected
verdict with its date, what it was and is, and why, linked to the claim; then the other changes to the
findings and to the data, in plain words; changes made before first publication apart."""

import re

import pandas as pd
from markupsafe import Markup

from ..claims import corrections
from ..claims.article import Article
from ..data.load import Dataset
from .citations import cite
from .register_view import badge, claim_link
from .text import day

TABLE_WORDS = {"README.md": "the notes on the data", "sources": "a source", "meetings": "a meeting"}


def _item_words(data: Dataset, c: corrections.Change) -> Markup:
    """What a change touched, in plain words: a claim (linked), an initiative's name, a chair term."""
    if c.article_id:
        return claim_link(c.claim_id) if c.claim_id else Markup("every checkable claim")
    table, _, key = c.item.partition(" ")
    if table == "initiatives" and data.initiatives is not None:
        names = data.initiatives.loc[data.initiatives["initiative_id"] == key, "name"]
        return Markup("the initiative “{}”").format(names.iloc[0] if len(names) else "no longer on record")
    m = re.fullmatch(r"(SCO|CICA) ([A-Z]{3}) (\d{4}-\d{2}-\d{2})", key)
    if table == "chairmanships" and m and data.chairmanships is not None:
        c_ = data.chairmanships
        names = c_.loc[c_["iso3"] == m[2], "country"]
        who = names.iloc[0] if len(names) else "a state"
        return Markup("{}'s {} chair term from {}").format(who, m[1], day(pd.Timestamp(m[3])))
    return Markup(TABLE_WORDS.get(table, "the data"))


def _relevant(c: corrections.Change, article: Article | None) -> bool:
    """A report shows its own article's claim changes and every change to the data."""
    return not c.article_id if article is None else c.article_id in ("", article.article_id)


def _entry(data: Dataset, c: corrections.Change) -> dict:
    """One logged change as the section lists it: date, what changed (in words), why, citations."""
    what = Markup("{}: {} changed.").format(_item_words(data, c), c.field_words())
    return {"date": day(c.date), "what": what, "why": c.why, "cites": cite(c.source_ids), "anchor": ""}


def changes_for(data: Dataset, article: Article | None) -> dict:
    """What the corrections section shows: `published` and `updated` (words), `verdicts` (corrected
    verdicts since publication, the first of each claim anchored for its card's link), `other` (other
    changes since then) and `before` (the revision history before publication)."""
    log = [c for c in corrections.read(data) if _relevant(c, article)]
    first = corrections.published(article) if article is not None else None
    updated = article.review_updated if article is not None else pd.NaT
    out = {
        "published": day(first) if first is not None else "",
        "updated": "" if pd.isna(updated) else day(updated),
        "verdicts": [],
        "other": [],
        "before": [_entry(data, c) for c in log if first is not None and c.date < first],
    }
    for c in (c for c in log if first is None or c.date >= first):
        entry = _entry(data, c)
        if c.verdict and c.claim_id:
            old, new = c.verdict
            anchored = any(e["anchor"] == f"corr-{c.claim_id}" for e in out["verdicts"])
            entry["anchor"] = "" if anchored else f"corr-{c.claim_id}"
            entry["what"] = Markup("{}: verdict changed from {} to {}.").format(
                claim_link(c.claim_id), badge(old), badge(new)
            )
            out["verdicts"].append(entry)
        else:
            out["other"].append(entry)
    return out


def notes_by_claim(data: Dataset, article: Article) -> dict[str, list[Markup]]:
    """For each claim whose verdict was corrected after publication, the note its card carries."""
    notes: dict[str, list[Markup]] = {}
    first = corrections.published(article)
    for c in corrections.of_article(corrections.read(data), article):
        if c.verdict and c.claim_id and first is not None and c.date >= first:
            old, _ = c.verdict
            notes.setdefault(c.claim_id, []).append(
                Markup(
                    'Correction, {}: this verdict was first published as {}. <a href="#corr-{}">Why it changed</a>'
                ).format(day(c.date), badge(old), c.claim_id)
            )
    return notes
