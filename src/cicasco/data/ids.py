"""Ids and slugs: how a cell lists ids, and how a name becomes a folder name."""

import re
import unicodedata


def split_ids(cell) -> list[str]:
    """The ids of a `source_ids`-style cell: separated by ';', blanks ignored."""
    return [i.strip() for i in str(cell).split(";") if i.strip()]


def slugify(name: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens: 'Türkiye' -> 'turkiye'. Letters outside
    the Latin script have no ASCII form and drop out, so the result may be empty: callers fall back."""
    ascii_ = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
