"""Digests of files: what the cache keys on and what the report prints as the data version."""

import hashlib
from pathlib import Path


def hash_files(h: "hashlib._Hash", files: list[Path], base: Path | None = None) -> None:
    """Feed each file's name (relative to `base` when given) and bytes into `h`, in a stable order."""
    for f in sorted(files):
        name = f.relative_to(base).as_posix() if base and f.is_relative_to(base) else f.name
        h.update(name.encode() + b"\0")
        try:
            with f.open("rb") as stream:  # in blocks: a huge file is read, never held whole
                for block in iter(lambda: stream.read(1 << 20), b""):
                    h.update(block)
        except OSError:  # missing or unreadable: the loader names it; a digest must not stop first
            h.update(b"<missing>" if not f.exists() else b"<unreadable>")
        h.update(b"\0")


def fingerprint(data_dir: Path) -> str:
    """A digest of every file in the data folder (paths and bytes)."""
    h = hashlib.sha256()
    data_dir = Path(data_dir)
    hash_files(h, [p for p in data_dir.rglob("*") if p.is_file()], base=data_dir)
    return h.hexdigest()[:12]
