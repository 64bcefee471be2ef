"""Who the preview answers: a page of this machine, never a stranger.

- The Host header must name this machine (`localhost`, `127.0.0.1`, `[::1]`, or the address given to
  `--host` when it is not a wildcard), with the port: a DNS-rebinding page under another name gets 403.
- Nothing that triggers work (the PDF, the wait for a rebuild) answers a request another site made:
  one whose Origin is not this preview's, or whose Sec-Fetch-Site is cross-site.
"""

WILDCARDS = ("", "0.0.0.0", "::")
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
WORK = ("/report.pdf", "/__preview__/")  # paths whose request does work (a prefix, for the second)


def hosts(bound: str, port: int) -> tuple[str, ...]:
    """The Host values accepted for a server bound to `bound` on `port`."""
    names = list(LOOPBACK)
    if bound not in WILDCARDS:
        named = f"[{bound}]" if ":" in bound else bound
        if named not in names:
            names.append(named)
    return tuple(f"{n}:{port}" for n in names)


def refusal(headers, path: str, allowed: tuple[str, ...]) -> str:
    """Why the request must be refused (one line), or '' if it may be answered."""
    host = headers.get("Host", "")
    if host.lower() not in allowed:
        return f"forbidden: Host {host!r} is not this preview's; valid: {', '.join(allowed)}"
    if not (path == WORK[0] or path.startswith(WORK[1])):
        return ""
    origin = headers.get("Origin")
    if origin is not None and origin.lower() not in tuple(f"http://{h}" for h in allowed):
        return f"forbidden: a request from {origin!r} starts no work here; open the preview at http://{host}/"
    if headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return (
            f"forbidden: a request from another site starts no work here; open the preview at http://{host}/"
        )
    return ""
