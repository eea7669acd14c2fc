"""Claim extraction: pure functions from article text to ranked, checkable claims.

No I/O, no network, no model download, deterministic. The one entry point is
:func:`extract_claims`; the submodules hold the stages (``segment``, ``numbers``,
``dates``, ``speakers``, ``places``, ``nonclaims``, ``cues``) and may be used alone.
"""

from .extract import extract_claims
from .model import KINDS, ExtractedClaim

__all__ = ["KINDS", "ExtractedClaim", "extract_claims"]
