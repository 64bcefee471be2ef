"""Building reports from the command line: one report, or many (`--country all`, a list, or
`--article all`) in a pool of worker processes whose kernels are forked from one server."""

import argparse
import contextlib
import os
import statistics
import sys
import time
from concurrent.futures import as_completed

from ..errors import ParameterError, ReportError
from . import cache, forked_kernels, kernels, lifetime
from .options import Options


def options(a: argparse.Namespace, country: str | None = None, article: str | None = None) -> Options:
    return Options(
        country=country or a.country,
        organisations=a.organisations,
        period_start=a.period_start,
        period_end=a.period_end or None,
        as_of=a.as_of or None,
        article=article or a.article,
        data_dir=a.data_dir,
        out_root=a.out,
        force=a.force,
        jobs=a.jobs,
        cache_dir=a.cache_dir,
        timeout=a.timeout,
        base_url=a.base_url,
    )


def report_one(opts: Options):
    """Build one report, with warm kernels started before the heavy imports (see kernels.py).
    Returns just the folder, having imported nothing heavy, when the report is already up to date.

    Its kernels are forked (forked_kernels.py): in a batch from the batch's server, on its own from a
    server of its own, which imports once while the build imports and plans, where three ordinary
    kernels would each import the same on 2 cores (`make bench`: a fifth of a clean build's CPU)."""
    done = cache.up_to_date(opts)
    if done:
        return done
    from .kernels import KernelPool

    n = cache.notebooks_to_run(opts)
    own = bool(n) and not kernels.SPECS and forked_kernels.available()
    with forked_kernels.ForkServer() if own else contextlib.nullcontext() as server:
        if server:
            kernels.SPECS[:] = [server.specs()]
        opts.kernels = KernelPool(n) if n else None
        try:
            from .build import build

            return build(opts)
        finally:
            if opts.kernels:
                opts.kernels.shutdown()
            if server:
                kernels.SPECS.clear()


def targets(a: argparse.Namespace) -> list[tuple[str, str]]:
    """(article, country) pairs asked for: 'all' or lists, without duplicates, in order."""
    from ..claims.article import read_article
    from ..data import load
    from .params import member_states, resolve, resolve_country

    # remembered as validated: the batch's workers, forked after this, need not validate it again
    data = load.load(a.data_dir, remember=True)
    articles = list(data.articles["article_id"]) if a.article.strip().lower() == "all" else [a.article]
    if a.country.strip().lower() == "all":
        countries = [c.name for c in member_states(data)]
    else:
        named = [c for c in a.country.split(",") if c.strip()]
        if not named:
            raise ParameterError(
                f"parameter country: {a.country!r} names no country; valid: a member state, a comma-separated list, or all"
            )
        countries = list(dict.fromkeys(resolve_country(data, c).name for c in named))
    # What every report shares is checked once, here: a bad value is one error, not one per report.
    for art in articles:
        day = read_article(data, art).date_published
        resolve(data, countries[0], a.organisations, a.period_start, a.period_end, a.as_of, day)
    return [(art, c) for art in articles for c in countries]


def build_many(a: argparse.Namespace, start: float) -> int:
    """Every report asked for; a report's failure is printed at the end and the others go on.
    Prints how many were built, and the median time a report's PDF took to typeset."""
    failed: dict[str, str] = {}
    typeset: list[float] = []
    # A process per core, each building one report at a time (its notebooks in parallel), every kernel
    # forked from one server that has imported what the notebooks import (forked_kernels.py). The
    # server imports while the data is validated here, once for the batch.
    forks = forked_kernels.ForkServer() if forked_kernels.available() else contextlib.nullcontext()
    with forks as server:
        todo = targets(a)
        kernels.SPECS[:] = [server.specs()] if server else []  # before the workers fork: they inherit it
        _in_workers(a, todo, failed, typeset)
    print(f"{len(todo) - len(failed)} of {len(todo)} reports built in {time.perf_counter() - start:.1f} s")
    if typeset:
        print(
            f"PDFs typeset: {len(typeset)}, a median {statistics.median(typeset):.2f} s each "
            f"(longest {max(typeset):.2f} s)"
        )
    for what, msg in failed.items():
        print(f"FAILED {what}: {msg}", file=sys.stderr)
    return 1 if failed else 0


def _in_workers(a, todo: list[tuple[str, str]], failed: dict[str, str], typeset: list[float]) -> None:
    from tqdm import tqdm

    with lifetime.workers(a.jobs or os.cpu_count() or 1) as pool:
        futures = {pool.submit(report_one, options(a, c, art)): f"{art} / {c}" for art, c in todo}
        for f in tqdm(
            as_completed(futures), total=len(futures), desc="reports", unit="report", file=sys.stderr
        ):
            try:
                result = f.result()
            except ReportError as e:
                failed[futures[f]] = str(e)
                continue
            if getattr(result, "pdf_seconds", None) is not None:  # None: up to date, nothing typeset
                typeset.append(result.pdf_seconds)
