"""What a notebook opens first: validated data and parameters, and a place for its figures."""

from dataclasses import dataclass
from pathlib import Path

from . import params as params_mod
from . import tables
from .figures import FigureBook
from .paths import FIGURES_DIR
from .register import Article, read_article


@dataclass
class Report:
    data: tables.Dataset
    params: params_mod.ReportParams
    figs: FigureBook
    article: Article | None

    @property
    def country(self) -> params_mod.Country:
        return self.params.country

    @property
    def article_applies(self) -> bool:
        """The article is about one state; its claims are checked only in that state's report."""
        return self.article is not None and self.article.subject_iso3 == self.country.iso3


def open_report(
    country: str,
    organisations: str,
    period_start: str,
    period_end: str | None,
    as_of: str,
    *,
    article: str = "",
    data_dir: str | None = None,
    figures_dir: str | None = None,
    tables_needed: tuple[str, ...] = (),
    figure_prefix: str = "fig",
) -> Report:
    """Load (and validate) the tables the notebook needs, check the parameters, set up figures.

    Raises DataError or ParameterError with a message that says what to fix."""
    data = tables.load(data_dir or None, tables_needed)
    p = params_mod.resolve(data, country, organisations, period_start, period_end or None, as_of)
    out = Path(figures_dir) if figures_dir else FIGURES_DIR / p.country.slug
    # only a notebook that reads the articles table reads the article (and the cache keys on it)
    art = read_article(data, article) if article and "articles" in tables_needed else None
    return Report(data, p, FigureBook(out, figure_prefix), art)
