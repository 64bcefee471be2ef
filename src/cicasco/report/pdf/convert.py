"""The report's HTML page -> Typst markup, element by element, so the PDF says what the page says.

The page is the one source of content: this walks its tree (the findings, the contents, each section,
claim cards, tables, figures, the source list) and writes each element as a call of the layout in
report.typ. Text is only ever written through `markup.join`/`markup.text` (escaped string literals).
Images are the page's own data URIs, decoded into files the compiler reads; nothing else is fetched.
"""

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

from . import markup as m
from .images import embed
from .markup import Markup
from .tables import table

BLOCK = {"p", "div", "section", "article", "header", "nav", "main", "figure", "figcaption", "details"}
BLOCK |= {"summary", "h1", "h2", "h3", "h4", "ul", "ol", "li", "dl", "dt", "dd", "table", "hr", "pre"}
PARAGRAPH_STYLE = {
    "kicker": "kicker",
    "subtitle": "subtitle",
    "dateline": "dateline",
    "quote": "quote-par",
    "correction": "correction",
    "reading": "muted-par",
    "later": "muted-par",
    "cite-block": "cite-block",
}


@dataclass
class Document:
    """What the converter gives the compiler: the markup, the images it names, the metadata."""

    body: str
    title: str
    images: dict[str, bytes] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)


