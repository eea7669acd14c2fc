"""The shape of an extracted claim, shared by the extractor, the store and the front ends.

Kept free of any behaviour so that every layer can import it without pulling in the
segmenter or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("quantity", "date", "quote", "place", "event", "comparison")


@dataclass(frozen=True)
class ExtractedClaim:
    """One checkable sentence of an article.

    ``start``/``end`` are character offsets into the article text as given to the
    extractor, so ``text == article[start:end]`` always holds.

    ``values`` is JSON-serialisable and has these keys (lists may be empty):

    - ``quantities``: ``{"value", "text", "qualifier", "unit", "counts", "event"}``
    - ``ordinals``: ``{"value", "text", "counts"}``
    - ``dates``: ``{"text", "iso", "granularity"}`` (``iso`` None when unresolved)
    - ``speaker``: ``{"name", "role", "type"}`` or None; ``type`` is ``"Person"`` or
      ``"Organization"`` (schema.org's names), missing in claims stored before it
      existed, which are read as ``"Person"`` (see :mod:`.speakers`)
    - ``quotes``: quoted strings, without their quotation marks
    - ``places``: place names
    - ``negated``: True when the sentence asserts a negation
    """

    ordinal: int
    text: str
    start: int
    end: int
    kinds: tuple[str, ...]
    score: float
    reasons: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict)
