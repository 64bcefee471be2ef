"""The index across articles, report/index.html: every article, newest first, with its verdict counts
and a link to its report where that report has been built, and the claims of different articles that
state the same fact (`facts`) with their verdicts side by side.

The articles and their verdicts are computed from the data and the claims files (each register decided by
`claims.assess`), never from built reports: it lists every article of the data, built or not. A title
links to its report only where that report is in the output folder; the others say their report is not
published there. The same inputs and the same built reports give the same bytes. Written atomically; a
stamp in the build cache records the inputs the page on disk came from (the built reports included), so
an unchanged `cicasco build` skips it. No heavy import at module level: the build's fast path calls
`write`.
"""

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..data.digest import hash_files
from ..pipeline import cache
from ..pipeline.options import Options

INDEX = "index.html"


@dataclass(frozen=True)
class Entry:
    """One article as the index lists it."""

    title: str
    outlet: str
    published: str  # in words: '12 December 2023'
    as_of: str  # the assessment date, in words
    counts: dict  # verdict -> number of claims, in the order of the rating scale
    n_claims: int
    link: str  # the article's report, relative to the index
    built: bool = False  # whether that report is in the output folder: the title links to it only then


@dataclass(frozen=True)
class Appearance:
    """One claim of a recurring group."""

    article: str  # 'The Nation, 12 December 2023'
    claim: str  # 'Claim 26'
    text: str  # the claim in plain words
    link: str  # the claim's card in the article's report
    verdict: str  # as of the article's assessment date
    verdict_latest: str  # on the latest data
    built: bool = False  # whether the article's report is built: the claim links to its card only then


@dataclass(frozen=True)
class Recurring:
    """Claims of two or more articles that state the same fact."""

    about: str  # the fact, in words
    claims: tuple[Appearance, ...]


# --- the page's content ------------------------------------------------------------------------------


def _as_of(value: str | None):
    """The assessment date asked for, or None for each article's own publication date."""
    import datetime

    import pandas as pd

    from ..errors import ParameterError

    if not value:
        return None
    try:
        return pd.Timestamp(datetime.date.fromisoformat(str(value)))
    except ValueError:
        raise ParameterError(f"parameter as_of: {value!r} is not a date (expected YYYY-MM-DD)") from None


def report_link(data, article_id: str, subject_iso3: str) -> str:
    """The article's report, relative to report/: the report on the article's subject (where its claims
    are rated), or on the default country when the subject is not a member state."""
    from ..pipeline import outline
    from ..pipeline.params import member_states, resolve_country

    country = next((c for c in member_states(data) if c.iso3 == subject_iso3), None)
    country = country or resolve_country(data, outline.default("country"))
    opts = Options(article=article_id, out_root=Path("/out"))
    folder, _ = cache.folders(opts, country.slug)
    return (folder.relative_to(opts.out / "report") / "report.html").as_posix()


def _by_date(data) -> list[str]:
    """The articles' ids, newest first by publication date; articles of one day in the table's order."""
    arts = data.articles
    order = sorted(range(len(arts)), key=lambda i: arts["date_published"].iloc[i], reverse=True)
    return [arts["article_id"].iloc[i] for i in order]


def contents(
    data, as_of: str | None = None, built_in: Path | None = None
) -> tuple[list[Entry], list[Recurring]]:
    """Every article of the data, newest first, decided as of `as_of` (default: each article's
    publication date), and the groups of claims from two or more articles that state the same fact, in
    the order they first appear. `built_in` is the folder the reports are written to (report/): a link
    is given only to a report found there."""
    from ..claims import assess
    from ..claims.article import read_article
    from ..claims.register import load_claims
    from ..data.vocab import OPINION, VERDICTS
    from .facts import facts
    from .text import day

    asked = _as_of(as_of)
    entries, groups, about = [], {}, {}
    for article_id in _by_date(data):
        art = read_article(data, article_id)
        when = art.date_published if asked is None else asked
        decided = assess.assess(data, load_claims(data, art), when, said_on=art.date_published)
        counts = decided["computed"].value_counts()
        link = report_link(data, art.article_id, art.subject_iso3)
        built = built_in is not None and (built_in / link).is_file()
        entries.append(
            Entry(
                art.title,
                art.outlet,
                day(art.date_published),
                day(when),
                {v: int(counts.get(v, 0)) for v in VERDICTS},
                len(decided),
                link,
                built,
            )
        )
        for r in decided[decided["computed"] != OPINION].itertuples():
            seen = Appearance(
                f"{art.outlet}, {day(art.date_published)}",
                f"Claim {r.claim_id.lstrip('c')}",
                r.claim,
                f"{link}#{r.claim_id}",
                r.computed,
                r.computed_latest,
                built,
            )
            for key, words in facts(data, r.check, r.args, art.date_published):
                about.setdefault(key, words or r.claim)
                groups.setdefault(key, []).append((article_id, seen))
    recurring = [
        Recurring(about[k], tuple(a for _, a in g))
        for k, g in groups.items()
        if len({article_id for article_id, _ in g}) > 1
    ]
    return entries, recurring