class Converter:
    def __init__(self, soup: BeautifulSoup, ids: set[str] | None = None):
        body = soup.body or soup
        self.ids = {el["id"] for el in body.find_all(id=True)} if ids is None else ids
        self.labelled: set[str] = set()  # ids given a label so far: the only link targets there are
        self.linked: set[str] = set()
        self.images: dict[str, bytes] = {}
        self.breaks = False  # in a table cell, a long unbroken run may break anywhere

    # blocks ------------------------------------------------------------------------------------------
    def blocks(self, node: Tag) -> str:
        """A node's children as block markup: runs of inline content become paragraphs."""
        out, run = [], []
        for child in node.children:
            if isinstance(child, Tag) and child.name in BLOCK:
                out.append(m.join(self.inline_parts(run)))
                run = []
                out.append(self.block(child))
            elif isinstance(child, Tag) and child.name in ("script", "style"):
                continue
            else:
                run.append(child)
        out.append(m.join(self.inline_parts(run)))
        return "\n\n".join(p for p in out if p)

    def anchor(self, el: Tag) -> str:
        """The element's label (recorded as given), or ''."""
        lab = m.label(el.get("id"))
        if not lab:
            return ""
        self.labelled.add(el["id"])
        return lab

    def item(self, li: Tag) -> str:
        """A list item's content, labelled when it has an id."""
        lab = self.anchor(li)
        return (f"#metadata(none) {lab}" if lab else "") + self.blocks(li)

    def block(self, el: Tag) -> str:
        classes = set(el.get("class", []))
        handler = getattr(self, f"_block_{el.name}", None)
        body = handler(el, classes) if handler else self.blocks(el)
        if el.name not in ("h1", "h2", "h3", "h4", "figure", "article", "li") and el.get("id"):
            anchor = self.anchor(el)
            body = f"#metadata(none) {anchor}\n{body}" if anchor else body
        return body

    def _block_p(self, el: Tag, classes: set) -> str:
        body = self.inline(el)
        style = next((PARAGRAPH_STYLE[c] for c in classes if c in PARAGRAPH_STYLE), None)
        return m.call(style, body=body) if style else f"#par[{body}]"

    def _heading(self, el: Tag, level: int) -> str:
        body = self.inline(el)
        anchor = self.anchor(el)
        if "report-title" in el.get("class", []):
            return m.call(
                "masthead-title", body=f"#heading(level: 1, outlined: false, bookmarked: true)[{body}]"
            )
        head = f"#heading(level: {level}, outlined: false, bookmarked: true)[{body}] {anchor}"
        parent = el.parent
        first = parent and parent.name == "section" and parent.find(True) is el
        if level == 1 and first and parent.get("id") not in ("corrections-section", "cite-section"):
            head = "#pagebreak(weak: true)\n" + head
        return head

    def _block_h1(self, el, classes):
        return self._heading(el, 1)

    def _block_h2(self, el, classes):
        return self._heading(el, 2)

    def _block_h3(self, el, classes):
        return self._heading(el, 3)

    def _block_h4(self, el, classes):
        return self._heading(el, 3)

    def _block_section(self, el: Tag, classes: set) -> str:
        return m.call("findings", body=self.blocks(el)) if "findings" in classes else self.blocks(el)

    def _block_div(self, el: Tag, classes: set) -> str:
        return m.call("claim-box", body=self.blocks(el)) if "claim-box" in classes else self.blocks(el)

    def _block_article(self, el: Tag, classes: set) -> str:
        return m.call("claim", body=self.blocks(el)) + " " + self.anchor(el)

    def _block_nav(self, el: Tag, classes: set) -> str:
        if "toc" not in classes:
            return self.blocks(el)
        out = [self.block(h) for h in el.find_all(["h2"], recursive=False)]
        # find_all, not a CSS selector: soupsieve compiles its patterns on first use, 0.1 s of a fresh process
        links = (li.find("a", recursive=False) for li in el.find_all("li"))
        for a in (a for a in links if a is not None and a.get("href", "").startswith("#")):
            anchor = a["href"][1:]
            if anchor in self.ids and m.label(anchor):
                self.linked.add(anchor)
                level = len([p for p in a.parents if p.name == "ol"])
                out.append(f"#toc-entry({level}, {m.label(anchor)}, [{self.inline(a)}])")
        return "\n".join(out) + "\n\n#pagebreak(weak: true)"

    def _block_ul(self, el: Tag, classes: set) -> str:
        items = [m.content(self.item(li)) for li in el.find_all("li", recursive=False)]
        if not items:
            return ""
        return f"#{'tally' if 'tally' in classes else 'list'}({', '.join(items)})"

    def _block_ol(self, el: Tag, classes: set) -> str:
        items = []
        for n, li in enumerate(el.find_all("li", recursive=False), start=1):
            ref = re.fullmatch(r"ref-(\d+)", li.get("id", ""))
            num = int(ref.group(1)) if ref else n
            item = "ref-entry" if "references" in classes else "enum.item"
            items.append(f"{item}({num})[{self.item(li)}]")
        if not items:
            return ""
        return f"#{'references' if 'references' in classes else 'enum'}({', '.join(items)})"

    def _block_details(self, el: Tag, classes: set) -> str:
        return self.blocks(el)

    def _block_summary(self, el: Tag, classes: set) -> str:
        return m.call("sans-bold", body=self.inline(el))

    def _block_dl(self, el: Tag, classes: set) -> str:
        out = []
        for item in el.find_all(["dt", "dd"], recursive=False):
            if "scale" in classes and item.name == "dt":
                dd = item.find_next_sibling("dd")
                out.append(f"#scale-item([{self.inline(item)}], [{self.blocks(dd) if dd else ''}])")
            elif "scale" not in classes:
                fn = "entries-term" if item.name == "dt" else "entries-def"
                out.append(m.call(fn, body=self.blocks(item) if item.name == "dd" else self.inline(item)))
        return "\n".join(out)

    def _block_figure(self, el: Tag, classes: set) -> str:
        img, cap = el.find("img"), el.find("figcaption", recursive=False)
        if img is None:  # a captioned list (figure.entries): its caption is its title
            title = m.call("sans-bold", body=self.inline(cap)) if cap else ""
            rest = [self.block(c) for c in el.find_all(True, recursive=False) if c is not cap]
            return "\n\n".join([title, *rest])
        anchor = self.anchor(el)
        caption = m.call("fig-caption", body=self.inline(cap)) if cap else "none"
        return f"#report-figure({self.image(img)}, {caption.lstrip('#')}) {anchor}"

    def _block_table(self, el: Tag, classes: set) -> str:
        self.breaks = True
        try:
            return table(el, self.inline)
        finally:
            self.breaks = False

    def _block_hr(self, el: Tag, classes: set) -> str:
        return "#line(length: 100%, stroke: 0.5pt + rule)"

    def _block_pre(self, el: Tag, classes: set) -> str:
        return f"#raw(block: true, {m.string(el.get_text())})"

    # inline ------------------------------------------------------------------------------------------
    def inline(self, el: Tag, strip: bool = True) -> Markup:
        return m.join(self.inline_parts(el.children), strip=strip, breaks=self.breaks)

    def inline_parts(self, nodes) -> list[str]:
        parts: list[str] = []
        for node in nodes:
            if isinstance(node, NavigableString):
                if type(node) is NavigableString:  # not a comment, doctype or CDATA
                    parts.append(str(node))
            elif isinstance(node, Tag):
                parts.append(self.inline_element(node))
        return parts

    def inline_element(self, el: Tag) -> Markup:
        out = self._inline_element(el)
        if el.name not in BLOCK and el.get("id") and (lab := self.anchor(el)):
            return Markup(f"#metadata(none){lab}{out}")
        return out

    def _inline_element(self, el: Tag) -> Markup:
        classes = set(el.get("class", []))
        name = el.name
        if name == "br":
            return Markup("#linebreak()")
        if name == "img":
            return Markup(self.image(el, width=False))
        if name == "a":
            return self.link(el, classes)
        if name == "code":
            return Markup(f"#raw({m.string(el.get_text())})")
        if name in BLOCK:
            return Markup(self.block(el))
        body = self.inline(el, strip=False)
        if name in ("strong", "b") or "fig-label" in classes:
            return m.call("strong", body=body)
        if name in ("em", "i", "cite"):
            return m.call("emph", body=body)
        if name in ("sup", "sub"):
            return m.call("super" if name == "sup" else "sub", body=body)
        verdict = next((c[2:] for c in classes if c.startswith("v-")), None)
        if "verdict" in classes and verdict:
            return m.call("verdict", m.string(verdict), body=body)
        if "label" in classes:
            return m.call("box-label", body=body)
        if "fig-source" in classes:
            return m.call("fig-source", body=body)
        return body

    def link(self, el: Tag, classes: set) -> Markup:
        href = el.get("href", "")
        body = self.inline(el, strip=False)
        if href.startswith("#") and href[1:] in self.ids and m.label(href[1:]):
            target = m.label(href[1:])
            self.linked.add(href[1:])
        elif re.match(r"https?://", href):
            target = m.string(href)
        else:
            return body
        out = f"#link({target})[{body}]"
        return Markup(f"#cite-ref[{out}]" if "cite" in classes else out)

    def image(self, img: Tag, width: bool = True) -> str:
        return embed(img, self.images, width)


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    head = soup.head
    out = {"title": head.title.get_text(strip=True) if head and head.title else ""}
    out["lang"] = soup.html.get("lang", "en") if soup.html else "en"
    for name in ("author", "description", "keywords"):
        tag = head.find("meta", attrs={"name": name}) if head else None
        out[name] = tag.get("content", "") if tag else ""
    return out


def convert(html: str) -> Document:
    """The page as a Typst document body (after the layout), with its images and metadata."""
    soup = BeautifulSoup(html, "html.parser")
    conv = Converter(soup)
    body = conv.blocks(soup.body) if soup.body else ""
    if conv.linked - conv.labelled:  # an id the layout could not label: its links become plain text
        conv = Converter(soup, ids=conv.labelled)
        body = conv.blocks(soup.body)
    meta = _meta(soup)
    return Document(body=body, title=meta["title"], images=conv.images, meta=meta)
