"""Combining ranked lists: reciprocal rank fusion.

Scores from different rankers (BM25 of two indexes, a similarity) are on scales that
cannot be added; ranks can. RRF (Cormack et al., 2009) adds ``1 / (k + rank)`` per
list, which rewards items that several rankers place high. Pure, no I/O.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Hashable]],
    weights: Sequence[float] | None = None,
    k: int = RRF_K,
) -> list[tuple[Hashable, float]]:
    """Items of all ``rankings`` (each best first), best fused score first.

    Ties keep the order of first appearance, so fusing one list returns it unchanged.
    """
    weights = weights or [1.0] * len(rankings)
    scores: dict[Hashable, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
