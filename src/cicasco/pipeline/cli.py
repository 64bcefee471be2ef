"""Command line: what the Makefile runs. `cicasco --help` lists the commands, `cicasco build --help`
the report parameters and their defaults (from the outline)."""

import argparse
import contextlib
import os
import sys
import time
from concurrent.futures import as_completed
from pathlib import Path

from ..data import paths
from ..errors import ParameterError, ReportError
from . import arguments, cache, checkout, forked_kernels, kernels, lifetime, outline, reproducible, stopping
from .options import Options


def _options(a: argparse.Namespace, country: str | None = None, article: str | None = None) -> Options:
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


def _report_one(opts: Options):
    """Build one report, with warm kernels started before the heavy imports (see kernels.py).
    Returns just the folder, having imported nothing heavy, when the report is already up to date."""
    done = cache.up_to_date(opts)
    if done:
        return done
    from .kernels import KernelPool

    n = cache.notebooks_to_run(opts)
    opts.kernels = KernelPool(n) if n else None
    try:
        from .build import build

        return build(opts)
    finally:
        if opts.kernels:
            opts.kernels.shutdown()


def _targets(a: argparse.Namespace) -> list[tuple[str, str]]:
    """(article, country) pairs asked for: 'all' or lists, without duplicates, in order."""
    from ..claims.article import read_article
    from ..data import load
    from .params import member_states, resolve, resolve_country

    data = load.load(a.data_dir)
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


def cmd_build(a: argparse.Namespace) -> int:
    start = time.perf_counter()
    arguments.cache_outside_data(a.cache_dir, a.data_dir)
    a.jobs = arguments.cap_jobs(a.jobs)
    single = (
        a.country.strip().lower() != "all" and "," not in a.country and a.article.strip().lower() != "all"
    )
    if single:
        r = _report_one(_options(a))
        if isinstance(r, Path):  # an unchanged rebuild is answered before the heavy imports
            print(f"{paths.display_path(r)}: up to date ({time.perf_counter() - start:.2f} s)")
            return 0
        how = f"{len(r.executed)} notebook(s) executed, {len(r.cached)} from cache"
        print(f"{paths.display_path(r.report_dir)}: {how} ({time.perf_counter() - start:.1f} s)")
        print(
            f"  {paths.display_path(r.report_dir / 'report.html')}\n  {paths.display_path(r.report_dir / 'report.pdf')}"
        )
        return 0
    from tqdm import tqdm

    targets = _targets(a)
    failed: dict[str, str] = {}
    # A process per core, each building one report at a time (its notebooks in parallel), every kernel
    # forked from one server that has imported what the notebooks import (forked_kernels.py).
    forks = forked_kernels.ForkServer() if forked_kernels.available() else contextlib.nullcontext()
    with forks as server, lifetime.workers(a.jobs or os.cpu_count() or 1) as pool:
        kernels.SPECS[:] = [server.specs()] if server else []  # before the workers fork: they inherit it
        futures = {pool.submit(_report_one, _options(a, c, art)): f"{art} / {c}" for art, c in targets}
        for f in tqdm(
            as_completed(futures), total=len(futures), desc="reports", unit="report", file=sys.stderr
        ):
            try:
                f.result()
            except ReportError as e:
                failed[futures[f]] = str(e)
    print(
        f"{len(targets) - len(failed)} of {len(targets)} reports built in {time.perf_counter() - start:.1f} s"
    )
    for what, msg in failed.items():
        print(f"FAILED {what}: {msg}", file=sys.stderr)
    return 1 if failed else 0


def cmd_index(a: argparse.Namespace, force: bool = True) -> int:
    """report/index.html from the data: every article, its verdicts, the claims that recur (see index_page)."""
    from ..report import index_page

    path, written = index_page.write(a.out, a.data_dir, a.as_of or None, a.cache_dir, force)
    print(f"{paths.display_path(path)}: {'written' if written else 'up to date'}")
    return 0


def cmd_build_and_index(a: argparse.Namespace) -> int:
    code = cmd_build(a)  # the index lists every article, built or not: written even if a build failed
    return cmd_index(a, force=False) or code


def cmd_validate(a: argparse.Namespace) -> int:
    from ..data import load

    data = load.load(a.data_dir)
    print("data valid: " + ", ".join(f"{n} {len(df)}" for n, df in data.loaded().items()))
    return 0


def cmd_check(a: argparse.Namespace) -> int:
    """Validate the data and every article's register; fail on any verdict that differs from expected."""
    from . import checking

    return checking.check_articles(a.data_dir, a.article, a.as_of or None)


def cmd_countries(a: argparse.Namespace) -> int:
    from ..data import load
    from .params import member_states

    data = load.load(a.data_dir)
    m = data.members[data.members["status"] == "member"]
    for c in member_states(data):
        print(
            f"{c.iso3}  {c.slug:<22} {c.name} ({', '.join(sorted(m.loc[m['iso3'] == c.iso3, 'organisation']))})"
        )
    return 0


