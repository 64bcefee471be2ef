"""Put a finished report in place: staged beside its target (same filesystem, so a rename is atomic),
swapped in with renames, and never anything but report/<...> or figures/<...> replaced."""

import errno
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..data.paths import display_path
from ..errors import BuildError

STAGING_PREFIX = ".staging-"


def stage(target: Path) -> Path:
    """A new empty folder beside `target`, to be swapped in for it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target.name}-", dir=target.parent))


def guard(target: Path, out_root: Path) -> None:
    """Only a report's own folder may be replaced: report/<slug> or report/<article>/<slug>, likewise
    under figures/. An empty slug or a path that climbs out fails here, before anything is touched."""
    rel = target.resolve().relative_to(out_root.resolve())
    if (
        rel.parts[:1] not in (("report",), ("figures",))
        or not 2 <= len(rel.parts) <= 3
        or any(p.startswith(".") for p in rel.parts)
    ):
        raise BuildError(f"refusing to replace {target}: not a report's own folder")


def swap_in(new: Path, target: Path, out_root: Path) -> None:
    """Replace `target` by `new`. Between the two renames `target` is missing for an instant; a crash
    there is repaired by the next build (the manifest no longer matches)."""
    guard(target, out_root)
    old = target.with_name(f"{STAGING_PREFIX}{target.name}-old")
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
    shutil.rmtree(old, ignore_errors=True)


def clear_stale(out_root: Path) -> None:
    """Remove staging folders a killed build left behind (call while holding the build lock)."""
    for top in ("report", "figures"):
        for d in (out_root / top).glob(f"**/{STAGING_PREFIX}*"):
            shutil.rmtree(d, ignore_errors=True)


@contextmanager
def staging(plan):
    """(report, figures) staging folders beside the plan's targets, removed whatever happens. An OS
    error while writing becomes a BuildError that names the cause (a full disk as such)."""
    report = figures = None
    try:
        report, figures = stage(plan.report_dir), stage(plan.figures_dir)
        yield report, figures
        shutil.rmtree(plan.opts.out / "report" / ".failed" / plan.params.country.slug, ignore_errors=True)
    except OSError as e:
        where = display_path(Path(e.filename)) if e.filename else display_path(plan.report_dir)
        cause = "the disk is full" if e.errno == errno.ENOSPC else e.strerror or str(e)
        raise BuildError(
            f"could not write the report for {plan.params.country.name}: {cause} ({where})"
        ) from e
    finally:
        for d in (report, figures):
            if d is not None:
                shutil.rmtree(d, ignore_errors=True)
