"""The report's parameters: resolve and validate them once, failing early with what is allowed."""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..data.ids import slugify
from ..data.load import Dataset
from ..data.rules import latest_today
from ..data.vocab import FIRST_YEAR, ORGANISATIONS
from ..errors import ParameterError


@dataclass(frozen=True)
class Country:
    name: str
    iso3: str

    @property
    def slug(self) -> str:
        """The folder name: the English short name in lower-case ASCII with hyphens ('kazakhstan',
        'turkiye'), or the ISO3 code where the name has no Latin letters."""
        return slugify(self.name) or self.iso3.lower()


@dataclass(frozen=True)
class ReportParams:
    country: Country
    organisations: tuple[str, ...]
    period_start: pd.Timestamp
    period_end: pd.Timestamp
    as_of: pd.Timestamp

    as_of_reason: str = ""  # why this assessment date: the article's date, or given


def member_states(data: Dataset) -> list[Country]:
    """Every state that is a full member of either organisation, by name."""
    members = data.members[data.members["status"] == "member"]
    unique = members.drop_duplicates("iso3").sort_values("country")
    return [Country(r.country, r.iso3) for r in unique.itertuples()]


def resolve_country(data: Dataset, value: str) -> Country:
    states = member_states(data)
    wanted = str(value).strip().casefold()
    for c in states:
        if wanted in (c.name.casefold(), c.iso3.casefold(), c.slug):
            return c
    valid = ", ".join(f"{c.name} ({c.iso3})" for c in states)
    raise ParameterError(
        f"parameter country: {value!r} is not a member state of the SCO or CICA; valid: {valid}"
    )


def _date(name: str, value, default: pd.Timestamp | None = None) -> pd.Timestamp:
    if value in (None, "") and default is not None:
        return default
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise ParameterError(f"parameter {name}: {value!r} is not a date (expected YYYY-MM-DD)") from None
    if day.year < FIRST_YEAR:  # year 1 was accepted, then written '1-01-01' and refused by a notebook
        raise ParameterError(
            f"parameter {name}: {value!r} is before {FIRST_YEAR}, earlier than any date the data can hold; "
            f"valid: a date from {FIRST_YEAR}-01-01"
        )
    return pd.Timestamp(day)


def resolve(
    data: Dataset,
    country: str,
    organisations: str | list[str] = "SCO,CICA",
    period_start: str = "1992-01-01",
    period_end: str | None = None,
    as_of: str | None = None,
    article_date: pd.Timestamp | None = None,
    today: date | None = None,
) -> ReportParams:
    """Check every parameter and return them typed; the first bad one raises ParameterError. An empty
    `as_of` means the article's publication date, `article_date`."""
    c = resolve_country(data, country)
    orgs = organisations.split(",") if isinstance(organisations, str) else list(organisations)
    orgs = [o.strip().upper() for o in orgs if o.strip()]
    bad = [o for o in orgs if o not in ORGANISATIONS]
    if bad or not orgs:
        raise ParameterError(
            f"parameter organisations: {organisations!r} is not allowed; "
            f"valid: any of {', '.join(ORGANISATIONS)}, comma-separated"
        )
    start = _date("period_start", period_start)
    end = _date("period_end", period_end, default=data.as_of)
    if end < start and period_end in (None, ""):  # the user gave only the start: blame it
        raise ParameterError(
            f"parameter period_start: {start:%Y-%m-%d} is after the latest date the data covers; "
            f"valid: a date up to {end:%Y-%m-%d}"
        )
    if end < start:
        raise ParameterError(
            f"parameter period_end: {end:%Y-%m-%d} is before period_start {start:%Y-%m-%d}; "
            "the period must run forwards"
        )
    today_ts = pd.Timestamp(today) if today else latest_today()  # the same day for every TZ
    # one asked for (the default is the data's own end): the charts would stretch their time axis to it
    # (9999: every term one line)
    if period_end not in (None, "") and end > today_ts:
        raise ParameterError(
            f"parameter period_end: {end:%Y-%m-%d} is in the future; valid: a date up to {today_ts:%Y-%m-%d}"
        )
    if as_of in (None, "") and article_date is None:
        raise ParameterError(
            "parameter as_of: no date given and no article to take one from; valid: YYYY-MM-DD"
        )
    assessed = _date("as_of", as_of, default=article_date)
    reason = "the article's publication date" if as_of in (None, "") else "the date asked for"
    if assessed > today_ts:
        raise ParameterError(
            f"parameter as_of: {assessed:%Y-%m-%d} is in the future; valid: a date up to {today_ts:%Y-%m-%d}"
        )
    if as_of not in (None, "") and assessed < start:
        raise ParameterError(
            f"parameter as_of: {assessed:%Y-%m-%d} is before period_start {start:%Y-%m-%d}; "
            f"valid: a date from {start:%Y-%m-%d} to {today_ts:%Y-%m-%d}"
        )
    ordered = tuple(o for o in ORGANISATIONS if o in orgs)
    _period_holds_terms(data, ordered, end)
    return ReportParams(c, ordered, start, end, assessed, reason)


def _period_holds_terms(data: Dataset, organisations: tuple[str, ...], end: pd.Timestamp) -> None:
    """A period that ends before the organisations' first chair term has nothing to count or chart:
    stopped here, naming the first date that works, rather than in a notebook's chart."""
    terms = data.chairmanships
    if terms is None:  # loaded without the terms (a notebook that does not read them)
        return
    first = terms.loc[terms["organisation"].isin(organisations), "term_start"].min()
    if pd.notna(first) and end < first:
        raise ParameterError(
            f"parameter period_end: {end:%Y-%m-%d} is before the first chair term of "
            f"{' or '.join(organisations)} in the data ({first:%Y-%m-%d}); "
            f"valid: a period that ends on or after {first:%Y-%m-%d}"
        )
