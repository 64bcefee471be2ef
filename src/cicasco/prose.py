"""Numbers and data text in prose: built from computed values, escaped so data cannot inject markup."""

import html

import pandas as pd
from IPython.display import HTML, Markdown


def esc(value) -> str:
    """Text from the data, made inert in Markdown rendered to HTML."""
    return html.escape(str(value), quote=True)


def plural(n: int | float, word: str, words: str | None = None) -> str:
    n = int(n)
    return f"{n} {word if n == 1 else (words or word + 's')}"


def times(n: int) -> str:
    return {0: "never", 1: "once", 2: "twice"}.get(int(n), f"{int(n)} times")


def day(ts) -> str:
    return "—" if pd.isna(ts) else f"{ts:%-d %B %Y}"


def md(text: str) -> Markdown:
    return Markdown(text)


def table(df: pd.DataFrame, caption: str = "", classes: str = "report-table") -> HTML:
    """A data table as escaped HTML (no index), with an optional caption. Missing values show as
    blanks and column names with spaces, for readers."""
    shown = df.astype(object).where(df.notna(), "").rename(columns=lambda c: str(c).replace("_", " "))
    body = shown.to_html(index=False, escape=True, border=0, classes=classes)
    if caption:
        body = body.replace(">", f"><caption>{esc(caption)}</caption>", 1)
    return HTML(body)
