"""Prose and tables built from data: every value is escaped exactly once and nothing is parsed as
Markdown, so text from the data is always shown as text."""

import calendar

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup, escape


def say(template: str, **values) -> HTML:
    """HTML from a template written in the notebook (trusted) and values from the data (escaped):
    say("<p>{name} chaired {n} times.</p>", name=c.name, n=3)."""
    return HTML(str(Markup(template).format(**values)))


def plural(n: int | float, word: str, words: str | None = None) -> str:
    n = int(n)
    return f"{n} {word if n == 1 else (words or word + 's')}"


def times(n: int) -> str:
    return {0: "never", 1: "once", 2: "twice"}.get(int(n), f"{int(n)} times")


def day(ts) -> str:
    """'12 December 2023'; a dash where there is no date."""
    return "—" if pd.isna(ts) else f"{ts.day} {calendar.month_name[ts.month]} {ts.year}"


def listing(items: list[str], last: str = "and") -> str:
    """'a, b and c'; with last='; and' the items are joined by semicolons."""
    items = [str(i) for i in items]
    sep = "; " if last.startswith(";") else ", "
    return (
        items[0]
        if len(items) == 1
        else f"{sep.join(items[:-1])}{last if sep == '; ' else ' ' + last} {items[-1]}"
        if items
        else ""
    )


def table(
    df: pd.DataFrame, caption: str = "", sources: pd.Series | None = None, classes: str = "report-table"
) -> HTML:
    """A data table as escaped HTML (no index) in a box that scrolls sideways on a narrow screen.
    Missing values show as blanks, booleans as yes/no, column names as given; `sources` (source-id
    cells, one per row) adds a column of numbered citations."""
    shown = df.astype(object).where(df.notna(), "")
    shown = shown.map(lambda v: "yes" if v is True else "no" if v is False else v).map(
        lambda v: str(escape(v))
    )
    shown.columns = [str(escape(c)) for c in shown.columns]
    if sources is not None:
        from .citations import cite

        shown["Sources"] = [str(cite(s)) for s in sources]
    body = labelled(shown.to_html(index=False, escape=False, border=0, classes=classes), caption)
    return HTML(
        f'<div class="table-scroll" role="region" aria-label="{escape(caption or "table")}" tabindex="0">{body}</div>'
    )


def labelled(html: str, caption: str = "") -> str:
    """The table with its caption, each cell labelled with its column's name (`data-label`, which a
    narrow screen shows beside the value when rows stack as blocks) and ARIA roles that keep it a
    table for screen readers once the stylesheet changes how it is displayed. Edited through the
    document tree."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    t = soup.find("table")
    t["role"] = "table"
    if caption:
        cap = soup.new_tag("caption")
        cap.string = caption
        t.insert(0, cap)
    thead = t.find("thead")  # find_all, not a CSS selector: compiling one costs a fresh kernel 0.1 s
    heads = [th.get_text(" ", strip=True) for th in thead.find_all("th")] if thead else []
    for group in t.find_all(["thead", "tbody"]):
        group["role"] = "rowgroup"
    for tr in t.find_all("tr"):
        tr["role"] = "row"
        for th in tr.find_all("th"):
            th["role"] = "columnheader"
        for head, td in zip(heads, tr.find_all("td"), strict=False):
            td["role"], td["data-label"] = "cell", head
    return str(soup)


def entries(items: list[tuple[str, str, str]], caption: str) -> HTML:
    """Items too long for a table cell, as a captioned list: (heading, text, source-id cell) each,
    the text escaped and its sources as numbered citations."""
    from .citations import cite

    rows = "".join(f"<dt>{escape(head)}</dt><dd>{escape(body)} {cite(src)}</dd>" for head, body, src in items)
    return HTML(f'<figure class="entries"><figcaption>{escape(caption)}</figcaption><dl>{rows}</dl></figure>')
