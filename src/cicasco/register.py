"""The assertion register: an article's claims, validated against its text, decided by the checks."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import checks
from .errors import DataError, Problem
from .paths import display_path
from .tables import Dataset, note_read, read_csv, schema_problems, trusted

# A full stop after these does not end a sentence ("St. Petersburg").
ABBREVIATIONS = ("St.", "Mr.", "Dr.", "Mt.", "No.", "U.S.", "U.N.")


@dataclass(frozen=True)
class Article:
    article_id: str
    title: str
    author: str
    outlet: str
    date_published: pd.Timestamp
    url: str
    subject_iso3: str
    paragraphs: tuple[str, ...]
    claims_file: Path
    source_ids: str


def read_article(data: Dataset, article_id: str) -> Article:
    """The article's metadata row and its body paragraphs: the non-empty lines after the title line,
    up to the byline (a line starting 'The writer is'), as received."""
    rows = data.articles[data.articles["article_id"] == article_id]
    if rows.empty:
        valid = ", ".join(data.articles["article_id"])
        raise DataError(
            [
                Problem(
                    "parameter article",
                    None,
                    None,
                    f"{article_id!r} is not in data/articles.csv; valid: {valid}",
                )
            ]
        )
    r = rows.iloc[0]
    path = data.data_dir / r["text_file"]
    if not path.exists():
        raise DataError(
            [
                Problem(
                    display_path(data.data_dir / "articles.csv"),
                    None,
                    "text_file",
                    f"{r['text_file']!r}: file not found",
                )
            ]
        )
    note_read(path)
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    body = []
    for ln in lines[1:]:
        if ln.startswith("The writer is"):
            break
        body.append(ln)
    return Article(
        r["article_id"],
        r["title"],
        r["author"],
        r["outlet"],
        r["date_published"],
        r["url"],
        r["subject_iso3"],
        tuple(body),
        data.data_dir / r["claims_file"],
        r["source_ids"],
    )


def sentences(paragraph: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of a paragraph."""
    spans, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[A-Z“\"‘'(])", paragraph):
        if any(paragraph[: m.end()].endswith(a) for a in ABBREVIATIONS):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    return spans


def load_claims(data: Dataset, article: Article) -> pd.DataFrame:
    """Read and validate the claims file: schema, quotes found verbatim in their paragraph, check
    arguments that parse and fit the check, and every sentence of the article covered by a quote."""
    path = article.claims_file
    shown = display_path(path)
    df, lines = read_csv(path)
    problems = []
    if not trusted(data.data_dir):
        from . import schema

        sch = schema.claims_schema(frozenset(data.sources["source_id"]), frozenset(checks.CHECKS))
        problems = schema_problems(df, lines, sch, shown)
    if problems:
        raise DataError(problems)
    args = []
    for i, r in df.iterrows():
        line = lines[i]
        p = int(r["paragraph"])
        if p > len(article.paragraphs):
            problems.append(
                Problem(
                    shown,
                    line,
                    "paragraph",
                    f"{p} is past the article's last paragraph ({len(article.paragraphs)})",
                )
            )
            args.append({})
            continue
        if r["quote"] not in article.paragraphs[p - 1]:
            problems.append(
                Problem(
                    shown,
                    line,
                    "quote",
                    f"{r['quote'][:60]!r} is not found verbatim in paragraph {p}",
                )
            )
        parsed = {}
        if r["check"]:
            try:
                parsed = json.loads(r["check_args"] or "{}")
                if not isinstance(parsed, dict):
                    raise ValueError("not a JSON object")
            except ValueError as e:
                problems.append(Problem(shown, line, "check_args", f"is not a JSON object ({e})"))
                parsed = {}
            allowed = checks.arguments(r["check"])
            extra = sorted(set(parsed) - set(allowed))
            if extra:
                problems.append(
                    Problem(
                        shown,
                        line,
                        "check_args",
                        f"{extra} not accepted by {r['check']} (accepts: {', '.join(allowed)})",
                    )
                )
        args.append(parsed)
    for p, text in enumerate(article.paragraphs, start=1):
        quotes = df[df["paragraph"] == str(p)]["quote"]
        covered = [(text.find(q), text.find(q) + len(q)) for q in quotes if q in text]
        for s, e in sentences(text):
            if not any(a < e and s < b for a, b in covered):
                problems.append(
                    Problem(
                        shown,
                        None,
                        "quote",
                        f"paragraph {p}: no claim covers the sentence {text[s:e][:70]!r}",
                    )
                )
    if problems:
        raise DataError(problems)
    df["paragraph"] = df["paragraph"].astype(int)
    df.attrs["file"] = shown  # where a failing check's message points
    df["args"] = args
    df["line"] = lines
    return df


def assess(data: Dataset, claims: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Run every claim's check on the data as it stood on `as_of` and on the latest data.

    Returns the claims with `computed` and `evidence` (as of the date), `computed_latest` and
    `evidence_latest`, and `data_sources` (the source ids of the rows the checks used)."""
    views = {"as_of": checks.as_of_view(data, as_of), "latest": data}
    out = []
    for r in claims.itertuples(index=False):
        row = r._asdict()
        for label, view, day in (
            ("", views["as_of"], as_of),
            ("_latest", views["latest"], data.as_of),
        ):
            if not r.check:
                row[f"computed{label}"], row[f"evidence{label}"], used = "opinion", "", []
            else:
                try:
                    res = checks.CHECKS[r.check](view, day, **r.args)
                except (TypeError, KeyError, ValueError) as e:
                    raise DataError(
                        [
                            Problem(
                                claims.attrs.get("file", "claims.csv"),
                                r.line,
                                "check_args",
                                f"{r.check} failed: {e}",
                            )
                        ]
                    ) from e
                row[f"computed{label}"], row[f"evidence{label}"], used = (
                    res.verdict,
                    res.evidence,
                    res.source_ids,
                )
            if not label:
                row["data_sources"] = ";".join(used)
        out.append(row)
    return pd.DataFrame(out)


def mismatches(assessed: pd.DataFrame) -> pd.DataFrame:
    """Claims whose computed verdicts differ from the expected ones (as of the date; on the latest data)."""
    return assessed[
        (assessed["computed"] != assessed["verdict"])
        | (assessed["computed_latest"] != assessed["verdict_latest"])
    ]


def claims_by_initiative(data: Dataset, article: Article) -> dict[str, list[str]]:
    """For each initiative id, the claims whose check names it."""
    links: dict[str, list[str]] = {}
    for r in load_claims(data, article).itertuples():
        if "initiative_id" in r.args:
            links.setdefault(r.args["initiative_id"], []).append(r.claim_id)
    return links
