"""Build a report: validate, execute the notebooks (cached), render HTML and PDF, swap into place.

Inputs are checked before anything runs; each notebook is executed by papermill in this process (its kernel
is a child process), in parallel; its result is cached under a key of everything it reads, so an
unchanged rebuild executes nothing. Outputs are written to a staging folder and moved into place only when
complete: a failed build leaves the last good report as it was.
"""

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from . import claimreview, inputs, paths, register, render, tables
from .errors import BuildError, ReportError
from .inputs import DEFAULT_ARTICLE, SECTIONS, Options, Section, code_files, hash_files
from .params import ReportParams, country_name, resolve

__all__ = ["DEFAULT_ARTICLE", "SECTIONS", "Options", "Result", "build"]


@dataclass
class Result:
    slug: str
    report_dir: Path
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    up_to_date: bool = False
    seconds: dict[str, float] = field(
        default_factory=dict
    )  # time per stage, for `cicasco build -v` and bench/


def _params_for(opts: Options, p: ReportParams) -> dict:
    return {
        "country": p.country.name,
        "organisations": ",".join(p.organisations),
        "period_start": f"{p.period_start:%Y-%m-%d}",
        "period_end": opts.period_end or None,
        "as_of": f"{p.as_of:%Y-%m-%d}",
        "article": opts.article,
        "data_dir": str(opts.data_dir) if opts.data_dir else None,
    }


def notebook_key(section: Section, params: dict, data_dir: Path, article_files: list[Path]) -> str:
    """A digest of all a notebook reads: itself, its data files, the code, and its parameters."""
    h = hashlib.sha256()
    hash_files(h, [paths.NOTEBOOK_DIR / section.notebook])
    hash_files(h, [data_dir / tables.TABLE_FILES[t] for t in section.tables])
    if section.article:
        hash_files(h, article_files)
    hash_files(h, code_files())
    stable = {k: v for k, v in params.items() if k != "data_dir"}
    h.update(json.dumps(stable, sort_keys=True).encode())
    return h.hexdigest()[:24]


