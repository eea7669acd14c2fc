"""The one check of what counts as a source URL: http(s), a host, nothing hidden.

Used wherever a person or a feed hands workbench a URL (source add, article
import, fact-check feeds, the TUI's source form), so every entry point accepts
and refuses the same things. Fetching adds its own address guard on top.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from workbench.errors import WorkbenchError
from workbench.text_safety import one_line


def url_problem(url: str) -> str | None:
    """Why ``url`` is not an http(s) URL a reader could open, or None when it is."""
    if not url:
        return "a URL is required"
    if any(ch.isspace() for ch in url) or one_line(url) != url:
        return "a URL cannot contain spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as err:
        return f"not a valid URL ({err})"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "the URL must start with http:// or https:// and name a host"
    return None


def require_http_url(url: str, what: str = "URL") -> str:
    """``url`` without surrounding spaces, or a one-line :class:`WorkbenchError`."""
    text = url.strip()
    problem = url_problem(text)
    if problem:
        raise WorkbenchError(f"{what} {one_line(url)!r}: {problem}")
    return text
