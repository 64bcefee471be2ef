"""CONTRIBUTING's table of checks is the code's: every check of src/cicasco/claims/checks/, each with the
arguments its function takes (optional ones in brackets) and the tables whose ids it accepts, and an
example `check_args` that the loader accepts. A check, an argument or an id table added to the code and
not to the table fails here."""

import inspect
import json
import re

from cicasco.claims import checks
from cicasco.claims.checks.base import id_tables
from cicasco.data import paths

CONTRIBUTING = paths.ROOT / "CONTRIBUTING.md"
HEADER = "| the claim says | check | arguments ([optional]) | ids it accepts | `check_args`, for example |"


def arguments_cell(name: str) -> str:
    sig = inspect.signature(checks.CHECKS[name])
    required = {a for a in checks.arguments(name) if sig.parameters[a].default is inspect.Parameter.empty}
    return ", ".join(f"`{a}`" if a in required else f"[`{a}`]" for a in checks.arguments(name))


def ids_cell(name: str) -> str:
    cells = [
        f"`{a}`: " + " or ".join(f"`{column}` of `{table}.csv`" for table, column in id_tables(name, a))
        for a in checks.arguments(name)
        if id_tables(name, a)
    ]
    return "; ".join(cells) or "none: finds its rows from the other arguments"


def table_rows() -> dict[str, list[str]]:
    """The rows of CONTRIBUTING's table of checks, by check: [claim says, check, arguments, ids, example]."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    assert HEADER in text, "CONTRIBUTING has no table of checks"
    rows = {}
    for line in text[text.index(HEADER) :].splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows[cells[1].strip("`")] = cells
    return rows


def test_the_table_lists_every_check_with_its_arguments_and_id_tables():
    rows = table_rows()
    assert list(rows) == list(checks.CHECKS)  # every check, in the registry's order, and no other
    for name, (_, _, args, ids, _) in rows.items():
        assert args == arguments_cell(name), name
        assert ids == ids_cell(name), name


def test_every_example_is_accepted_by_its_check(data):
    for name, row in table_rows().items():
        example = json.loads(row[4].strip("`"))
        assert checks.argument_problems(data, name, example) == [], name
