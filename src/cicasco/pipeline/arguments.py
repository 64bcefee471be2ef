"""The command line's options: one per report parameter (from the outline), and the option values,
each parsed or refused with what is allowed (argparse turns that into a usage error, exit status 2)."""

import argparse
from pathlib import Path

from . import outline


def jobs(value: str) -> int:
    n = int(value) if value.strip().lstrip("-").isdigit() else -1
    if n < 0:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not allowed; valid: 0 (one per core) or a whole number above 0"
        )
    return n


def folder(value: str) -> Path:
    """A folder option (--out, --cache-dir, --data-dir) as an absolute path: relative to the working
    folder the command was started in, whatever folder a kernel or a later step runs in. Not resolved: a
    symbolic link is still named (and refused where a report folder goes) by its own name."""
    if not value.strip():
        raise argparse.ArgumentTypeError(
            f"{value!r} is not allowed; valid: a folder, relative to the working folder or absolute"
        )
    return Path(value).absolute()


def cap_jobs(n: int) -> int:
    """--jobs no higher than the machine's cores (os.cpu_count()): more workers only wait for a core and
    hold their memory. Says so on stderr when it lowers the number."""
    import os
    import sys

    cores = os.cpu_count() or 1
    if n > cores:
        print(f"--jobs {n}: this machine has {cores} core(s); using {cores}", file=sys.stderr, flush=True)
        return cores
    return n


def cache_outside_data(cache_dir: Path | None, data_dir: Path | None) -> None:
    """A cache folder inside the data folder is refused: its writes would look like edits to the data
    (the preview would rebuild on its own cache writes, for ever)."""
    from ..data import paths
    from ..errors import ParameterError

    if cache_dir is None:
        return
    data, cache = Path(data_dir or paths.DATA_DIR).resolve(), Path(cache_dir).resolve()
    if cache == data or data in cache.parents:
        raise ParameterError(
            f"parameter cache_dir: {paths.display_path(Path(cache_dir))} is inside the data folder "
            f"{paths.display_path(data)}; valid: a folder outside it (default: .cache/ in the clone)"
        )


def seconds(value: str) -> int:
    if value.strip().isdigit() and int(value) > 0:
        return int(value)
    raise argparse.ArgumentTypeError(f"{value!r} is not allowed; valid: a whole number of seconds above 0")


def base_url(value: str) -> str:
    """Empty (links relative to the page) or an absolute http(s) address with a host: it is written into
    every ClaimReview and link, so nothing that could leave an attribute or a script is let through
    (one rule for every command that takes an address)."""
    from urllib.parse import urlsplit

    if not value:
        return value
    parts = urlsplit(value)
    unsafe = any(c.isspace() or c in "<>\"'`\\" for c in value)
    if parts.scheme not in ("http", "https") or not parts.netloc or unsafe:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not allowed; valid: an absolute http:// or https:// address with a host, without "
            "spaces, quotes or angle brackets, or empty"
        )
    return value


def port(value: str) -> int:
    n = int(value) if value.strip().isdigit() else -1
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not allowed; valid: a port number, 1 to 65535, or 0 (any free one)"
        )
    return n


def report_parameters(p: argparse.ArgumentParser) -> None:
    """One option per report parameter of the outline (the machine-local ones excepted)."""
    for prm in outline.parameters():
        if prm.name in ("data_dir", "figures_dir", "trusted_data"):
            continue
        shown = f" (default: {prm.default})" if prm.default is not None else ""
        extra = (
            "; 'all', or a comma-separated list, builds several in parallel" if prm.name == "country" else ""
        )
        extra += "; 'all' builds every article" if prm.name == "article" else ""
        p.add_argument(
            f"--{prm.name.replace('_', '-')}", default=prm.default, help=f"{prm.help}{extra}{shown}"
        )
    p.add_argument("--data-dir", type=folder, default=None, help="folder of the data files (default: data/)")
