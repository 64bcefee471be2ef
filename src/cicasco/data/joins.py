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
    problems += _held_at(tables, lines, shown)
    docs, meetings = tables.get("documents"), tables.get("meetings")
    if docs is not None and meetings is not None:
        known = set(meetings["meeting_id"])
        problems += [
            Problem(
                shown["documents"], lines["documents"][i], "meeting_id", f"{m!r} is not a meeting of the data"
            )
            for i, m in enumerate(docs["meeting_id"])
            if m and m not in known
        ]
    return problems


def _held_at(
    tables: dict[str, pd.DataFrame], lines: dict[str, list[int]], shown: dict[str, str]
) -> list[Problem]:
    """An initiative's `held_at` names the meeting or event that held, launched or adopted it; where that
    row is on record as confirmed (it took place), the initiative cannot still read proposed, and its
    launch year is that row's year."""
    ini = tables.get("initiatives")
    if ini is None or "held_at" not in ini:
        return []
    dated = {}
    for table, key in (("meetings", "meeting_id"), ("events", "event_id")):
        df = tables.get(table)
        if df is not None:
            dated |= {r[key]: (r["start_date"], r["status"], table) for r in df.to_dict("records")}
    out = []
    for i, r in enumerate(ini.to_dict("records")):
        where = (shown["initiatives"], lines["initiatives"][i])
        if not r["held_at"]:
            continue
        if r["held_at"] not in dated:
            if dated:  # only judged when the meetings or events were read
                out.append(
                    Problem(*where, "held_at", f"{r['held_at']!r} is not a meeting or event of the data")
                )
            continue
        start, status, table = dated[r["held_at"]]
        if status != "confirmed":
            continue
        if r["status"] not in ("held", "launched", "ongoing"):
            out.append(
                Problem(
                    *where,
                    "status",
                    f"{r['status']!r}, but {r['held_at']!r} ({shown[table]}) is on record as held on {start}",
                )
            )
        elif r["year_launched"] != start[:4]:
            out.append(
                Problem(
                    *where,
                    "year_launched",
                    f"{r['year_launched']!r}, but {r['held_at']!r} was held on {start}",
                )
            )
    return out


def uncited(data, claims: list[pd.DataFrame], shown: str) -> list[Problem]:
    """Sources no row cites: neither a row of a data table nor a claim of any article. A source on the
    list that nothing cites is one no reader can be sent to, so it is an error (remove it, or cite it)."""
    from .ids import split_ids

    cited: set[str] = set()
    for df in [*data.loaded().values(), *claims]:
        for column in [c for c in df.columns if c == "source_ids"]:
            for cell in df[column]:
                cited.update(split_ids(cell))
    return [
        Problem(shown, i + 2, "source_id", f"{sid!r} is cited by no row of any table or claims file")
        for i, sid in enumerate(data.sources["source_id"])
        if sid not in cited
    ]
