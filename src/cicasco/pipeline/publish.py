"""Put a finished report in place: one build of a report at a time (a lock), staged beside its target
(same filesystem, so a rename is atomic, wherever --out points), swapped in with renames, and never
anything but report/<...> or figures/<...> replaced. Staging a killed build left is cleared by the next.

Names, beside each target `<name>` (a report's folder under report/ or figures/):
  .<name>.lock            the build lock (flock); holds the pid of the build that has it
  .staging-<name>.<id>    a report being written
  .staging-<name>.old     the report being replaced, for the instant between the two renames
"""

import contextlib
import errno
import fcntl
import os
import secrets
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from ..data.paths import display_path
from ..errors import BuildError

STAGING_PREFIX = ".staging-"


def _staging_glob(target: Path) -> str:
    return f"{STAGING_PREFIX}{target.name}.*"  # a slug has no dot: never another report's staging


def _old(target: Path) -> Path:
    return target.with_name(f"{STAGING_PREFIX}{target.name}.old")


def stage(target: Path) -> Path:
    """A new empty folder beside `target`, to be swapped in for it (made as any folder is, so the
    published report has the usual permissions, not a temporary folder's 0700)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    d = target.with_name(f"{STAGING_PREFIX}{target.name}.{os.getpid()}-{secrets.token_hex(4)}")
    d.mkdir()
    return d


def guard(target: Path, out_root: Path) -> None:
    """Only a report's own folder may be replaced: report/<slug> or report/<article>/<slug>, likewise
    under figures/, reached from `out_root` through no symbolic link, a folder if it exists. Anything else fails here with one line, before anything is touched."""
    root = Path(os.path.abspath(out_root))
    where = Path(os.path.abspath(target))
    why = "" if where.is_relative_to(root) else "it is not under the output folder"
    rel = where.relative_to(root) if not why else Path()
    if not why and (
        rel.parts[:1] not in (("report",), ("figures",))
        or not 2 <= len(rel.parts) <= 3
        or any(p.startswith(".") for p in rel.parts)
    ):
        why = "not a report's own folder"
    for i in range(1, len(rel.parts) + 1):
        why = why or _foreign(root.joinpath(*rel.parts[:i]))
    if why:
        raise BuildError(
            f"refusing to replace {display_path(target)}: {why}; nothing was changed "
            f"(valid: report/ and figures/ folders of their own under --out {display_path(root)})"
        )


def _foreign(path: Path) -> str:
    """Why a folder on the way to a target may not be written through, or ''."""
    if path.is_symlink():
        return f"{display_path(path)} is a symbolic link (to {os.readlink(path)})"
    if not path.exists():
        return ""
    if not path.is_dir():
        return f"{display_path(path)} is not a folder"
    return ""


def check_targets(out_root: Path, *targets: Path) -> None:
    """Every target checked before any is written (`guard`): a build publishes all of them or none."""
    for target in targets:
        guard(target, out_root)


def swap_in(new: Path, target: Path, out_root: Path) -> None:
    """Replace `target` by `new`. Between the two renames `target` is missing for an instant; a build
    killed there leaves the old report as .staging-<name>.old, which the next build puts back."""
    guard(target, out_root)
    old = _old(target)
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def clear_stale(*targets: Path) -> list[Path]:
    """Remove the staging a killed build of these targets left behind, first putting back a report
    it had moved aside and not replaced; the folders removed. Call while holding their build lock."""
    removed = []
    for target in targets:
        old = _old(target)
        if old.is_dir() and not target.exists():
            old.rename(target)
        if target.parent.is_dir():
            for d in sorted(target.parent.glob(_staging_glob(target))):
                shutil.rmtree(d, ignore_errors=True)
                removed.append(d)
    return removed


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


@contextmanager
def lock(target: Path, wait: bool = True):
    """Hold the build lock of the report at `target` (an flock on a file beside it, released when the
    process ends, however it ends). Another build of the same report waits, saying so on stderr;
    builds of other reports run alongside. With wait=False, yields False at once if it is held."""
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                yield False
                return
            f.seek(0)
            holder = f.read().strip() or "unknown"
            print(
                f"waiting for another build of {display_path(target)} (pid {holder})",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\n")
        f.flush()
        try:
            yield True
        finally:
            with contextlib.suppress(OSError):
                f.truncate(0)


def _write_error(plan, e: OSError) -> BuildError:
    where = display_path(Path(e.filename)) if e.filename else display_path(plan.report_dir)
    cause = "the disk is full" if e.errno == errno.ENOSPC else e.strerror or str(e)
    return BuildError(f"could not write the report for {plan.params.country.name}: {cause} ({where})")


@contextmanager
def building(plan):
    """While held: this build is the only one of the plan's report, and any staging an earlier,
    killed build left is gone (cleared again on the way out, whatever happens)."""
    try:
        with lock(plan.report_dir):
            clear_stale(plan.report_dir, plan.figures_dir)
            try:
                yield
            finally:
                clear_stale(plan.report_dir, plan.figures_dir)
    except OSError as e:
        raise _write_error(plan, e) from e


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
        raise _write_error(plan, e) from e
    finally:
        for d in (report, figures):
            if d is not None:
                shutil.rmtree(d, ignore_errors=True)
