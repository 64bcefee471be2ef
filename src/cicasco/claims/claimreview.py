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
from .article import Article

REVIEWER = "CICA–SCO fact-check register"


def _rating(verdict: str) -> dict:
    rating = {"@type": "Rating", "alternateName": verdict}
    if verdict in RATED:
        rating.update(
            ratingValue=RATED[verdict], bestRating=max(RATED.values()), worstRating=min(RATED.values())
        )
    return rating


def review_body(r) -> str:
    """The finding, the headline reading where facts are disputed, and the verdict under the others."""
    text = r.finding
    if r.reading:
        text += f" Rated {r.computed} {r.reading}"
        text += "".join(f"; {x.verdict} {x.label}" for x in r.readings) + "."
    return text


def claim_reviews(assessed: pd.DataFrame, article: Article, data: Dataset, base_url: str = "") -> dict:
    """A JSON-LD document (@graph of ClaimReview) for the claims that have a check. `base_url` is the
    report page's address; empty gives relative urls ('#c21'), which resolve inside the page."""
    published = f"{data.as_of:%Y-%m-%d}"
    author = {"@type": "Organization", "name": REVIEWER, "url": f"{base_url}#about"}
    graph = []
    for r in assessed[assessed["computed"] != OPINION].itertuples():
        graph.append(
            {
                "@type": "ClaimReview",
                "@id": f"{base_url}#{r.claim_id}",
                "url": f"{base_url}#{r.claim_id}",
                "claimReviewed": r.claim,
                "reviewBody": review_body(r),
                "datePublished": published,
                "author": author,
                "reviewRating": _rating(r.computed),
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Person", "name": article.author},
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
