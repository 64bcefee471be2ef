"""What a notebook opens first: validated data and parameters, the article, and a place for figures.

A notebook run outside the build (JupyterLab, papermill by hand) writes its figures to a scratch
folder, so it can never overwrite the figures of a built report; the build passes `figures_dir`.
"""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..claims.article import Article, read_article
from ..data import load
from ..pipeline import params as params_mod
from .figures import FigureBook


@dataclass
class Report:
    data: load.Dataset
    params: params_mod.ReportParams
    figs: FigureBook
    article: Article

    @property
    def country(self) -> params_mod.Country:
        return self.params.country

    @property
    def article_applies(self) -> bool:
        """The article is about one state; its claims are checked only in that state's report."""
        return self.article.subject_iso3 == self.country.iso3


def open_report(
    country: str,
    organisations: str,
    period_start: str,
    period_end: str | None,
    as_of: str | None,
    article: str,
    *,
    data_dir: str | None = None,
    figures_dir: str | None = None,
    trusted_data: str | None = None,
    tables_needed: tuple[str, ...] = (),
    figure_prefix: str = "fig",
) -> Report:
    """Load (and validate) the tables the notebook needs, check the parameters, set up figures.

    Raises DataError or ParameterError with a message that says what to fix."""
    data = load.load(data_dir or None, (*tables_needed, "articles"), trusted_fingerprint=trusted_data)
    art = read_article(data, article)
    p = params_mod.resolve(
        data, country, organisations, period_start, period_end or None, as_of, art.date_published
    )
    out = Path(figures_dir) if figures_dir else Path(tempfile.mkdtemp(prefix="cicasco-figures-"))
    return Report(data, p, FigureBook(out, figure_prefix), art)
