"""The index across articles, report/index.html: every article with its verdict counts and a link to its
report, and the claims that recur across articles with their verdicts side by side.

Computed from the data and the claims files (each register decided by `claims.assess`), never from built
reports: it lists every article of the data, built or not, and gives the same bytes for the same inputs.
Written atomically; a stamp in the build cache records the inputs the page on disk came from, so an
unchanged `cicasco build` skips it. No heavy import at module level: the build's fast path calls `write`.
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

MEETING_WORDS = {
    "heads_of_state": "summit",
    "heads_of_government": "heads-of-government meeting",
    "foreign_ministers": "foreign ministers' meeting",
    "other": "meeting",
}


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


@dataclass(frozen=True)
class Appearance:
    """One claim of a recurring group."""

    article: str  # 'The Nation, 12 December 2023'
    claim: str  # 'Claim 26'
    text: str  # the claim in plain words
    link: str  # the claim's card in the article's report
    verdict: str  # as of the article's assessment date
    verdict_latest: str  # on the latest data


@dataclass(frozen=True)
class Recurring:
    """Claims of two or more articles that rest on the same records."""

    about: str  # what the records are, in words
    claims: tuple[Appearance, ...]


# --- what a claim rests on ---------------------------------------------------------------------------


def _describe(data, table: str, r) -> str:
    """A data row in words, for a reader: never an id, a column name or a code."""
    import pandas as pd

    from ..claims.checks.base import name
    from .text import day

    if table == "chairmanships":
        end = "the present" if pd.isna(r.term_end) else day(r.term_end)
        return f"{r.country}'s chairmanship of the {r.organisation}, {day(r.term_start)} to {end}"
    if table == "meetings":
        where = f" in {r.city}" if r.city else ""
        return f"the {r.organisation} {MEETING_WORDS.get(r.kind, 'meeting')}{where}, {day(r.start_date)}"
    if table == "members":
        return f"{r.country}'s membership of the {r.organisation}"
    if table in ("events", "initiatives"):
        return str(r.name)
    if table == "statements":
        return f"the statement by {r.actor} ({r.occasion})"
    if table == "quantities":
        return f"{r.measure} ({day(r.date)})"
    if table == "themes":
        return f"the theme of {name(data, r.iso3)}'s {r.organisation} chairmanship from {r.term_start_year}"
    return table


def rests_on(data, check: str, args: dict, said_on) -> tuple[tuple, str]:
    """What a claim's check rests on: (key, words). The key is the set of data rows the check reads on
    the latest data (so it does not depend on any article's date); where the check finds no row, the
    check and its arguments. Two claims with the same key are about the same facts."""
    from ..claims import assess

    result = assess._run(check, data, data.as_of, args, said_on)
    rows: dict[tuple[str, int], object] = {}
    for table, df in result.rows:
        for i, r in zip(df.index, df.itertuples(), strict=True):
            rows.setdefault((table, int(i)), r)
    if not rows:
        return ("check", check, json.dumps(args, sort_keys=True)), ""
    words = "; ".join(_all_words(data, rows))
    return ("rows", *sorted(rows)), words[:1].upper() + words[1:]


def _all_words(data, rows: dict) -> list[str]:
    """The rows in words, in table order; several chair terms of one state read as one list of years."""
    import pandas as pd

    terms: dict[tuple[str, str], list[str]] = {}
    words = []
    chair_rows = [r for (t, _), r in rows.items() if t == "chairmanships"]
    for (table, _), r in sorted(rows.items()):
        if table == "chairmanships" and len(chair_rows) > 1:
            span = f"{r.term_start:%Y}–" + ("" if pd.isna(r.term_end) else f"{r.term_end:%y}")
            if (r.country, r.organisation) not in terms:
                words.append((r.country, r.organisation))
            terms.setdefault((r.country, r.organisation), []).append(span)
        else:
            words.append(_describe(data, table, r))
    out = [
        f"{w[0]}'s chair terms of the {w[1]}: {', '.join(terms[w])}" if isinstance(w, tuple) else w
        for w in words
    ]
    return list(dict.fromkeys(out))


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
    base = Path("out")
    folder, _ = cache.folders(Options(article=article_id, out_root=base), country.slug)
    return (folder.relative_to(base / "report") / "report.html").as_posix()


def contents(data, as_of: str | None = None) -> tuple[list[Entry], list[Recurring]]:
    """Every article of the data, decided as of `as_of` (default: each article's publication date), and
    the groups of claims from two or more articles that rest on the same records, in the order of the
    articles table and then of each claims file."""
    from ..claims import assess
    from ..claims.article import read_article
    from ..claims.register import load_claims
    from ..data.vocab import OPINION, VERDICTS
    from .text import day

    asked = _as_of(as_of)
    entries, groups, about = [], {}, {}
    for article_id in data.articles["article_id"]:
        art = read_article(data, article_id)
        when = art.date_published if asked is None else asked
        decided = assess.assess(data, load_claims(data, art), when, said_on=art.date_published)
        counts = decided["computed"].value_counts()
        link = report_link(data, art.article_id, art.subject_iso3)
        entries.append(
            Entry(
                art.title,
                art.outlet,
                day(art.date_published),
                day(when),
                {v: int(counts.get(v, 0)) for v in VERDICTS},
                len(decided),
                link,
            )
        )
        for r in decided[decided["computed"] != OPINION].itertuples():
            key, words = rests_on(data, r.check, r.args, art.date_published)
            about.setdefault(key, words or r.claim)
            groups.setdefault(key, []).append(
                (
                    article_id,
                    Appearance(
                        f"{art.outlet}, {day(art.date_published)}",
                        f"Claim {r.claim_id.lstrip('c')}",
                        r.claim,
                        f"{link}#{r.claim_id}",
                        r.computed,
                        r.computed_latest,
                    ),
                )
            )
    recurring = [
        Recurring(about[k], tuple(a for _, a in g))
        for k, g in groups.items()
        if len({article_id for article_id, _ in g}) > 1
    ]
    return entries, recurring


def page(data_dir: Path | None = None, as_of: str | None = None) -> str:
    """The index page, from the data folder."""
    import jinja2
    from markupsafe import Markup

    from ..data import load
    from .text import day

    data = load.load(data_dir)
    entries, recurring = contents(data, as_of)

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
        recurring=recurring,
        verdicts=list(entries[0].counts) if entries else [],
        data_end=day(data.as_of),
        css=Markup(asset("report.css")),
    )


# --- writing it --------------------------------------------------------------------------------------


def _key(data_dir: Path, as_of: str | None) -> str:
    """A digest of what the page is made from: the data files, the package's code and assets, `as_of`."""
    h = hashlib.sha256(json.dumps({"index": INDEX, "as_of": as_of or None}).encode())
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
    stamp = opts.cache / "index" / _key(opts.data, as_of)
    if not force and _written_from(stamp, target):
        return target, False
    text = page(data_dir, as_of).encode("utf-8")
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
