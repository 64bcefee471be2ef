"""Command line: what the Makefile runs. `cicasco --help` lists the commands, `cicasco build --help`
the report parameters and their defaults."""

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from . import inputs, paths
from .errors import ReportError


def _add_params(p: argparse.ArgumentParser) -> None:
    d = inputs.Options()
    p.add_argument(
        "--country",
        default=d.country,
        help="member state: English short name or ISO3 code; 'all', or a comma-separated list, builds several in parallel (default: %(default)s)",
    )
    p.add_argument(
        "--organisations",
        default=d.organisations,
        help="SCO, CICA or SCO,CICA (default: %(default)s)",
    )
    p.add_argument(
        "--period-start",
        default=d.period_start,
        help="first day counted and charted, YYYY-MM-DD (default: %(default)s)",
    )
    p.add_argument(
        "--period-end",
        default=d.period_end,
        help="last day counted and charted, YYYY-MM-DD (default: the latest date the data covers)",
    )
    p.add_argument(
        "--as-of",
        default=d.as_of,
        help="assess the article's claims as of this date (default: %(default)s, its publication date)",
    )
    p.add_argument(
        "--article",
        default=d.article,
        help="article whose claims are checked, an id in data/articles.csv (default: %(default)s)",
    )
    p.add_argument("--data-dir", type=Path, default=None, help="folder of the data files (default: data/)")


def _options(a: argparse.Namespace, country: str | None = None) -> inputs.Options:
    return inputs.Options(
        country=country or a.country,
        organisations=a.organisations,
        period_start=a.period_start,
        period_end=a.period_end,
        as_of=a.as_of,
        article=a.article,
        data_dir=a.data_dir,
        out_root=a.out,
        force=a.force,
        jobs=a.jobs,
        cache_dir=a.cache_dir,
    )


def _report_one(opts: inputs.Options):
    """Build one report, with warm kernels started before the heavy imports (see kernels.py).
    Returns just the slug, having imported nothing heavy, when the report is already up to date."""
    slug = inputs.up_to_date(opts)
    if slug:
        return slug
    from .kernels import KernelPool

    n = inputs.notebooks_to_run(opts)
    if n:
        opts.kernels = KernelPool(n)
    try:
        from . import build as build_mod

        return build_mod.build(opts)
    finally:
        if opts.kernels:
            opts.kernels.shutdown()


def cmd_build(a: argparse.Namespace) -> int:
    start = time.perf_counter()
    batch = a.country.strip().lower() == "all" or "," in a.country
    if not batch:
        r = _report_one(_options(a))
        if isinstance(r, str):  # an unchanged rebuild is answered before the heavy imports
            print(f"report/{r}: up to date ({time.perf_counter() - start:.2f} s)")
            return 0
        how = f"{len(r.executed)} notebook(s) executed, {len(r.cached)} from cache"
        print(f"report/{r.slug}: {how} ({time.perf_counter() - start:.1f} s)")
        print(
            f"  {paths.display_path(r.report_dir / 'report.html')}\n  {paths.display_path(r.report_dir / 'report.pdf')}"
        )
        if a.verbose:
            print("  seconds: " + ", ".join(f"{k} {v}" for k, v in r.seconds.items()))
        return 0
    from tqdm import tqdm

    from . import tables
    from .params import member_states, resolve_country

    data = tables.load(a.data_dir)
    if a.country.strip().lower() == "all":
        countries = [c.name for c in member_states(data)]
    else:
        countries = [resolve_country(data, c).name for c in a.country.split(",") if c.strip()]
    workers = a.jobs or os.cpu_count() or 1
    failed: dict[str, str] = {}
    # A process per core, each building one country at a time (its notebooks in parallel, on warm kernels).
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_report_one, _one(a, c)): c for c in countries}
        for f in tqdm(
            as_completed(futures),
            total=len(futures),
            desc="reports",
            unit="country",
            file=sys.stderr,
        ):
            c = futures[f]
            try:
                f.result()
            except ReportError as e:
                failed[c] = str(e)
    print(
        f"{len(countries) - len(failed)} of {len(countries)} reports built in {time.perf_counter() - start:.1f} s"
    )
    for c, msg in failed.items():
        print(f"FAILED {c}: {msg}", file=sys.stderr)
    return 1 if failed else 0


def _one(a: argparse.Namespace, country: str) -> inputs.Options:
    return _options(a, country)


