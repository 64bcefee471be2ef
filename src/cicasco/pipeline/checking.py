"""`cicasco check` and `export-claims`: every article's register decided, compared with expectations."""

import sys

from ..claims import assess, claimreview, consistency, corrections
from ..claims.article import read_article
from ..claims.register import load_claims
from ..data import joins, load
from ..data.paths import display_path


def _articles(data: load.Dataset, article: str) -> list[str]:
    return list(data.articles["article_id"]) if article == "all" else [article]


def check_articles(data_dir, article: str = "all", as_of: str | None = None) -> int:
    """Decide each article's claims as of `as_of` (default: the article's date) and on the latest data;
    print one `file:line: column: ...` line per verdict that differs from the expected one."""
    import pandas as pd

    data = load.load(data_dir)
    differ = total = 0
    registers = []
    for art_id in _articles(data, article):
        art = read_article(data, art_id)
        day = pd.Timestamp(as_of) if as_of else art.date_published
        claims = load_claims(data, art)
        registers.append(claims)
        assessed = assess.assess(data, claims, day, said_on=art.date_published)
        shown = display_path(art.claims_file)
        for r in assess.mismatches(assessed).itertuples():
            if r.checked != r.verdict:
                print(
                    f"{shown}:{r.line}: verdict: {r.claim_id} expected {r.verdict!r} as of {day:%Y-%m-%d}, computed {r.checked!r} ({r.evidence})",
                    file=sys.stderr,
                )
            if r.computed_latest != r.verdict_latest:
                print(
                    f"{shown}:{r.line}: verdict_latest: {r.claim_id} expected {r.verdict_latest!r}, computed {r.computed_latest!r} ({r.evidence_latest})",
                    file=sys.stderr,
                )
        disagree = consistency.contradictions(assessed, shown) + corrections.unrecorded(data, art, claims)
        for p in disagree:
            print(p, file=sys.stderr)
        n_bad = len(assess.mismatches(assessed))
        n_judged = len(assess.judged(assessed))
        print(
            f"{art_id}: {len(assessed)} claims in {shown} checked as of {day:%Y-%m-%d}; {n_bad} verdict(s) differ from expected; "
            f"{len(disagree)} finding(s) or logged change(s) disagree with the data; "
            f"{n_judged} editor's verdict(s) recorded against the check's"
        )
        differ += n_bad + len(disagree)
        total += len(assessed)
    if article == "all":  # only with every register read can a source be known to be cited by none
        orphans = joins.uncited(data, registers, display_path(data.data_dir / "sources.csv"))
        for p in orphans:
            print(p, file=sys.stderr)
        differ += len(orphans)
    return 1 if differ else 0


def claim_reviews_json(data_dir, article: str, as_of: str | None, base_url: str = "") -> tuple[str, int]:
    import pandas as pd

    data = load.load(data_dir)
    art = read_article(data, article)
    day = pd.Timestamp(as_of) if as_of else art.date_published
    assessed = assess.assess(data, load_claims(data, art), day, said_on=art.date_published)
    doc = claimreview.claim_reviews(assessed, art, data, base_url, in_page=False)
    return claimreview.dumps(doc), len(doc["@graph"])
