"""Claim extraction: pure functions from article text to ranked, checkable claims.

No I/O, no network, no model download, deterministic. The one entry point is
:func:`extract_claims`; the submodules hold the stages (``segment``, ``numbers``,
``dates``, ``speakers``, ``places``, ``nonclaims``, ``cues``) and may be used alone.

``extract_claims`` is loaded on first use, so importing a light submodule
(``model``, ``numbers``) does not load the sentence splitter (pysbd).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import KINDS, ExtractedClaim

if TYPE_CHECKING:
    from .extract import extract_claims

__all__ = ["KINDS", "ExtractedClaim", "extract_claims"]


def __getattr__(name: str) -> Any:
    if name == "extract_claims":
        from .extract import extract_claims

        return extract_claims
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
