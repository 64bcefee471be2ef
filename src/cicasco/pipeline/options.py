"""A build's options: the report parameters as given (defaults from the outline) and the switches."""

from dataclasses import dataclass, field
from pathlib import Path

from ..data import paths
from . import outline


@dataclass
class Options:
    country: str = field(default_factory=lambda: outline.default("country"))
    organisations: str = field(default_factory=lambda: outline.default("organisations"))
    period_start: str = field(default_factory=lambda: outline.default("period_start"))
    period_end: str | None = None
    as_of: str | None = None  # None: the article's publication date
    article: str = field(default_factory=lambda: outline.default("article"))
    data_dir: Path | None = None
    out_root: Path | None = None  # where report/ and figures/ go; default the clone
    force: bool = False  # execute every notebook, ignoring the cache
    cache_dir: Path | None = None  # executed notebooks by input digest; default .cache/ in the clone
    jobs: int = 0  # notebooks run at once; 0 = one per core
    timeout: int = 300  # seconds a notebook may run
    base_url: str = ""  # the address the report is published at (ClaimReview urls); "" = relative
    kernels: object | None = None  # a kernels.KernelPool of warm kernels, if the caller started one
    pdf: bool = True  # write report.pdf (the preview writes it only when asked for)

    # what the report depends on (the rest only says where things go or how fast)
    IDENTITY = (
        "country",
        "organisations",
        "period_start",
        "period_end",
        "as_of",
        "article",
        "base_url",
        "pdf",
    )

    def __post_init__(self) -> None:
        # relative folders are the caller's working folder's: kernels and papermill run elsewhere
        for name in ("data_dir", "out_root", "cache_dir"):
            if getattr(self, name) is not None:
                setattr(self, name, Path(getattr(self, name)).absolute())

    @property
    def cache(self) -> Path:
        return Path(self.cache_dir or paths.CACHE_DIR)

    @property
    def out(self) -> Path:
        return Path(self.out_root or paths.ROOT)

    @property
    def data(self) -> Path:
        return Path(self.data_dir or paths.DATA_DIR)

    def identity(self) -> dict:
        return {k: getattr(self, k) for k in self.IDENTITY}
