"""The review log (changes.csv) read as a publication's corrections.

A change dated on or after the fact-check's first publication is a correction and is shown; one dated
before it belongs to the revision history. A claim's verdict as first published (`verdict_published`)
must lead, through the logged verdict changes, to its verdict now: a verdict changed without an entry in
the log is an error `make check` reports.
"""

import re
from dataclasses import dataclass

import pandas as pd

from ..data.load import Dataset
from ..data.paths import display_path
from ..errors import Problem
from .article import Article

# 'claims <article id> <claim id>', or 'claims <article id> (every checkable claim)'
CLAIM_ITEM = re.compile(r"^claims (?P<article>[a-z0-9-]+) (?P<claim>[a-z0-9-]+|\(.+\))$")
FIELD_WORDS = {
    "verdict": "verdict",
    "verdict_latest": "verdict on the latest data",
    "check": "check",
    "check_args": "what the check reads",
    "finding": "finding",
    "note": "note",
    "source_ids": "sources",
    "status": "status",
    "status_as_of": "date of the status",
    "year_proposed": "year proposed",
    "year_launched": "year launched",
    "proposer_iso3": "proposer",
    "kind": "kind of claim",
    "text": "wording",
}


@dataclass(frozen=True)
class Change:
    line: int
    date: pd.Timestamp
    item: str
    fields: tuple[str, ...]
    old: tuple[str, ...]
    new: tuple[str, ...]
    why: str
    source_ids: str
    article_id: str = ""
    claim_id: str = ""

    @property
    def verdict(self) -> tuple[str, str] | None:
        """(old, new) where this change sets a claim's verdict, else None."""
        if (
            "verdict" not in self.fields
            or len(self.old) != len(self.fields)
            or len(self.new) != len(self.fields)
        ):
            return None
        i = self.fields.index("verdict")
        return self.old[i], self.new[i]

    def field_words(self) -> str:
        return ", ".join(FIELD_WORDS.get(f, f.replace("_", " ")) for f in self.fields)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in str(cell).split(";")) if str(cell).strip() else ()


def read(data: Dataset) -> list[Change]:
    """Every row of the review log, in date order (file order within a day)."""
    df = data.changes
    if df is None or df.empty:
        return []
    out = []
    for i, r in enumerate(df.itertuples(index=False)):
        m = CLAIM_ITEM.match(r.item)
        out.append(
            Change(
                line=i + 2,
                date=r.date,
                item=r.item,
                fields=_split(r.field),
                old=_split(r.old_value),
                new=_split(r.new_value),
                why=r.what_was_wrong,
                source_ids=r.source_ids,
                article_id=m["article"] if m else "",
                claim_id=m["claim"] if m and not m["claim"].startswith("(") else "",
            )
        )
    return sorted(out, key=lambda c: (c.date, c.line))


def published(article: Article) -> pd.Timestamp | None:
    d = article.review_first_published
    return None if pd.isna(d) else d


def of_article(changes: list[Change], article: Article) -> list[Change]:
    return [c for c in changes if c.article_id == article.article_id]


def verdict_first_published(changes: list[Change], article: Article, claim_id: str) -> pd.Timestamp | None:
    """The day the claim's current verdict was first published: the fact-check's first publication, or
    the latest correction of that verdict after it."""
    first = published(article)
    if first is None:
        return None
    later = [
        c.date
        for c in of_article(changes, article)
        if c.claim_id == claim_id and c.verdict and c.date >= first
    ]
    return max([first, *later])


def unknown_claims(data: Dataset, article: Article, claims: pd.DataFrame) -> list[Problem]:
    """Entries of the log for a claim the article's file does not hold (the page would link a
    correction to a claim it does not show): a build stops on them, as `make check` does."""
    log = display_path(data.data_dir / "changes.csv")
    return [
        Problem(
            log,
            c.line,
            "item",
            f"names claim {c.claim_id!r}, which {display_path(article.claims_file)} does not hold",
        )
        for c in of_article(read(data), article)
        if c.claim_id and c.claim_id not in set(claims["claim_id"])
    ]


def unrecorded(data: Dataset, article: Article, claims: pd.DataFrame) -> list[Problem]:
    """Every way the log fails to account for the published verdicts: a verdict that differs from the
    one first published with no chain of logged changes to it, an entry for a claim the file does not
    hold, or an 'updated' date older than the latest change."""
    first = published(article)
    log = display_path(data.data_dir / "changes.csv")
    mine = of_article(read(data), article)
    problems = unknown_claims(data, article, claims)
    if first is None:
        return problems
    shown = display_path(article.claims_file)
    for r in claims.itertuples():
        if not r.verdict_published:
            continue
        verdict = r.verdict_published
        for c in (c for c in mine if c.claim_id == r.claim_id and c.verdict and c.date >= first):
            old, new = c.verdict
            if old != verdict:
                problems.append(
                    Problem(
                        log,
                        c.line,
                        "old_value",
                        f"{r.claim_id}: the verdict was {verdict!r} by then, not {old!r}",
                    )
                )
            verdict = new
        now = r.editor_verdict or r.verdict  # the verdict readers see
        if verdict != now:
            problems.append(
                Problem(
                    shown,
                    r.line,
                    "verdict",
                    f"{r.claim_id} was published as {verdict!r} and is now {now!r}, with no entry in changes.csv "
                    f"(add one: date, item 'claims {article.article_id} {r.claim_id}', field verdict, old and new value, why)",
                )
            )
    latest = max((c.date for c in mine if c.date >= first), default=None)
    updated = article.review_updated
    if latest is not None and (pd.isna(updated) or updated < latest):
        problems.append(
            Problem(
                display_path(data.data_dir / "articles.csv"),
                None,
                "review_updated",
                f"{article.article_id}: the log has a change of {latest:%Y-%m-%d}, after the 'updated' date",
            )
        )
    return problems
