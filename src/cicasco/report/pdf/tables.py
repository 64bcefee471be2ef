"""An HTML table of the page -> a Typst table that fits the page, with its header row repeated on every
page it runs over. Column widths are shares of the page, from how much each column holds."""

from collections.abc import Callable

from bs4 import Tag

from . import markup as m


def _cells(row: Tag) -> list[Tag]:
    return row.find_all(["th", "td"], recursive=False)


# DejaVu Sans at 8 pt: about 5 pt a character (a little over its mean, so estimates err wide), a cell's
# padding, and the width of the A4 page between its margins
CHAR, PAD, PAGE = 5.0, 8.0, 481.0
LONGEST_WORD = 18  # a longer run may break anywhere (markup.breakable)
WIDEST = 40  # characters a column may ask for: a column of long titles should not starve the others


def widths(rows: list[list[str]]) -> list[float]:
    """Column widths in points, as a browser lays out a table: each column at least as wide as its
    longest word, and the rest of the page shared by how much wider each column would like to be."""
    n = max((len(r) for r in rows), default=0)
    lo, hi = [], []
    for i in range(n):
        texts = [r[i] for r in rows if i < len(r)]
        word = max((min(len(w), LONGEST_WORD) for t in texts for w in t.split()), default=1)
        lo.append(word * CHAR + PAD)
        hi.append(min(max((len(t) for t in texts), default=1), WIDEST) * CHAR + PAD)
    if sum(hi) <= PAGE:
        return hi
    spare = PAGE - sum(lo)
    extra = [h - low for h, low in zip(hi, lo, strict=True)]
    if spare <= 0 or not sum(extra):
        return lo
    return [low + spare * e / sum(extra) for low, e in zip(lo, extra, strict=True)]


def table(el: Tag, inline: Callable[[Tag], str]) -> str:
    """`#report-table(...)`: caption, header cells, body cells row by row."""
    head_rows = el.thead.find_all("tr") if el.thead else []
    body = el.tbody or el
    body_rows = [r for r in body.find_all("tr", recursive=False) if r not in head_rows]
    if not head_rows and body_rows and all(c.name == "th" for c in _cells(body_rows[0])):
        head_rows, body_rows = [body_rows[0]], body_rows[1:]
    header = [_cell(c, inline) for c in _cells(head_rows[-1])] if head_rows else []
    texts = [[c.get_text(" ", strip=True) for c in _cells(r)] for r in [*head_rows[-1:], *body_rows]]
    weights = widths(texts)
    if not weights:
        return ""
    cells = [_cell(c, inline) for r in body_rows for c in _padded(_cells(r), len(weights))]
    cap = el.find("caption", recursive=False)
    args = [
        f"caption: [{inline(cap)}]" if cap else "caption: none",
        f"widths: ({', '.join(f'{w:.1f}fr' for w in weights)},)",
        f"header: ({', '.join(header)},)" if header else "header: ()",
        *cells,
    ]
    return "#report-table(\n  " + ",\n  ".join(args) + ",\n)"


def _padded(cells: list, n: int) -> list:
    return cells + [None] * (n - len(cells))


def _cell(c: Tag | None, inline: Callable[[Tag], str]) -> str:
    if c is None:
        return "[]"
    span = int(c.get("colspan", 1) or 1)
    body = m.content(inline(c))
    return f"table.cell(colspan: {span}, {body})" if span > 1 else body
