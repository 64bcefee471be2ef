"""An article: its metadata row and its body paragraphs, read from the data folder."""

import calendar
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..data.load import Dataset
from ..data.paths import display_path
from ..data.vocab import INVISIBLE, UNSIGNED
from ..errors import DataError, ParameterError, Problem

# A full stop after these does not end a sentence ("St. Petersburg").
ABBREVIATIONS = ("St.", "Mr.", "Dr.", "Mt.", "No.", "U.S.", "U.N.")
# A sentence ends at . ! or ?, after any closing quotes or brackets, before a space and a capital or an
# opening quote.
SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*(?=\s+[A-Z“\"‘'(])")


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
    text_file: Path
    claims_file: Path
    source_ids: str
    review_first_published: pd.Timestamp = pd.NaT  # the fact-check's first publication; NaT before it
    review_updated: pd.Timestamp = pd.NaT
    kind: str = ""  # news, opinion or analysis

    @property
    def signed(self) -> bool:
        """Whether a byline names the author (`author` is 'Unsigned', or empty, where none does)."""
        return self.author.strip() not in UNSIGNED

    @property
    def cited_title(self) -> str:
        """The title as a citation gives it: a headline in quotes; the description in square brackets
        given to an article without a headline, as it is."""
        return self.title if self.title.startswith("[") else f"“{self.title}”"

    def credit(self) -> str:
        """'Zaman Bajwa, The Nation, 12 December 2023'; 'unsigned, eurasia.ro, 26 July 2024'."""
        d = self.date_published
        when = f"{d.day} {calendar.month_name[d.month]} {d.year}"
        return f"{self.author if self.signed else 'unsigned'}, {self.outlet}, {when}"


def _inside(data_dir: Path, name: str, line: int, column: str) -> Path:
    """The file a cell names, which must lie inside the data folder (nothing else is read)."""
    path = (data_dir / name).resolve()
    shown = display_path(data_dir / "articles.csv")
    if not path.is_relative_to(Path(data_dir).resolve()):
        raise DataError([Problem(shown, line, column, f"{name!r} lies outside the data folder")])
    if not path.is_file():
        raise DataError([Problem(shown, line, column, f"{name!r}: file not found")])
    return path


def body(text: str, ends_before: str = "") -> tuple[str, ...]:
    """The body paragraphs: the non-empty lines after the title line, up to (not including) the first
    line that starts with `ends_before` (the byline), if given."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][1:]
    if ends_before:
        cut = next((i for i, ln in enumerate(lines) if ln.startswith(ends_before)), len(lines))
        lines = lines[:cut]
    return tuple(lines)


def read_text(path: Path) -> str:
    """An article's text, which must be UTF-8 with no invisible control or bidi characters and hold a
    title line and a body: anything else is one error naming the file and line."""
    shown, raw = display_path(path), path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DataError(
            [Problem(shown, line, None, f"is not UTF-8 text (byte 0x{raw[e.start]:02x})")]
        ) from None
    # searched in the whole text, not line by line: splitlines() itself splits at U+2028 and its kin,
    # and at a carriage return without a line feed (an old Mac line end: every later paragraph moved)
    hidden = re.search(INVISIBLE + r"|\r(?!\n)", text)
    if hidden:
        n = text[: hidden.start()].count("\n") + 1
        what = f"U+{ord(hidden.group()):04X}"
        raise DataError(
            [
                Problem(
                    shown,
                    n,
                    None,
                    f"holds a control character or an invisible mark ({what}: a control, separator or bidi character); remove it",
                )
            ]
        )
    if len([ln for ln in text.splitlines() if ln.strip()]) < 2:
        raise DataError(
            [Problem(shown, None, None, "has no paragraphs (expected a title line, then the body)")]
        )
    return text


def read_article(data: Dataset, article_id: str) -> Article:
    """The article's row and text. An unknown id is a parameter error; a bad row is a data error."""
    arts = data.articles
    found = arts.index[arts["article_id"] == article_id]
    if not len(found):
        valid = ", ".join(arts["article_id"])
        raise ParameterError(
            f"parameter article: {article_id!r} is not an article of the data; valid: {valid}"
        )
    i = found[0]
    r, line = arts.loc[i], int(i) + 2
    text_path = _inside(data.data_dir, r["text_file"], line, "text_file")
    claims_path = _inside(data.data_dir, r["claims_file"], line, "claims_file")
    paragraphs = body(read_text(text_path), r.get("body_ends_before", "") or "")
    return Article(
        r["article_id"],
        r["title"],
        r["author"],
        r["outlet"],
        r["date_published"],
        r["url"],
        r["subject_iso3"],
        paragraphs,
        text_path,
        claims_path,
        r["source_ids"],
        r.get("review_first_published", pd.NaT),
        r.get("review_updated", pd.NaT),
        r.get("kind", ""),
    )


def sentences(paragraph: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of a paragraph."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(paragraph):
        if any(paragraph[: m.start() + 1].endswith(a) for a in ABBREVIATIONS):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    return spans
