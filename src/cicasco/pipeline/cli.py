"""Command line: what the Makefile runs. `cicasco --help` lists the commands, `cicasco build --help`
the report parameters and their defaults (from the outline)."""

import argparse
import contextlib
import sys
import time
from pathlib import Path

from ..data import paths
from ..errors import ParameterError, ReportError
from . import arguments, batch, checkout, outline, reproducible, stopping, streams
from .options import Options


def cmd_build(a: argparse.Namespace) -> int:
    start = time.perf_counter()
    arguments.cache_outside_data(a.cache_dir, a.data_dir)
    a.jobs = arguments.cap_jobs(a.jobs)
    single = (
        a.country.strip().lower() != "all" and "," not in a.country and a.article.strip().lower() != "all"
    )
    if not single:
        return batch.build_many(a, start)
    r = batch.report_one(batch.options(a))
    if isinstance(r, Path):  # an unchanged rebuild is answered before the heavy imports
        print(f"{paths.display_path(r)}: up to date ({time.perf_counter() - start:.2f} s)")
        return 0
    how = f"{len(r.executed)} notebook(s) executed, {len(r.cached)} from cache"
    print(f"{paths.display_path(r.report_dir)}: {how} ({time.perf_counter() - start:.1f} s)")
    print(
        f"  {paths.display_path(r.report_dir / 'report.html')}\n  {paths.display_path(r.report_dir / 'report.pdf')}"
    )
    return 0


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
        type=arguments.folder,
        default=None,
        help="folder to write report/ and figures/ into (default: the clone)",
    )
    b.add_argument(
        "--cache-dir", type=arguments.folder, default=None, help="build cache (default: .cache/ in the clone)"
    )
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
        "--cache-dir", type=arguments.folder, default=None, help="build cache (default: .cache/ in the clone)"
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
        c.add_argument("--data-dir", type=arguments.folder, default=None)
        if name in ("check", "export-claims"):
            c.add_argument("--article", default="all" if name == "check" else outline.default("article"))
            c.add_argument("--as-of", default=None, help="default: each article's publication date")
        if name == "export-claims":
            c.add_argument("--base-url", type=arguments.base_url, default="")
            c.add_argument("-o", "--output", default="-", help="file to write, - for standard output")
        c.set_defaults(func=func)
    ix = sub.add_parser("index", help="write report/index.html: articles, verdicts, recurring claims")
    for flag in ("--data-dir", "--out", "--cache-dir"):
        ix.add_argument(flag, type=arguments.folder, default=None)
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
    streams.forgive_readers()  # closed streams, `| head -1`: no failed kernel, no traceback
    a = parser().parse_args(argv)
    try:
        checkout.refuse_a_copy()  # a copied checkout's .venv runs the original's code on its data
        if a.command in ("build", "preview"):  # read by IPython in every kernel, and by the PDF
            reproducible.check_source_date_epoch()
        # a build's SIGINT and SIGTERM kill its kernels and remove its staging (stopping.stop_on_signals)
        with stopping.stop_on_signals() if a.command == "build" else contextlib.nullcontext():
            return a.func(a)
    except ReportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except OSError as e:  # a file the command was told to write or read (export-claims -o a folder)
        where = paths.display_path(Path(e.filename)) + ": " if e.filename else ""
        print(f"error: {where}{e.strerror or e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as e:  # stopping.Stopped says which signal, and exits 128 + its number
        print(str(e) if isinstance(e, stopping.Stopped) else "interrupted", file=sys.stderr)
        return getattr(e, "exit_code", 130)


if __name__ == "__main__":
    sys.exit(main())
