"""The page as the preview serves it: the last good report, a banner, and the reload script."""

import html
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class State:
    seq: int = 0  # bumped on every change, so waiting pages wake
    version: int = 0  # bumped when the page itself changes (a new build, or a new error)
    html: str | None = None  # the last good page, as built
    report_dir: Path | None = None
    error: str | None = None
    building: bool = True
    note: str = "first build"
    changes: threading.Condition = field(default_factory=threading.Condition)

    def update(self, page_changed: bool = True, **kw) -> None:
        with self.changes:
            for k, v in kw.items():
                setattr(self, k, v)
            self.seq += 1
            self.version += page_changed
            self.changes.notify_all()

    def public(self) -> dict:
        status = "rebuilding" if self.building else ("error" if self.error else "up to date")
        return {"seq": self.seq, "version": self.version, "status": status, "note": self.note}


BANNER_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:.4em .8em;font:14px/1.4 system-ui,sans-serif;"
    "border-bottom:1px solid #888;"
)

SCRIPT = """<script>/* cicasco preview: added by the preview server, not part of the report */
(function () {
  var version = %(version)d, seq = %(seq)d, status = document.getElementById("cicasco-preview-status");
  function wait() {
    fetch("/__preview__/wait?seq=" + seq, {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.version !== version) { location.reload(); return; }
        seq = s.seq;
        if (status) { status.textContent = s.status + (s.note ? " \\u00b7 " + s.note : ""); }
        wait();
      }).catch(function () { if (status) { status.textContent = "server stopped?"; } setTimeout(wait, 1000); });
  }
  wait();
})();
</script>"""

PLACEHOLDER = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Report preview</title></head>'
    "<body><p style='font:16px system-ui,sans-serif;margin:2em'>No page yet: the first build is running"
    " or has failed (see above).</p></body></html>"
)


def decorate(state: State) -> str:
    """The page as served: the last good page (or a placeholder), with the banner and the script."""
    with state.changes:
        good, error, info = state.html, state.error, state.public()
    page = good or PLACEHOLDER
    if error:
        below = "the last good page is shown below" if good else "no page has been built yet"
        banner = (
            f'<div id="cicasco-preview" role="alert" style="{BANNER_STYLE}background:#fde8e8;color:#5a0b0b">'
            f"<strong>The build failed</strong>; {below}. Fix the file and save: the page reloads."
            f'<pre style="white-space:pre-wrap;margin:.4em 0;font:13px/1.4 monospace">{html.escape(error)}</pre>'
            f'<span id="cicasco-preview-status">{html.escape(info["status"])}</span></div>'
        )
    else:
        banner = (
            f'<div id="cicasco-preview" style="{BANNER_STYLE}background:#eef3fb;color:#123">'
            f'Preview · <span id="cicasco-preview-status">{html.escape(info["status"])} · '
            f"{html.escape(info['note'])}</span>"
            ' · <a href="/report.pdf">PDF</a> (built when opened)</div>'
        )
    script = SCRIPT % {"version": info["version"], "seq": info["seq"]}
    body = re.search(r"<body[^>]*>", page)
    at = body.end() if body else 0
    page = page[:at] + banner + page[at:]
    end = page.rfind("</body>")
    return page[:end] + script + page[end:] if end >= 0 else page + script
