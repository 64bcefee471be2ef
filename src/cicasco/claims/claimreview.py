"""The register as schema.org ClaimReview JSON-LD, one ClaimReview per checkable claim.

Fields follow Google's ClaimReview guidelines: url (the report's address and the claim's anchor),
claimReviewed, author (with a url), datePublished, reviewRating (alternateName; ratingValue on the scale
the report defines, worst 1 to best 3, for rated verdicts only), itemReviewed (the claim, its author,
its appearance).
"""

import json

import pandas as pd

from ..data.load import Dataset
from ..data.vocab import OPINION, RATED
from . import corrections
from .article import Article
from .assess import what_we_found

REVIEWER = "CICA–SCO fact-check register"


def _rating(verdict: str) -> dict:
    rating = {"@type": "Rating", "alternateName": verdict}
    if verdict in RATED:
        rating.update(
            ratingValue=RATED[verdict], bestRating=max(RATED.values()), worstRating=min(RATED.values())
        )
    return rating


def review_body(r) -> str:
    """What we found, the headline reading where facts are disputed, and the verdict under the others."""
    text = what_we_found(r)
    if r.reading:
        text += f" Rated {getattr(r, 'checked', r.computed)} {r.reading}"
        text += "".join(f"; {x.verdict} {x.label}" for x in r.readings) + "."
    return text


def claim_reviews(
    assessed: pd.DataFrame, article: Article, data: Dataset, base_url: str = "", in_page: bool = True
) -> dict:
    """A JSON-LD document (@graph of ClaimReview) for the claims that have a check. `base_url` is the
    report page's address. Without one, the copy in the page links each review to its claim by anchor
    ('#c21', which resolves there) and the separate file gives no url rather than one that does not
    resolve. `datePublished` is the day the claim's current verdict was first published (the
    fact-check's first publication, or the correction that set it); none before publication."""
    linked = bool(base_url) or in_page
    author = {"@type": "Organization", "name": REVIEWER}
    if linked:
        author["url"] = f"{base_url}#about"
    log = corrections.read(data)
    graph = []
    for r in assessed[assessed["computed"] != OPINION].itertuples():
        review = {"@type": "ClaimReview"}
        if linked:
            review |= {"@id": f"{base_url}#{r.claim_id}", "url": f"{base_url}#{r.claim_id}"}
        when = corrections.verdict_first_published(log, article, r.claim_id)
        graph.append(
            review
            | {
                "claimReviewed": r.claim,
                "reviewBody": review_body(r),
                **({"datePublished": f"{when:%Y-%m-%d}"} if when is not None else {}),
                "author": author,
                "reviewRating": _rating(r.computed),
                "itemReviewed": {
                    "@type": "Claim",
                    "author": (
                        {"@type": "Person", "name": article.author}
                        if article.signed
                        else {"@type": "Organization", "name": article.outlet}
                    ),
                    "datePublished": f"{article.date_published:%Y-%m-%d}",
                    "appearance": {
                        "@type": "OpinionNewsArticle",
                        "url": article.url,
                        "headline": article.title,
                        "datePublished": f"{article.date_published:%Y-%m-%d}",
                        "publisher": {"@type": "Organization", "name": article.outlet},
                    },
                    "text": r.quote,
                },
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