def cmd_export_claims(a: argparse.Namespace) -> int:
    from . import checking

    text, n = checking.claim_reviews_json(a.data_dir, a.article, a.as_of or None, a.base_url)
    if a.output == "-":
        sys.stdout.write(text)
    else:
        Path(a.output).write_text(text, encoding="utf-8")
        print(f"wrote {a.output}: {n} ClaimReview items")
    return 0


def cmd_preview(a: argparse.Namespace) -> int:
    """Serve one report on localhost, rebuilding on every save (see the preview package)."""
    if a.country.strip().lower() == "all" or "," in a.country or a.article.strip().lower() == "all":
        raise ParameterError(
            f"parameter country/article: the preview shows one report; valid: one country and one article, not {a.country!r} / {a.article!r}"
        )
    arguments.cache_outside_data(a.cache_dir, a.data_dir)
    a.jobs = arguments.cap_jobs(a.jobs)
    from . import preview

    opts = Options(
        country=a.country,
        organisations=a.organisations,
        period_start=a.period_start,
        period_end=a.period_end or None,
        as_of=a.as_of or None,
        article=a.article,
        data_dir=a.data_dir,
        cache_dir=a.cache_dir,
        jobs=a.jobs,
        timeout=a.timeout,
    )
    return preview.serve(opts, a.host, a.port)


def _build_parser(sub) -> None:
    b = sub.add_parser(
        "build", help="build report/<slug>/ (HTML, PDF, executed notebooks) and figures/<slug>/"
    )
    arguments.report_parameters(b)
    b.add_argument("--force", action="store_true", help="execute every notebook, ignoring the cache")
    b.add_argument("--jobs", type=arguments.jobs, default=0, help="parallel workers; 0 = one per core")
    b.add_argument(
        "--timeout",
        type=arguments.seconds,
        default=300,
        help="seconds a notebook may run (default: 300)",
    )
    b.add_argument(
        "--base-url",
        type=arguments.base_url,
        default="",
        help="the address the report is published at, for ClaimReview urls (default: relative)",
    )
    b.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder to write report/ and figures/ into (default: the clone)",
    )
    b.add_argument("--cache-dir", type=Path, default=None, help="build cache (default: .cache/ in the clone)")
    b.set_defaults(func=cmd_build_and_index)


def _preview_parser(sub) -> None:
    pv = sub.add_parser(
        "preview", help="serve the report on localhost; rebuild on save, reload the page (PDF at /report.pdf)"
    )
    arguments.report_parameters(pv)
    pv.add_argument(
        "--port", type=arguments.port, default=8000, help="port to serve on; 0 = any free one (default: 8000)"
    )
    pv.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    pv.add_argument("--jobs", type=arguments.jobs, default=0, help="parallel notebooks; 0 = one per core")
    pv.add_argument("--timeout", type=arguments.seconds, default=300, help="seconds a notebook may run")
    pv.add_argument(
        "--cache-dir", type=Path, default=None, help="build cache (default: .cache/ in the clone)"
    )
    pv.set_defaults(func=cmd_preview)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="cicasco", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    _build_parser(sub)
    for name, func, text in (
        ("validate", cmd_validate, "validate every data file"),
        ("check", cmd_check, "validate the data and run every article's claim checks"),
        ("countries", cmd_countries, "list the member states a report can be built for"),
        ("export-claims", cmd_export_claims, "write an article's register as ClaimReview JSON-LD"),
    ):
        c = sub.add_parser(name, help=text)
        c.add_argument("--data-dir", type=Path, default=None)
        if name in ("check", "export-claims"):
            c.add_argument("--article", default="all" if name == "check" else outline.default("article"))
            c.add_argument("--as-of", default=None, help="default: each article's publication date")
        if name == "export-claims":
            c.add_argument("--base-url", type=arguments.base_url, default="")
            c.add_argument("-o", "--output", default="-", help="file to write, - for standard output")
        c.set_defaults(func=func)
    ix = sub.add_parser("index", help="write report/index.html: articles, verdicts, recurring claims")
    for flag in ("--data-dir", "--out", "--cache-dir"):
        ix.add_argument(flag, type=Path, default=None)
    ix.add_argument("--as-of", default=None, help="default: each article's publication date")
    ix.set_defaults(func=cmd_index)
    _preview_parser(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    # jsonschema (under nbformat) imports rfc3987_syntax, when installed, to check IRI formats that
    # nbformat's schema never uses; building its grammar costs about 3 s. This process is ours, so it
    # marks the module absent here rather than at import of the package.
    sys.modules.setdefault("rfc3987_syntax", None)
    reproducible.pin_locale()  # the bytes of a report never depend on the caller's locale
    a = parser().parse_args(argv)
    try:
        checkout.refuse_a_copy()  # a copied checkout's .venv runs the original's code on its data
        # a build's SIGINT and SIGTERM kill its kernels and remove its staging (stopping.stop_on_signals)
        with stopping.stop_on_signals() if a.command == "build" else contextlib.nullcontext():
            return a.func(a)
    except ReportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as e:  # stopping.Stopped says which signal, and exits 128 + its number
        print(str(e) if isinstance(e, stopping.Stopped) else "interrupted", file=sys.stderr)
        return getattr(e, "exit_code", 130)


if __name__ == "__main__":
    sys.exit(main())
