"""Rules that join two tables, checked once each table is sound on its own."""

import pandas as pd

from ..errors import Problem


def problems(
    tables: dict[str, pd.DataFrame], lines: dict[str, list[int]], shown: dict[str, str]
) -> list[Problem]:
    """Problems across tables: an initiative's chair term is a term of its organisation in the
    chairmanships table."""
    problems = []
    ini, chairs = tables.get("initiatives"), tables.get("chairmanships")
    if ini is not None and chairs is not None and "chair_term_start" in ini:
        terms = set(zip(chairs["organisation"], chairs["term_start"], strict=True))
        for i, r in enumerate(ini.itertuples(index=False)):
            if r.chair_term_start and (r.organisation, r.chair_term_start) not in terms:
                problems.append(
                    Problem(
                        shown["initiatives"],
                        lines["initiatives"][i],
                        "chair_term_start",
                        f"{r.chair_term_start!r} is not the start of a {r.organisation} chair term in {shown['chairmanships']}",
                    )
                )
    return problems
