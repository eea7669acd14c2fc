"""Matching claims against previously checked claims.

Pure layers (no I/O): :mod:`normalise` (text forms compared on both sides),
:mod:`query` (FTS5 query building), :mod:`fusion` (rank fusion), :mod:`relation`
(same / conflict / related, with the differences). :mod:`retrieval` and
:mod:`service` call the store; front ends use :func:`service.matches_for_claim`,
:func:`service.match_text` and :meth:`service.Match.as_json`.

Nothing here is imported at TUI start: import :mod:`workbench.matching.service` when
the matches panel opens.
"""
