"""Re-ranking BM25 candidates by a second score: weighted score fusion.

BM25 is unbounded and its scale changes with the query, so it is first made relative
to the query's best candidate (``bm25 / best``, 1.0 for the top, both negative in
SQLite); the second score (a rapidfuzz ratio of the title, a cosine) is already in
0..1. The fused score is ``(1 - weight) * relative_bm25 + weight * other``. Rank
fusion (RRF) was measured too and lost on CheckThat! 2022 2A: it throws away how far
ahead the top BM25 candidate is. Pure, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def relative_bm25(hits: Sequence[tuple[int, float]]) -> list[float]:
    """Each hit's BM25 as a share of the best one's (the best is 1.0; 0.0 if it is 0)."""
    if not hits:
        return []
    best = hits[0][1]
    if best == 0:
        return [0.0 for _ in hits]
    return [score / best for _, score in hits]


def fuse(
    hits: Sequence[tuple[int, float]],
    other: Mapping[int, float],
    weight: float,
    depth: int,
) -> list[tuple[int, float]]:
    """The first ``depth`` of ``hits`` (``(id, bm25)``, best first) re-ordered by the
    fused score, then the rest in BM25 order; ``(id, fused score)`` pairs.

    A candidate missing from ``other`` counts 0 there. Ties keep BM25's order. Hits
    past ``depth`` keep their place after the re-ranked ones, with a score below them.
    """
    head, tail = list(hits[:depth]), list(hits[depth:])
    fused = [(corpus_id, (1 - weight) * rel + weight * other.get(corpus_id, 0.0))
             for (corpus_id, _), rel in zip(head, relative_bm25(head), strict=True)]
    fused.sort(key=lambda pair: -pair[1])
    floor = min((score for _, score in fused), default=0.0)
    rest = [(corpus_id, floor - 1 - rank) for rank, (corpus_id, _) in enumerate(tail)]
    return fused + rest
