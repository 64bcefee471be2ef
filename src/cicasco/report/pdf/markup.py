"""Typst markup from text: every piece of text from the page becomes a Typst string literal (`#"..."`),
never markup, so no character of the data can start a command, a heading, a list, a comment, a label,
a reference, maths or a smart quote. Inside a string only the backslash, the double quote and control
characters need escaping, and all are escaped here."""

import re

# Typst labels allow letters, digits, '-', '_', '.' and ':'; an id outside that set gets no label.
_LABEL = re.compile(r"^[A-Za-z_][\w.:-]*$", re.ASCII)
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space; a no-break space stays as it is
# a run this long with no break opportunity would run out of a table column: it may break anywhere
_LONG = re.compile(r"[^\s/\-_.?&=]{18,}")
ZWSP = "\u200b"


class Markup(str):
    """Typst markup, made here from escaped text and fixed syntax; plain `str` is text to escape."""


# what a string literal cannot hold as itself: the backslash, the quote, and control characters (C0, DEL,
# C1, the line and paragraph separators), which go in as \u{...} escapes
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"'}
_ESCAPES |= {c: f"\\u{{{c:x}}}" for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]}


def string(text: str) -> str:
    """A Typst string literal holding `text` exactly."""
    return '"' + text.translate(_ESCAPES) + '"'


def text(t: str) -> Markup:
    """Text in markup: a string literal, shown as it is."""
    return Markup("#" + string(t)) if t else Markup("")


def breakable(t: str) -> str:
    """Text that may break anywhere in a long unbroken run (CSS `overflow-wrap: anywhere`): a zero-width
    space after every 12 characters of such a run, which prints nothing and extracts as nothing."""
    return _LONG.sub(lambda m: ZWSP.join(m.group(0)[i : i + 12] for i in range(0, len(m.group(0)), 12)), t)


def label(anchor: str | None) -> str | None:
    """The Typst label for an HTML id, or None when the id cannot be one."""
    return f"<{anchor}>" if anchor and _LABEL.match(anchor) else None


def call(fn: str, *args: str, body: str | None = None) -> Markup:
    """`#fn(args)[body]`: args are already markup or code."""
    head = f"#{fn}({', '.join(args)})" if args or body is None else f"#{fn}"
    return Markup(head + (f"[{body}]" if body is not None else ""))


def content(body: str) -> str:
    """A content block, as an argument in code."""
    return f"[{body}]"


def join(parts: list[str], strip: bool = True, breaks: bool = False) -> Markup:
    """Inline parts (text or markup) as markup: white space folded as HTML folds it, text escaped."""
    merged: list[str] = []
    for p in parts:
        if not isinstance(p, Markup) and merged and not isinstance(merged[-1], Markup):
            merged[-1] = merged[-1] + p
        elif p:
            merged.append(p)
    merged = [p if isinstance(p, Markup) else _SPACE.sub(" ", p) for p in merged]
    if strip and merged:
        if not isinstance(merged[0], Markup):
            merged[0] = merged[0].lstrip(" ")
        if not isinstance(merged[-1], Markup):
            merged[-1] = merged[-1].rstrip(" ")
    out = []
    for p in merged:
        if isinstance(p, Markup):
            out.append(p)
        else:
            out.append(text(breakable(p) if breaks else p))
    return Markup("".join(out))
