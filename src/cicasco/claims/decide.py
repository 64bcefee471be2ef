"""An article's register, decided: what a notebook or the build calls to get the verdicts."""

import pandas as pd

from ..data.load import Dataset
from . import assess
from .article import Article
from .register import load_claims


def decide(data: Dataset, article: Article, as_of: pd.Timestamp, validate: bool = True) -> pd.DataFrame:
    """The article's claims, validated, with their computed verdicts as of `as_of` and on the latest
    data; durations are measured to the article's publication date."""
    return assess.assess(
        data, load_claims(data, article, validate=validate), as_of, said_on=article.date_published
    )
