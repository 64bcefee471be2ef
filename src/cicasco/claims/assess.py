"""Decide a register: run every claim's check as of the assessment date and on the latest data."""

import inspect

import pandas as pd

from ..data.load import Dataset
from ..data.vocab import OPINION
from . import checks


def _run(name: str, view: Dataset, day: pd.Timestamp, args: dict, said_on: pd.Timestamp) -> checks.Result:
    fn = checks.CHECKS[name]
    extra = {"said_on": said_on} if "said_on" in inspect.signature(fn).parameters else {}
    return fn(view, day, **args, **extra)


def assess(
    data: Dataset, claims: pd.DataFrame, as_of: pd.Timestamp, said_on: pd.Timestamp | None = None
) -> pd.DataFrame:
    """The claims with, as of `as_of`: `computed`, `evidence`, `readings` (verdicts under other readings
    of disputed facts), `reading` (the headline reading's label), `used_sources` and `rows` (the rows the
    check read); and on the latest data: `computed_latest`, `evidence_latest`, `readings_latest`,
    `rows_latest`. `said_on` is the day the claims were made (durations are measured to it; default
    `as_of`).

    Editorial judgement: where the claims file records an editor's verdict (`editor_verdict`, with its
    reason), `computed` is that verdict, the one readers see, and `checked` is what the check alone says;
    elsewhere the two are the same.

    The arguments were checked when the claims were loaded, so an error here is a bug in a check and
    surfaces with its traceback."""
    said_on = said_on if said_on is not None else as_of
    views = (("", checks.as_of_view(data, as_of), as_of), ("_latest", data, data.as_of))
    out = []
    for r in claims.itertuples(index=False):
        row = r._asdict()
        for label, view, day in views:
            res = _run(r.check, view, day, r.args, said_on) if r.check else checks.Result(OPINION, "")
            row[f"computed{label}"], row[f"evidence{label}"] = res.verdict, res.evidence
            row[f"readings{label}"] = res.readings
            row[f"rows{label}"] = res.rows
            if not label:
                row["reading"], row["used_sources"] = res.reading, res.source_ids
        row["checked"] = row["computed"]
        judged = getattr(r, "editor_verdict", "")
        if judged:
            row["computed"] = judged
        out.append(row)
    return pd.DataFrame(out)


def mismatches(assessed: pd.DataFrame) -> pd.DataFrame:
    """Claims whose checks' verdicts differ from the expected ones (as of the date; on the latest data).
    An editor's recorded verdict is not a mismatch: the expected verdict is still the check's."""
    return assessed[
        (assessed["checked"] != assessed["verdict"])
        | (assessed["computed_latest"] != assessed["verdict_latest"])
    ]


def judged(assessed: pd.DataFrame) -> pd.DataFrame:
    """Claims whose editor's verdict differs from what the check alone says."""
    return assessed[assessed["computed"] != assessed["checked"]]


def what_we_found(r) -> str:
    """The one statement a reader gets for a claim: the check's evidence, then the editor's context
    (the claims file's `finding`), which `consistency` holds to the rows the check read; where the
    editor rates the claim otherwise than the check, that comes first, with the reason."""
    judgement = ""
    if getattr(r, "checked", r.computed) != r.computed:
        judgement = (
            f"The data alone says {r.checked}; we rate it {r.computed} because {r.editor_reason.rstrip('.')}."
        )
    return " ".join(t for t in (judgement, r.evidence, r.finding) if t)
