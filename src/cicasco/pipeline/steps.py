"""The steps of a build, each a function the orchestrator (build.py) calls in order."""

import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd

from ..claims import assess, claimreview, corrections
from ..claims.article import Article, read_article
from ..claims.register import load_claims
from ..data import load
from ..data.digest import fingerprint
from ..errors import DataError
from ..report import png, render
from . import cache, outline, runner
from .options import Options
from .params import ReportParams, resolve


@dataclass
class Plan:
    """What one build will make, worked out before anything runs."""

    opts: Options
    data: load.Dataset
    params: ReportParams
    article: Article
    assessed: pd.DataFrame
    sections: list[outline.Section]
    report_dir: Path
    figures_dir: Path
    fingerprint: str
    key: str

    @property
    def applies(self) -> bool:
        return self.article.subject_iso3 == self.params.country.iso3


def plan(opts: Options) -> Plan:
    """Validate every input and decide the register; nothing is written."""
    data = load.load(opts.data_dir, remember=True)  # a batch validates its data folder once
    article = read_article(data, opts.article)
    p = resolve(
        data,
        opts.country,
        opts.organisations,
        opts.period_start,
        opts.period_end,
        opts.as_of,
        article.date_published,
    )
    digest = fingerprint(data.data_dir)
    assessed = _assessed(data, article, p.as_of, digest)
    applies = article.subject_iso3 == p.country.iso3
    sections = [s for s in outline.sections() if applies or not s.only_for_subject]
    report_dir, figures_dir = cache.folders(opts, p.country.slug)
    return Plan(
        opts, data, p, article, assessed, sections, report_dir, figures_dir, digest, cache.report_key(opts)
    )


# (data folder, its fingerprint, article, as-of day) -> the assessed claims: a batch's worker checks an
# article's claims once, not once for each of its reports (6% of a batch's CPU time, `make bench`)
_ASSESSED: dict[tuple, pd.DataFrame] = {}


def _assessed(data: load.Dataset, article: Article, as_of: pd.Timestamp, digest: str) -> pd.DataFrame:
    """The article's claims, validated and assessed as of `as_of` (see assess.assess)."""
    key = (str(Path(data.data_dir).resolve()), digest, article.article_id, as_of)
    if key not in _ASSESSED:
        if len(_ASSESSED) >= 8:  # a long preview session sees many versions of the data: keep few
            _ASSESSED.clear()
        claims = load_claims(data, article)
        unknown = corrections.unknown_claims(data, article, claims)
        if unknown:  # a correction linked to a claim the page does not show
            raise DataError(unknown)
        _ASSESSED[key] = assess.assess(data, claims, as_of, said_on=article.date_published)
    return _ASSESSED[key].copy()


def notebook_parameters(plan: Plan) -> dict:
    """The parameters every notebook gets (the machine-local ones are scrubbed from executed copies)."""
    p = plan.params
    return {
        "country": p.country.name,
        "organisations": ",".join(p.organisations),
        "period_start": f"{p.period_start:%Y-%m-%d}",
        "period_end": plan.opts.period_end or None,
        "as_of": plan.opts.as_of or None,  # None: each notebook takes the article's date, and says so
        "article": plan.opts.article,
        "data_dir": str(plan.opts.data_dir) if plan.opts.data_dir else None,
        "trusted_data": plan.fingerprint,
    }


def _inputs(plan: Plan, section: outline.Section) -> list[Path]:
    # A notebook reads the sources table only for the date the data ends (in its key instead, see
    # run_notebook); citations are numbered on the finished page. So a new or corrected source re-runs
    # no notebook, unless it moves that date.
    tables = [t for t in section.tables if t != "sources"]
    files = [plan.data.data_dir / load.TABLE_FILES[t] for t in tables] + [plan.article.text_file]
    if section.article:
        files.append(plan.article.claims_file)
    return files


def run_notebook(plan: Plan, section: outline.Section, notebooks: Path, figures: Path) -> str:
    """Execute one section (or copy it from the cache) into the staging folders; 'executed' or 'cached'."""
    params = notebook_parameters(plan)
    shared = {k: v for k, v in params.items() if k not in runner.LOCAL_PARAMETERS}
    shared["data_ends"] = str(plan.data.as_of.date())  # all a notebook takes from the sources table
    hit = plan.opts.cache / "notebooks" / cache.notebook_key(section, shared, _inputs(plan, section))
    out_nb = notebooks / section.notebook
    if hit.is_dir() and not plan.opts.force:
        shutil.copyfile(hit / section.notebook, out_nb)
        for f in sorted((hit / "figures").iterdir()):
            shutil.copyfile(f, figures / f.name)
        return "cached"
    hit.parent.mkdir(parents=True, exist_ok=True)
    # beside its final place (atomic rename); named by pid, so a killed build's is found (cache.clear_abandoned)
    entry = Path(tempfile.mkdtemp(prefix=f"{cache.TMP_PREFIX}{os.getpid()}-", dir=hit.parent))
    (entry / "figures").mkdir()
    pool = plan.opts.kernels
    km = None
    try:
        km = pool.take() if pool else None
        failed = plan.opts.out / "report" / ".failed" / plan.params.country.slug
        runner.execute(
            section, dict(params, figures_dir=str(entry / "figures")), out_nb, failed, plan.opts.timeout, km
        )
        png.add_pngs(entry / "figures")  # drawn here from the notebook's SVGs, and cached with them
    except BaseException:  # failed, timed out or stopped: no unfinished entry is left in the cache
        shutil.rmtree(entry, ignore_errors=True)
        raise
    finally:
        if pool:
            pool.release(km)
    shutil.copyfile(out_nb, entry / section.notebook)
    for f in sorted((entry / "figures").iterdir()):
        shutil.copyfile(f, figures / f.name)
    try:
        entry.rename(hit)
    except OSError:  # another build stored the same result first: it has the same bytes
        shutil.rmtree(entry, ignore_errors=True)
    return "executed"


def run_notebooks(plan: Plan, report: Path, figures: Path) -> list[str]:
    """Every section, in parallel (a thread per notebook, each with its own kernel)."""
    (report / "notebooks").mkdir(parents=True, exist_ok=True)
    warm = threading.Thread(target=render.warm_up, daemon=True)
    warm.start()
    workers = min(plan.opts.jobs or os.cpu_count() or 1, len(plan.sections))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = list(
            pool.map(lambda s: run_notebook(plan, s, report / "notebooks", figures), plan.sections)
        )
    warm.join()
    return outcomes


def render_outputs(plan: Plan, report: Path) -> float | None:
    """The HTML page, the PDF and the ClaimReview JSON-LD, from the executed notebooks; the seconds
    the PDF took to typeset (None if none was asked for)."""
    executed = [
        (s.name, nbformat.read(report / "notebooks" / s.notebook, as_version=4)) for s in plan.sections
    ]
    reviews = (
        claimreview.claim_reviews(plan.assessed, plan.article, plan.data, plan.opts.base_url)
        if plan.applies
        else None
    )
    page = render.page(executed, render.Front.of(plan), reviews)
    (report / "report.html").write_text(page, encoding="utf-8")
    typeset = None
    if plan.opts.pdf:
        start = time.perf_counter()
        render.write_pdf(page, report / "report.pdf")
        typeset = time.perf_counter() - start
    if reviews is not None:
        own = claimreview.claim_reviews(
            plan.assessed, plan.article, plan.data, plan.opts.base_url, in_page=False
        )
        (report / "claims.jsonld").write_text(claimreview.dumps(own), encoding="utf-8")
    return typeset
