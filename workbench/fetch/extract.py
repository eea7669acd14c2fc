"""The main text, title and publication date of a fetched page, with trafilatura.

Pages are boilerplate around an article; trafilatura finds the article (and htmldate
its date) far better than hand-written tag stripping could. Plain text is kept as it
is. Anything else is not extracted: the caller keeps it as a link with its type.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import trafilatura

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})


@dataclass(frozen=True)
class ExtractedPage:
    """What a page says, as raw (untrusted) strings: shown only through ``printable``."""

    title: str | None
    text: str
    published: str | None  # ISO date, when the page states one


def is_extractable(content_type: str | None) -> bool:
    """True for the types whose text is kept: HTML and plain text (or no type given)."""
    return content_type is None or content_type in HTML_TYPES | TEXT_TYPES


def _decode(body: bytes, charset: str | None) -> str:
    encoding = "utf-8"
    if charset:
        try:
            encoding = codecs.lookup(charset).name
        except LookupError:
            encoding = "utf-8"
    return body.decode(encoding, errors="replace")


def extract_page(body: bytes, content_type: str | None, charset: str | None,
                 url: str | None = None) -> ExtractedPage:
    """Extract a fetched body; ``content_type`` must pass :func:`is_extractable`."""
    if content_type in TEXT_TYPES:
        return ExtractedPage(title=None, text=_decode(body, charset).strip(), published=None)
    document = body if not charset else _decode(body, charset)
    result = trafilatura.bare_extraction(
        document, url=url, with_metadata=True, include_comments=False,
        include_tables=True, date_extraction_params={"extensive_search": False},
    )
    title = getattr(result, "title", None) if result is not None else None
    published = getattr(result, "date", None) if result is not None else None
    text = (getattr(result, "text", None) or "") if result is not None else ""
    if not text.strip():
        # Too little for the article heuristics (a stub page): trafilatura's
        # whole-page text conversion keeps what there is.
        text = trafilatura.html2txt(document) or ""
    return ExtractedPage(title=title or None, text=text.strip(), published=published or None)