def scrub(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what differs between runs or machines: timings, paths, papermill's environment record."""
    meta = nb.metadata.get("papermill", {})
    for k in (
        "start_time",
        "end_time",
        "duration",
        "input_path",
        "output_path",
        "environment_variables",
        "version",
        "exception",
    ):
        meta.pop(k, None)
    for p in ("data_dir", "figures_dir"):
        if p in meta.get("parameters", {}):
            meta["parameters"][p] = None
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        pm = cell.metadata.get("papermill")
        if pm:
            cell.metadata["papermill"] = {
                k: v for k, v in pm.items() if k not in ("start_time", "end_time", "duration")
            }
        if cell.cell_type == "code" and "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id
            cell.source = "\n".join(
                ln for ln in cell.source.splitlines() if not ln.startswith(("data_dir", "figures_dir"))
            )
    return nb


def _execute(section: Section, params: dict, out_nb: Path, fig_dir: Path, failed_dir: Path, km=None) -> None:
    src = paths.NOTEBOOK_DIR / section.notebook
    try:
        nbformat.read(src, as_version=4)
    except Exception as e:  # a notebook that is not valid JSON/nbformat
        raise BuildError(
            f"{paths.display_path(src)}: not a readable notebook ({e.__class__.__name__}: {e})"
        ) from e
    run_params = dict(params, figures_dir=str(fig_dir))
    try:
        papermill.execute_notebook(
            str(src),
            str(out_nb),
            parameters=run_params,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            cwd=str(paths.ROOT),
            request_save_on_cell_execute=False,
            km=km,
        )
    except PapermillExecutionError as e:
        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / section.notebook
        if out_nb.exists():
            shutil.copyfile(out_nb, kept)
        raise BuildError(
            f"{paths.display_path(src)}: cell {e.exec_count} raised {e.ename}: {e.evalue}\n"
            f"  executed notebook kept for debugging: {paths.display_path(kept)}"
        ) from None
    except (OSError, RuntimeError, ValueError) as e:
        raise BuildError(f"{paths.display_path(src)}: could not execute ({e.__class__.__name__}: {e})") from e


def _swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames; the old copy is removed only after the swap."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    if old.exists():
        shutil.rmtree(old)


def build(opts: Options) -> Result:
    """Build one country's report. Raises ReportError (DataError, ParameterError, BuildError)."""
    out_root = opts.out
    clock = [time.perf_counter()]
    seconds: dict[str, float] = {}

    def lap(stage: str) -> None:
        now = time.perf_counter()
        seconds[stage] = round(now - clock[0], 2)
        clock[0] = now

    data = tables.load(opts.data_dir)  # every file validated before anything runs
    p = resolve(
        data,
        opts.country,
        opts.organisations,
        opts.period_start,
        opts.period_end or None,
        opts.as_of,
    )
    article = register.read_article(data, opts.article)
    article_files = [
        data.data_dir / "articles.csv",
        data.data_dir / data.articles.set_index("article_id").loc[opts.article, "text_file"],
        article.claims_file,
    ]
    applies = article.subject_iso3 == p.country.iso3
    assessed = register.assess(data, register.load_claims(data, article), p.as_of)
    sections = [s for s in SECTIONS if applies or not s.only_for_subject]

    slug = p.country.slug
    report_dir, fig_target = out_root / "report" / slug, out_root / "figures" / slug
    params = _params_for(opts, p)
    keys = {s.notebook: notebook_key(s, params, data.data_dir, article_files) for s in sections}
    report_key = inputs.digest(opts)
    # the notebooks read the files just validated: let them skip validating them again
    fingerprint = inputs.data_fingerprint(data.data_dir)
    os.environ[tables.VALIDATED_ENV] = fingerprint
    result = Result(slug, report_dir, seconds=seconds)
    lap("validate and assess")
    if inputs.up_to_date(opts, report_key) == slug:
        result.up_to_date = True
        result.cached = [s.notebook for s in sections]
        return result

    try:
        (out_root / "report").mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".staging-{slug}-", dir=out_root / "report"))
    except OSError as e:
        raise BuildError(
            f"output folder {paths.display_path(out_root / 'report')} cannot be written ({e.strerror})"
        ) from e
    try:
        stage_report, stage_figs = staging / "report", staging / "figures"
        (stage_report / "notebooks").mkdir(parents=True)
        stage_figs.mkdir()
        cache = opts.cache / "notebooks"

        def run(section: Section) -> str:
            key = keys[section.notebook]
            hit = cache / key
            out_nb = stage_report / "notebooks" / section.notebook
            if hit.exists() and not opts.force:
                shutil.copyfile(hit / section.notebook, out_nb)
                for f in sorted((hit / "figures").iterdir()):
                    shutil.copyfile(f, stage_figs / f.name)
                return "cached"
            fig_dir = staging / "figs" / section.notebook
            pool = opts.kernels
            km = (
                pool.take(f"import os; os.environ[{tables.VALIDATED_ENV!r}] = {fingerprint!r}")
                if pool
                else None
            )
            try:
                _execute(section, params, out_nb, fig_dir, out_root / "report" / ".failed" / slug, km)
            finally:
                if pool:
                    pool.release(km)
            nbformat.write(scrub(nbformat.read(out_nb, as_version=4)), out_nb)
            tmp = Path(tempfile.mkdtemp(dir=staging))
            (tmp / "figures").mkdir()
            shutil.copyfile(out_nb, tmp / section.notebook)
            for f in sorted(fig_dir.iterdir()) if fig_dir.exists() else []:
                shutil.copyfile(f, tmp / "figures" / f.name)
                shutil.copyfile(f, stage_figs / f.name)
            cache.mkdir(parents=True, exist_ok=True)
            if hit.exists():
                shutil.rmtree(hit)
            tmp.rename(hit)
            return "executed"

        workers = opts.jobs or os.cpu_count() or 1
        warm = threading.Thread(target=render.warm_up, daemon=True)
        warm.start()
        with ThreadPoolExecutor(max_workers=min(workers, len(sections))) as pool:
            outcomes = list(pool.map(run, sections))
        warm.join()
        for s, how in zip(sections, outcomes, strict=True):
            (result.executed if how == "executed" else result.cached).append(s.notebook)
        shutil.rmtree(staging / "figs", ignore_errors=True)
        lap("notebooks")

        executed = [
            (
                s.notebook.removesuffix(".ipynb"),
                nbformat.read(stage_report / "notebooks" / s.notebook, as_version=4),
            )
            for s in sections
        ]
        notes = (
            []
            if applies
            else [
                f"The article fact-checked in this project is about {country_name(data, article.subject_iso3)}; "
                f"its assertion register is left out of this report on {p.country.name}."
            ]
        )
        page = render.assemble(
            executed,
            title=f"{p.country.name} in the SCO and CICA",
            subtitle="Chairmanships, initiatives"
            + (" and a fact-check of “" + article.title + "”" if applies else ""),
            meta={
                **p.describe(),
                "data version": f"newest source dated {data.as_of:%Y-%m-%d}; data fingerprint {inputs.data_fingerprint(data.data_dir)}",
            },
            notes=notes,
            sources=data.sources,
        )
        (stage_report / "report.html").write_text(page, encoding="utf-8")
        lap("html")
        render.write_pdf(page, stage_report / "report.pdf")
        lap("pdf")
        if applies:
            doc = claimreview.claim_reviews(assessed, article, data.as_of)
            (stage_report / "claims.jsonld").write_text(claimreview.dumps(doc), encoding="utf-8")
        (stage_report / ".build-key").write_text(report_key + "\n")
        _swap_in(stage_figs, fig_target)
        _swap_in(stage_report, report_dir)
        inputs.record(opts, report_key, slug)
        shutil.rmtree(out_root / "report" / ".failed" / slug, ignore_errors=True)  # that failure is fixed
    except ReportError:
        raise
    except OSError as e:
        raise BuildError(
            f"could not write the report for {p.country.name}: {e.strerror}: {paths.display_path(Path(e.filename or ''))}"
        ) from e
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result
