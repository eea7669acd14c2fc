"""Cohen's kappa: how much two reviewers agree beyond what chance would give.

Raw agreement flatters reviewers who mostly use one label (two people who call
everything "True" agree 100 % without looking). Kappa corrects for that, which is
why ``workbench stats`` reports it per pair of reviewers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Agreement:
    """Agreement of one pair of reviewers over the claims both of them judged."""

    first: str
    second: str
    items: int
    observed: float  # share of items with the same label
    kappa: float | None  # None when undefined (chance agreement is certain)


def cohens_kappa(pairs: Iterable[tuple[str, str]]) -> float | None:
    """Kappa for ``(label_a, label_b)`` pairs; None for no pairs or a degenerate case.

    Undefined (None) when expected chance agreement is 1, i.e. both reviewers used
    one and the same label for every item: there is nothing to correct against.
    """
    pairs = list(pairs)
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    left = Counter(a for a, _ in pairs)
    right = Counter(b for _, b in pairs)
    expected = sum(left[label] * right[label] for label in left) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def pairwise_agreement(ratings: Iterable[tuple[str, str, str, str]]) -> list[Agreement]:
    """Agreement per unordered pair from ``(reviewer_a, label_a, reviewer_b, label_b)``.

    The pair is keyed by the two names in sorted order, so alice-then-bob and
    bob-then-alice reviews count towards the same pair, each label kept with its
    reviewer.
    """
    by_pair: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for reviewer_a, label_a, reviewer_b, label_b in ratings:
        if reviewer_a == reviewer_b:
            continue
        if reviewer_a > reviewer_b:
            reviewer_a, label_a, reviewer_b, label_b = reviewer_b, label_b, reviewer_a, label_a
        by_pair.setdefault((reviewer_a, reviewer_b), []).append((label_a, label_b))
    result = []
    for (first, second), pairs in sorted(by_pair.items()):
        observed = sum(1 for a, b in pairs if a == b) / len(pairs)
        result.append(Agreement(first, second, len(pairs), observed, cohens_kappa(pairs)))
    return result
