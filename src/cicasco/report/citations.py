"""Numbered citations: the report cites sources by `<cite data-src="id">` markers; one pass over the
finished page numbers them in order of first use, links each to its entry in the reference list, and
the list holds only the sources cited."""

import pandas as pd
from bs4 import BeautifulSoup
from markupsafe import Markup, escape

from ..data.ids import split_ids


def cite(source_ids) -> Markup:
    """Markers for the sources of a row (a `source_ids` cell, or a list of ids)."""
    ids = split_ids(source_ids) if isinstance(source_ids, str) else list(source_ids)
    # spaced, so a run of citations can wrap in a narrow table column
    return Markup(" ".join(f'<cite data-src="{escape(i)}"></cite>' for i in dict.fromkeys(ids)))


def number(page: str, sources: pd.DataFrame) -> tuple[str, list[dict]]:
    """The page with every marker replaced by a numbered link and the cited sources listed, in number
    order, in its `ol.references` (placed through the document tree, never by searching the text)."""
    soup = BeautifulSoup(page, "html.parser")
    known = sources.set_index("source_id")
    order: dict[str, int] = {}
    for el in soup.find_all("cite", attrs={"data-src": True}):
        sid = el["data-src"]
        if sid not in known.index:
            el.decompose()
            continue
        n = order.setdefault(sid, len(order) + 1)
        a = soup.new_tag("a", attrs={"class": "cite", "href": f"#ref-{n}"})
        a.string = f"[{n}]"
        el.replace_with(a)
    refs = []
    for sid, n in order.items():
        r = known.loc[sid]
        refs.append(
            {
                "n": n,
                "publisher": r["publisher"],
                "title": r["title"],
                "published": r["date_published"],
                "read": r["date_accessed"],
                "refound": r.get("refound", "yes") != "no",
                "checked": r.get("date_checked") or r["date_accessed"],
                "url": r["url"],
            }
        )
    target = soup.find("ol", class_="references")
    if target is not None:
        for ref in refs:
            target.append(_entry(soup, ref))
    return str(soup), refs


def shown_url(url: str) -> str:
    """The address as a reader reads it: without the tracking parameters (utm_…) some sites append; the
    link itself is the address as read."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("utm_")]
    return urlunsplit(parts._replace(query=urlencode(query))) if parts.query else url


def _entry(soup: BeautifulSoup, r: dict):
    """One reference: publisher. Title. Published date. Address (read on …, or not found again when
    checked on …)."""
    li = soup.new_tag("li", attrs={"id": f"ref-{r['n']}"})
    li.append(f"{r['publisher']}. ")
    title = soup.new_tag("cite", attrs={"class": "title"})
    title.string = str(r["title"])
    li.append(title)
    li.append(".")
    if r["published"]:
        li.append(f" Published {r['published']}.")
    li.append(" ")
    a = soup.new_tag("a", attrs={"href": r["url"]})
    a.string = shown_url(r["url"])
    li.append(a)
    li.append(
        f" (read {r['read']})." if r["refound"] else f" (not found again when checked on {r['checked']})."
    )
    return li
