"""The facts a claim states, named so that claims of different articles stating the same fact can be put
side by side (the index's recurring claims), whichever rows their checks happen to read.

A fact is named from the check's arguments and the rows they name:
- a chair term: organisation, state and the day the term began (the term of the state a claim names on
  the day, in the year or at the event it names; where that state did not chair then, the term of the
  state that did);
- a state's chair terms taken together (how many): organisation and state;
- a meeting: organisation, kind and year (a meeting named by its id: the same);
- a membership: organisation and state;
- an event, initiative, statement or figure: its row (its id);
- a chairmanship's theme: organisation and state; a doctrine: state and the doctrine's words.

A claim may state several facts (a state chaired both organisations on a day; a state chaired when an
event took place); it is paired on each. A claim whose check names no row (a term that never began) is
keyed by its check and arguments, and recurs only with a claim asking the data the same question.
No heavy import at module level: the index's fast path imports this module's caller.
"""

import json
import re

MEETING_WORDS = {
    "heads_of_state": "summit",
    "heads_of_government": "heads-of-government meeting",
    "foreign_ministers": "foreign ministers' meeting",
    "other": "meeting",
}

# Checks whose facts are chair terms read from the rows the check reads.
TERM_CHECKS = ("chair_on_date", "term_start", "chair_during_event")


def _cap(words: str) -> str:
    return words[:1].upper() + words[1:]


def _term(r) -> tuple[tuple, str]:
    """A chair term's key and words."""
    import pandas as pd

    from .text import day

    end = "the present" if pd.isna(r.term_end) else day(r.term_end)
    key = ("chair term", r.organisation, r.iso3, f"{r.term_start:%Y-%m-%d}")
    return key, f"{r.country}'s chairmanship of the {r.organisation}, {day(r.term_start)} to {end}"


def _terms_taken_together(data, organisation: str, iso3: str) -> tuple[tuple, str]:
    """All of a state's chair terms of an organisation, as a count claims."""
    import pandas as pd

    from ..claims.checks.words import name

    c = data.chairmanships
    mine = c[(c["organisation"] == organisation) & (c["iso3"] == iso3)].sort_values("term_start")
    spans = ", ".join(
        f"{s:%Y}–" + ("" if pd.isna(e) else f"{e:%y}")
        for s, e in zip(mine["term_start"], mine["term_end"], strict=True)
    )
    words = f"{name(data, iso3)}'s chair terms of the {organisation}" + (f": {spans}" if spans else "")
    return ("chair terms", organisation, iso3), words


def _meeting(data, organisation: str, kind: str, year: int) -> tuple[tuple, str]:
    """The meeting of a kind an organisation held in a year."""
    from .text import day

    m = data.meetings
    found = m[(m["organisation"] == organisation) & (m["kind"] == kind) & (m["start_date"].dt.year == year)]
    what = MEETING_WORDS.get(kind, "meeting")
    if len(found) == 1:
        r = found.iloc[0]
        where = f" in {r['city']}" if r["city"] else ""
        words = f"the {organisation} {what}{where}, {day(r['start_date'])}"
    else:
        words = f"the {organisation} {what} of {year}"
    return ("meeting", organisation, kind, int(year)), words


def _event(data, event_id: str) -> tuple[tuple, str]:
    """An event by its id; a meeting's id names the meeting (organisation, kind, year)."""
    ev = data.events[data.events["event_id"] == event_id]
    if ev.empty:
        m = data.meetings[data.meetings["meeting_id"] == event_id]
        if not m.empty:
            r = m.iloc[0]
            return _meeting(data, r["organisation"], r["kind"], r["start_date"].year)
        return ("event", event_id), ""
    return ("event", event_id), str(ev.iloc[0]["name"])


def _row(data, table: str, column: str, value: str) -> tuple[tuple, str]:
    """An initiative, statement or figure by its id."""
    from .text import day

    df = getattr(data, table)
    found = df[df[column] == value]
    kind = {"initiatives": "initiative", "statements": "statement", "quantities": "figure"}[table]
    if found.empty:
        return (kind, value), ""
    r = found.iloc[0]
    words = {
        "initiatives": lambda: str(r["name"]),
        "statements": lambda: f"the statement by {r['actor']} ({r['occasion']})",
        "quantities": lambda: f"{r['measure']} ({day(r['date'])})",
    }[table]()
    return (kind, value), words


def _terms_read(data, check: str, args: dict, said_on) -> list[tuple[tuple, str]]:
    """The chair terms a chair check names: those it reads on the latest data, of the state the claim
    names where it is among them (else of the state that chaired), in the year a term_start names."""
    import pandas as pd

    from ..claims import assess

    result = assess._run(check, data, data.as_of, args, said_on)
    frames = [df for table, df in result.rows if table == "chairmanships" and len(df)]
    if not frames:
        return []
    rows = pd.concat(frames).drop_duplicates(["organisation", "iso3", "term_start"])
    if check == "term_start":
        rows = rows[rows["term_start"].dt.year == int(args["year"])]
    out = []
    for _, terms in rows.groupby("organisation", sort=False):
        mine = terms[terms["iso3"] == args.get("iso3")]
        out += [_term(r) for r in (mine if len(mine) else terms).sort_values("term_start").itertuples()]
    return out


def facts(data, check: str, args: dict, said_on) -> list[tuple[tuple, str]]:
    """The facts a claim's check states: [(key, words)], keys equal for the same fact whatever the
    claim's other arguments; words describe the fact for a reader (no id, code or column name)."""
    from ..claims.checks.words import name

    org, iso3 = args.get("organisation"), args.get("iso3")
    if check == "term_count":
        out = [_terms_taken_together(data, org, iso3)]
    elif check == "meeting_held":
        out = [_meeting(data, org, args["kind"], int(args["year"]))]
    elif check == "member_since":
        out = [(("membership", org, iso3), f"{name(data, iso3)}'s membership of the {org}")]
    elif check == "theme":
        out = [(("theme", org, iso3), f"the theme of {name(data, iso3)}'s {org} chairmanship")]
    elif check == "doctrine_attributed":
        words = " ".join(re.findall(r"\w+", str(args["doctrine"]).casefold()))
        out = [(("doctrine", iso3, words), f"the “{args['doctrine']}” doctrine of {name(data, iso3)}")]
    else:
        out = [_event(data, args[a]) for a in ("event_id", "from_event_id") if a in args]
        out += [
            _row(data, table, column, args[arg])
            for arg, table, column in (
                ("initiative_id", "initiatives", "initiative_id"),
                ("statement_id", "statements", "statement_id"),
                ("fact_id", "quantities", "fact_id"),
            )
            if args.get(arg)
        ]
        if check in TERM_CHECKS:
            out += _terms_read(data, check, args, said_on)
    if not out:
        return [(("check", check, json.dumps(args, sort_keys=True)), "")]
    return [(key, _cap(words)) for key, words in dict(out).items()]