def page(data_dir: Path | None = None, as_of: str | None = None, built_in: Path | None = None) -> str:
    """The index page, from the data folder; linking the reports found in `built_in` (report/)."""
    import jinja2
    from markupsafe import Markup

    from ..data import load
    from .text import day

    data = load.load(data_dir)
    entries, recurring = contents(data, as_of, built_in)

    def asset(name: str) -> str:
        return resources.files("cicasco.report.assets").joinpath(name).read_text(encoding="utf-8")

    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    asked = _as_of(as_of)
    assessed = (
        "Each article's claims are assessed as of the day it was published."
        if asked is None
        else f"Every article's claims are assessed as of {day(asked)}, the date asked for."
    )
    return env.from_string(asset("index.html.j2")).render(
        assessed=assessed,
        entries=entries,
        unbuilt=sum(not e.built for e in entries),
        recurring=recurring,
        verdicts=list(entries[0].counts) if entries else [],
        data_end=day(data.as_of),
        css=Markup(asset("report.css")),
    )


# --- writing it --------------------------------------------------------------------------------------


def built_reports(report_root: Path) -> list[str]:
    """The reports in the output folder (report/), relative to it: what the index may link to. Staging
    and failed builds (folders starting with a dot) are not reports."""
    found = (
        [p.relative_to(report_root) for p in report_root.rglob("report.html")] if report_root.is_dir() else []
    )
    return sorted(p.as_posix() for p in found if not any(part.startswith(".") for part in p.parts))


def _key(data_dir: Path, as_of: str | None, built: list[str]) -> str:
    """A digest of what the page is made from: the data files, the package's code and assets, `as_of`
    and the reports built."""
    h = hashlib.sha256(json.dumps({"index": INDEX, "as_of": as_of or None, "built": built}).encode())
    hash_files(h, [p for p in data_dir.rglob("*") if p.is_file()], base=data_dir)
    hash_files(h, cache.code_files())
    return h.hexdigest()[:24]


def write(
    out_root: Path | None = None,
    data_dir: Path | None = None,
    as_of: str | None = None,
    cache_dir: Path | None = None,
    force: bool = False,
) -> tuple[Path, bool]:
    """Write <out>/report/index.html unless the file there was written from exactly these inputs.
    Returns (the file, whether it was written). Raises DataError or ParameterError like a build."""
    opts = Options(out_root=out_root, data_dir=data_dir, cache_dir=cache_dir)
    target = opts.out / "report" / INDEX
    stamp = opts.cache / "index" / _key(opts.data, as_of, built_reports(target.parent))
    if not force and _written_from(stamp, target):
        return target, False
    text = page(data_dir, as_of, target.parent).encode("utf-8")
    _replace(target, text)
    _replace(stamp, (hashlib.sha256(text).hexdigest() + "\n").encode())
    return target, True


def _written_from(stamp: Path, target: Path) -> bool:
    """Whether `target` is the page the stamp's inputs gave (a deleted or edited page is rewritten)."""
    if not (stamp.is_file() and target.is_file()):
        return False
    return stamp.read_text(encoding="utf-8").strip() == hashlib.sha256(target.read_bytes()).hexdigest()


def _replace(target: Path, content: bytes) -> None:
    """Write `content` to a temporary file beside `target`, then rename it over `target`: a reader sees
    the old file or the new one, never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
