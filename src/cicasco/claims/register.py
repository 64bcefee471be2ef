"""The assertion register: an article's claims file, validated against the article and the checks."""

import json

import pandas as pd

from ..data import schema
from ..data.load import Dataset, read_csv
from ..data.paths import display_path
from ..errors import DataError, Problem
from . import checks
from .article import Article, sentences

STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _quote_problem(quote: str, paragraph: str, p: int) -> str | None:
    if quote in paragraph:
        return None
    hint = ""
    if quote.translate(STRAIGHT) in paragraph.translate(STRAIGHT):
        hint = " (it is there with other quote marks or dashes: copy them as printed, e.g. “ ” ’ –)"
    return f"{quote[:60]!r} is not found verbatim in paragraph {p}{hint}"


def _arguments(data: Dataset, r, shown: str, line: int) -> tuple[dict, list[Problem]]:
    """The claim's check arguments, parsed and checked against the check's signature and the data."""
    try:
        parsed = json.loads(r["check_args"] or "{}")
    except ValueError as e:
        return {}, [Problem(shown, line, "check_args", f"is not a JSON object ({e})")]
    if not isinstance(parsed, dict):
        return {}, [Problem(shown, line, "check_args", "is not a JSON object")]
    return parsed, [
        Problem(shown, line, "check_args", m) for m in checks.argument_problems(data, r["check"], parsed)
    ]


def _uncovered(df: pd.DataFrame, article: Article, shown: str) -> list[Problem]:
    problems = []
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
    return problems


def load_claims(data: Dataset, article: Article, validate: bool = True) -> pd.DataFrame:
    """Read and validate the claims file: schema, quotes found verbatim in their paragraph, check
    arguments that fit the check and name rows that exist, every sentence covered by a quote. With
    validate=False (the build has just validated this file) only the arguments are parsed."""
    path = article.claims_file
    shown = display_path(path)
    df, lines = read_csv(path)
    if validate:
        sch = schema.claims_schema(frozenset(data.sources["source_id"]), frozenset(checks.CHECKS))
        problems = schema.validate(df, lines, sch, shown)
        if problems:
            raise DataError(problems)
    problems, args = [], []
    for i, r in df.iterrows():
        line, p = lines[i], int(r["paragraph"])
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
        found = _quote_problem(r["quote"], article.paragraphs[p - 1], p)
        if found:
            problems.append(Problem(shown, line, "quote", found))
        parsed, bad = _arguments(data, r, shown, line) if r["check"] else ({}, [])
        if not validate:
            bad = []
        problems += bad
        args.append(parsed)
    problems += _uncovered(df, article, shown)
    if problems:
        raise DataError(problems)
    df["paragraph"] = df["paragraph"].astype(int)
    for optional in ("verdict_published", "editor_verdict", "editor_reason"):
        if optional not in df:
            df[optional] = ""
    df.attrs["file"] = shown  # where a failing check's message points
    df["args"] = args
    df["line"] = lines
    return df
