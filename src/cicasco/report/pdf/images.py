"""The page's pictures for the PDF: its own data URIs, decoded; any other address is refused, so nothing
is fetched. Each becomes a file named by its digest, which the compiler reads from the build's folder."""

import base64
import hashlib
import re
from urllib.parse import unquote_to_bytes

from bs4 import Tag

from ...errors import BuildError
from . import markup as m

IMAGE_TYPES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}


def embed(img: Tag, images: dict[str, bytes], width: bool = True) -> str:
    """`image(...)` of an embedded picture, with its alternative text (the page's `alt`), its bytes
    added to `images`."""
    src, alt = img.get("src", ""), img.get("alt", "")
    found = re.match(r"data:([\w.+/-]+)(;base64)?,", src)
    if not found or found.group(1) not in IMAGE_TYPES:
        raise BuildError(f"the PDF takes only images embedded in the page, not {src[:60]!r}")
    payload = src[found.end() :]
    data = base64.b64decode(payload) if found.group(2) else unquote_to_bytes(payload)
    name = f"img-{hashlib.sha256(data).hexdigest()[:20]}.{IMAGE_TYPES[found.group(1)]}"
    images[name] = data
    size = ", width: 4.2in" if width else ""
    # no alt text: written as none, so the PDF/UA-1 check stops the build rather than print a figure
    # a screen reader cannot describe
    alt_arg = m.string(alt) if alt.strip() else "none"
    return f"image({m.string(name)}, alt: {alt_arg}{size})"
