"""Reading an article from a file or stdin and importing it with its claims.

Validation happens before anything is written, so a refused import leaves the
database untouched.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from workbench.errors import DuplicateArticle, WorkbenchError
from workbench.extraction import extract_claims
from workbench.store import Store

MAX_ARTICLE_BYTES = 10 * 1024 * 1024  # far above any news article; refuses dumps and binaries


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    article_id: int
    claims: int


def read_article_bytes(source: str) -> tuple[bytes, str]:
    """Read a file path (or ``-`` for stdin) up to the size cap; return (bytes, name)."""
    if source == "-":
        data = _read_capped(sys.stdin.buffer, "stdin")
        return data, "stdin"
    path = Path(source)
    if not path.exists():
        raise WorkbenchError(f"{source}: no such file")
    if path.is_dir():
        raise WorkbenchError(f"{source}: is a directory, not an article file")
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise WorkbenchError(
                f"{source}: {size / 1e6:.1f} MB is larger than the {MAX_ARTICLE_BYTES // 2**20} MB"
                " limit for one article"
            )
        with path.open("rb") as handle:
            return _read_capped(handle, source), source
    except PermissionError:
        raise WorkbenchError(f"{source}: permission denied") from None
    except OSError as err:
        raise WorkbenchError(f"{source}: cannot read: {err.strerror or err}") from None


def _read_capped(handle: BinaryIO, name: str) -> bytes:
    data = handle.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise WorkbenchError(
            f"{name}: larger than the {MAX_ARTICLE_BYTES // 2**20} MB limit for one article"
        )
    return data


def decode_article(data: bytes, name: str) -> str:
    """UTF-8 text with a BOM dropped and line endings made ``\\n``; refuses binaries."""
    if b"\x00" in data:
        raise WorkbenchError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise WorkbenchError(
            f"{name}: not UTF-8 text (invalid byte 0x{data[err.start]:02x} at offset {err.start})"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise WorkbenchError(f"{name}: the article is empty")
    return text


def parse_published(value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` publication date, or a one-line error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise WorkbenchError(f"--published {value!r} is not a date like 2025-11-08") from None


def import_article(
    store: Store,
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> ImportResult:
    """Extract the claims of ``text`` and store the article with them.

    Raises :class:`DuplicateArticle` before extracting when the text is known.
    """
    existing = store.find_article_by_text(text)
    if existing is not None:
        raise DuplicateArticle(existing)
    published_date = parse_published(published)
    claims = extract_claims(text, published_date)
    if title is None:
        title = _first_line_title(text)
    article_id = store.insert_article(
        text, claims, title=title, outlet=outlet, url=url,
        published=published_date.isoformat() if published_date else None,
    )
    return ImportResult(article_id=article_id, claims=len(claims))


def _first_line_title(text: str, limit: int = 80) -> str:
    """A stand-in title: the first non-empty line, shortened to ``limit`` characters."""
    first = next(line for line in text.splitlines() if line.strip()).strip().lstrip("# ")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"
