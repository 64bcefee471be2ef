"""The report's outline and parameter defaults, read from outline.toml (stdlib only: the fast path of
`cicasco build` reads it before anything heavy is imported)."""

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None
    help: str

    def cell_line(self) -> str:
        """The line of a notebook's parameters cell that declares this parameter."""
        kind = self.type if self.type == "str" else f'"{self.type}"'
        value = "None" if self.default is None else f'"{self.default}"'
        return f"{self.name}: {kind} = {value}  # {self.help}"


@dataclass(frozen=True)
class Section:
    notebook: str  # file name under notebooks/
    tables: tuple[str, ...]  # data tables it reads (declared; a test checks it against what it really reads)
    article: bool  # whether it reads the article and its claims
    only_for_subject: bool  # left out unless the report's country is the article's subject

    @property
    def name(self) -> str:
        return self.notebook.removesuffix(".ipynb")


@cache
def _outline() -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("outline.toml").read_text(encoding="utf-8"))


@cache
def parameters() -> tuple[Parameter, ...]:
    return tuple(
        Parameter(n, p["type"], p.get("default"), p["help"]) for n, p in _outline()["parameters"].items()
    )


@cache
def sections() -> tuple[Section, ...]:
    return tuple(
        Section(s["notebook"], tuple(s["tables"]), s["article"], s["only_for_subject"])
        for s in _outline()["section"]
    )


def default(name: str) -> str | None:
    return next(p.default for p in parameters() if p.name == name)


PARAMETERS_HEADER = (
    "# Parameters: papermill replaces these literal defaults (`papermill ... -p country China`)."
)


def parameters_cell() -> str:
    """The source of every notebook's parameters cell."""
    return "\n".join([PARAMETERS_HEADER, *(p.cell_line() for p in parameters())])
