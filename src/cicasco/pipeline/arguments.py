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
    p.add_argument("--data-dir", type=Path, default=None, help="folder of the data files (default: data/)")
