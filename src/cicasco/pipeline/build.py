"""Build a report, as a list of steps (each in steps.py, each tested).

Inputs are validated and the register decided before anything runs; notebooks run in parallel, each
cached under a key of what it reads; outputs are staged beside their targets and swapped in only when
complete, so a failed, timed-out or stopped (Ctrl-C, SIGTERM) build leaves the last good report as it
was. One build of a report runs at a time (publish.building); a stop signal kills the kernels and
unwinds, but never splits the swap (stopping.uninterrupted).
"""

from dataclasses import dataclass, field
from pathlib import Path

from . import cache, publish, steps, stopping
from .options import Options

__all__ = ["Options", "Result", "build"]


@dataclass
class Result:
    slug: str
    report_dir: Path
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    up_to_date: bool = False
    pdf_seconds: float | None = None  # how long its PDF took to typeset; None: none was


def build(opts: Options) -> Result:
    """Build one report. Raises ReportError (DataError, ParameterError, BuildError), or
    stopping.Stopped (a KeyboardInterrupt) on SIGINT or SIGTERM."""
    with stopping.stop_on_signals():
        stopping.check_stop()
        plan = steps.plan(opts)
        result = Result(plan.params.country.slug, plan.report_dir)
        publish.check_targets(opts.out, plan.report_dir, plan.figures_dir)  # before the lock is written
        with publish.building(plan):  # the lock; staging a killed build left is cleared
            cache.clear_abandoned(opts)
            if cache.up_to_date(opts, plan.key) == plan.report_dir:
                result.up_to_date, result.cached = True, [s.notebook for s in plan.sections]
                return result
            with publish.staging(plan) as (report, figures):
                outcomes = steps.run_notebooks(plan, report, figures)
                result.pdf_seconds = steps.render_outputs(plan, report)
                with stopping.uninterrupted():
                    publish.check_targets(opts.out, plan.report_dir, plan.figures_dir)  # again: all or none
                    publish.swap_in(figures, plan.figures_dir, opts.out)
                    (report / cache.MANIFEST).write_text(
                        cache.manifest(plan.key, report, plan.figures_dir), encoding="utf-8"
                    )
                    publish.swap_in(report, plan.report_dir, opts.out)
                    cache.record(opts, plan.key, plan.report_dir)
    for s, how in zip(plan.sections, outcomes, strict=True):
        (result.executed if how == "executed" else result.cached).append(s.notebook)
    return result
