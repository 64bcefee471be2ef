"""The register as schema.org ClaimReview JSON-LD, one ClaimReview per checkable claim."""

import json

import pandas as pd

from .register import Article

# Numeric scale (worst 1, best 3) for the verdicts that have a place on it. 'unverifiable' has none: it
# keeps its alternateName and leaves ratingValue out rather than inventing a number.
RATING = {"inaccurate": 1, "partly accurate": 2, "accurate": 3}
REVIEWER = {"@type": "Organization", "name": "cicasco fact-check register"}


def claim_reviews(
    assessed: pd.DataFrame, article: Article, date_reviewed: pd.Timestamp, report_url: str = ""
) -> dict:
    """A JSON-LD document (@graph of ClaimReview) for the claims that have a check."""
    graph = []
    for r in assessed[assessed["check"] != ""].itertuples():
        rating = {"@type": "Rating", "alternateName": r.computed, "bestRating": 3, "worstRating": 1}
        if r.computed in RATING:
            rating["ratingValue"] = RATING[r.computed]
        review = {
            "@type": "ClaimReview",
            "@id": f"#{r.claim_id}",
            "claimReviewed": r.claim,
            "reviewBody": r.finding,
            "datePublished": f"{date_reviewed:%Y-%m-%d}",
            "author": REVIEWER,
            "reviewRating": rating,
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
        if report_url:
            review["url"] = f"{report_url}#{r.claim_id}"
        graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