def cmd_validate(a: argparse.Namespace) -> int:
    from . import tables

    data = tables.load(a.data_dir)
    counts = ", ".join(f"{n} {len(df)}" for n, df in data.tables.items())
    print(f"data valid: {counts}")
    return 0


def cmd_check(a: argparse.Namespace) -> int:
    """Validate the data and run the register's checks; fail on any verdict that differs from expected."""
    from . import register, tables
    from .params import resolve

    data = tables.load(a.data_dir)
    art = register.read_article(data, a.article)
    p = resolve(data, art.subject_iso3, as_of=a.as_of)
    claims = register.load_claims(data, art)
    assessed = register.assess(data, claims, p.as_of)
    bad = register.mismatches(assessed)
    shown = paths.display_path(art.claims_file)
    for r in bad.itertuples():
        if r.computed != r.verdict:
            print(
                f"{shown}:{r.line}: verdict: {r.claim_id} expected {r.verdict!r} as of {p.as_of:%Y-%m-%d}, computed {r.computed!r} ({r.evidence})",
                file=sys.stderr,
            )
        if r.computed_latest != r.verdict_latest:
            print(
                f"{shown}:{r.line}: verdict_latest: {r.claim_id} expected {r.verdict_latest!r}, computed {r.computed_latest!r} ({r.evidence_latest})",
                file=sys.stderr,
            )
    print(
        f"{len(assessed)} claims checked as of {p.as_of:%Y-%m-%d}; {len(bad)} verdict(s) differ from expected"
    )
    return 1 if len(bad) else 0


def cmd_countries(a: argparse.Namespace) -> int:
    from . import tables
    from .params import member_states

    data = tables.load(a.data_dir)
    for c in member_states(data):
        orgs = ", ".join(
            sorted(
                data.members.loc[
                    (data.members["iso3"] == c.iso3) & (data.members["status"] == "member"),
                    "organisation",
                ]
            )
        )
        print(f"{c.iso3}  {c.slug:<22} {c.name} ({orgs})")
    return 0


def cmd_export_claims(a: argparse.Namespace) -> int:
    from . import claimreview, register, tables
    from .params import resolve

    data = tables.load(a.data_dir)
    art = register.read_article(data, a.article)
    p = resolve(data, art.subject_iso3, as_of=a.as_of)
    assessed = register.assess(data, register.load_claims(data, art), p.as_of)
    text = claimreview.dumps(claimreview.claim_reviews(assessed, art, data.as_of))
    if a.output == "-":
        sys.stdout.write(text)
    else:
        Path(a.output).write_text(text, encoding="utf-8")
        print(f"wrote {a.output}: {(assessed['check'] != '').sum()} ClaimReview items")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="cicasco", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser(
        "build",
        help="build report/<slug>/ (HTML, PDF, executed notebooks) and figures/<slug>/",
    )
    _add_params(b)
    b.add_argument("--force", action="store_true", help="execute every notebook, ignoring the cache")
    b.add_argument("-v", "--verbose", action="store_true", help="print the time each stage took")
    b.add_argument("--jobs", type=int, default=0, help="parallel workers; 0 = one per core")
    b.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder to write report/ and figures/ into (default: the clone)",
    )
    b.add_argument("--cache-dir", type=Path, default=None, help="build cache (default: .cache/ in the clone)")
    b.set_defaults(func=cmd_build)
    v = sub.add_parser("validate", help="validate every data file")
    v.add_argument("--data-dir", type=Path, default=None)
    v.set_defaults(func=cmd_validate)
    c = sub.add_parser("check", help="validate the data and run the claim register's checks")
    c.add_argument("--data-dir", type=Path, default=None)
    c.add_argument("--article", default=inputs.DEFAULT_ARTICLE)
    c.add_argument("--as-of", default=inputs.Options().as_of)
    c.set_defaults(func=cmd_check)
    n = sub.add_parser("countries", help="list the member states a report can be built for")
    n.add_argument("--data-dir", type=Path, default=None)
    n.set_defaults(func=cmd_countries)
    e = sub.add_parser("export-claims", help="write the register as ClaimReview JSON-LD")
    e.add_argument("--data-dir", type=Path, default=None)
    e.add_argument("--article", default=inputs.DEFAULT_ARTICLE)
    e.add_argument("--as-of", default=inputs.Options().as_of)
    e.add_argument("-o", "--output", default="-", help="file to write, - for standard output")
    e.set_defaults(func=cmd_export_claims)
    return ap


def main(argv: list[str] | None = None) -> int:
    a = parser().parse_args(argv)
    try:
        return a.func(a)
    except ReportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
