"""What a build depends on, and the fast check that skips an unchanged rebuild.

Kept free of heavy imports (pandas, papermill, nbconvert): `cicasco build` consults it before loading
anything else, so a no-change rebuild costs the interpreter's start and one pass of hashing.
"""

import hashlib
import json
from dataclasses import dataclass, fields
from pathlib import Path

from . import paths

DEFAULT_ARTICLE = "nation-2023-kazakhstan-in-cica-and-sco"


@dataclass(frozen=True)
class Section:
    notebook: str  # file name under notebooks/
    tables: tuple[str, ...]  # data tables it reads (declared; a test checks it against what it really reads)
    article: bool  # whether it reads the article and its claims
    only_for_subject: bool = False  # left out unless the report's country is the article's subject


SECTIONS = (
    Section(
        "01_assertions.ipynb",
        ("sources", "members", "chairmanships", "meetings", "initiatives", "events", "articles"),
        True,
        True,
    ),
    Section("02_chairmanships.ipynb", ("sources", "members", "chairmanships", "meetings"), False),
    Section("03_initiatives.ipynb", ("sources", "members", "initiatives", "articles"), True),
)


@dataclass
class Options:
    """A build's parameters (as given) and switches."""

    country: str = "Kazakhstan"
    organisations: str = "SCO,CICA"
    period_start: str = "1992-01-01"
    period_end: str = ""
    as_of: str = "2023-12-12"
    article: str = DEFAULT_ARTICLE
    data_dir: Path | None = None
    out_root: Path | None = None  # where report/ and figures/ go; default the clone
    force: bool = False  # execute every notebook, ignoring the cache
    cache_dir: Path | None = None  # executed notebooks by input digest; default .cache/ in the clone
    jobs: int = 0  # notebooks run at once; 0 = one per core
    kernels: object | None = None  # a kernels.KernelPool of warm kernels, if the caller started one

    @property
    def cache(self) -> Path:
        return Path(self.cache_dir or paths.CACHE_DIR)

    @property
    def out(self) -> Path:
        return Path(self.out_root or paths.ROOT)

    @property
    def data(self) -> Path:
        return Path(self.data_dir or paths.DATA_DIR)


def hash_files(h: "hashlib._Hash", files: list[Path]) -> None:
    for f in sorted(files):
        h.update(f.name.encode())
        h.update(f.read_bytes() if f.exists() else b"<missing>")


def code_files() -> list[Path]:
    """The package's code and assets, and the lock file: a change to any of them is a change of input."""
    pkg = Path(__file__).resolve().parent
    files = sorted(p for p in pkg.rglob("*") if p.suffix in (".py", ".css", ".j2"))
    lock = paths.ROOT / "uv.lock"
    return files + ([lock] if lock.exists() else [])


def digest(opts: Options) -> str:
    """Everything a whole report depends on: parameters as given, data, notebooks, code, lock file."""
    h = hashlib.sha256()
    skip = ("out_root", "cache_dir", "force", "jobs", "data_dir", "kernels")
    params = {f.name: getattr(opts, f.name) for f in fields(opts) if f.name not in skip}
    h.update(json.dumps(params, sort_keys=True, default=str).encode())
    hash_files(h, [p for p in opts.data.rglob("*") if p.is_file()])
    hash_files(h, sorted(paths.NOTEBOOK_DIR.glob("*.ipynb")))
    hash_files(h, code_files())
    return h.hexdigest()[:24]


def _index(opts: Options, key: str) -> Path:
    return opts.cache / "reports" / key


def up_to_date(opts: Options, key: str | None = None) -> str | None:
    """The slug of an existing report built from exactly these inputs (digest `key`, computed if not
    given), or None."""
    if opts.force:
        return None
    key = key or digest(opts)
    index = _index(opts, key)
    if not index.exists():
        return None
    slug = index.read_text().strip()
    report = opts.out / "report" / slug
    stamp = report / ".build-key"
    complete = (
        all((report / f).exists() for f in ("report.html", "report.pdf"))
        and (opts.out / "figures" / slug).exists()
    )
    if complete and stamp.exists() and stamp.read_text().strip() == key:
        return slug
    return None


def record(opts: Options, key: str, slug: str) -> None:
    """Remember which report these inputs built (written after the report is in place)."""
    index = _index(opts, key)
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(slug + "\n")


def data_fingerprint(data_dir: Path) -> str:
    """A digest of every file in the data folder (names and bytes)."""
    h = hashlib.sha256()
    hash_files(h, [p for p in Path(data_dir).rglob("*") if p.is_file()])
    return h.hexdigest()[:12]


def notebooks_to_run(opts: Options) -> int:
    """How many notebooks a build of `opts` will execute at most, from a cheap look (csv module only)
    at the data: 0 if the country names no member state (the build will stop on that parameter), else
    the sections that apply, fewer for a country that is not the article's subject. Used to start just
    enough warm kernels; the build itself checks everything properly."""
    import csv
    import re

    wanted = opts.country.strip().casefold()
    try:
        with (opts.data / "members.csv").open(newline="", encoding="utf-8") as f:
            iso3 = next(
                (
                    r.get("iso3", "")
                    for r in csv.DictReader(f)
                    if r.get("status") == "member"
                    and wanted
                    in (
                        r.get("country", "").casefold(),
                        r.get("iso3", "").casefold(),
                        re.sub(r"[^a-z0-9]+", "-", r.get("country", "").lower()).strip("-"),
                    )
                ),
                None,
            )
        with (opts.data / "articles.csv").open(newline="", encoding="utf-8") as f:
            subject = next(
                (r.get("subject_iso3") for r in csv.DictReader(f) if r.get("article_id") == opts.article),
                None,
            )
    except (OSError, csv.Error, UnicodeDecodeError):
        return 0
    if iso3 is None:
        return 0
    return sum(1 for s in SECTIONS if subject == iso3 or not s.only_for_subject)
