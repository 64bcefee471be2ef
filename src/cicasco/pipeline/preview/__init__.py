"""Live preview: serve the report on localhost, rebuild what changed on save, reload the open page.

`cicasco preview` (`make preview`) runs two processes:

- this one serves the page over HTTP and watches data/, notebooks/ and the package (src/cicasco/) by
  polling modification times; it imports only the standard library, so a broken edit to the package
  never takes the server down;
- a build process (started with `spawn`) holds the heavy imports and a pool of warm kernels, builds the
  HTML on request (plan, notebooks through the build cache, page) and the PDF only when /report.pdf is
  asked for. An edit to the package restarts it, so its imports and kernels are never stale.

A data or notebook edit re-executes only the notebooks that read the changed file (the build cache
keys each notebook on what it reads); each runs on a kernel that was started, with the report's modules
imported, before the edit. Kernels still serve one notebook each (no state passes between notebooks);
the pool starts replacements after each build, while the author reads.

The page is served with a banner and a small script added by this server only (never written into the
built files): the script waits on /__preview__/wait and reloads the page when a new build is in. A
failed build shows the message the CLI prints (`data/events.csv:7: start_date: ...`) in the banner,
above the last good page.
"""

from .page import State, decorate
from .server import Preview, serve
from .watch import changed, snapshot

__all__ = ["Preview", "State", "changed", "decorate", "serve", "snapshot"]
