"""Cohen's kappa against textbook values, and its grouping by reviewer pair."""

from __future__ import annotations

import pytest

from workbench.team.kappa import cohens_kappa, pairwise_agreement


def test_kappa_matches_the_textbook_example() -> None:
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 → po 0.7, pe 0.5, kappa 0.4.
    pairs = ([("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10
             + [("no", "no")] * 15)
    assert cohens_kappa(pairs) == pytest.approx(0.4)


def test_perfect_agreement_is_one_and_systematic_disagreement_is_negative() -> None:
    assert cohens_kappa([("a", "a"), ("b", "b"), ("c", "c")]) == pytest.approx(1.0)
    assert cohens_kappa([("a", "b"), ("b", "a")]) == pytest.approx(-1.0)


def test_undefined_cases_are_none_not_a_division_error() -> None:
    assert cohens_kappa([]) is None
    # Both reviewers used one label for everything: chance agreement is certain.
    assert cohens_kappa([("True", "True")] * 5) is None


def test_pairs_are_unordered_and_labels_stay_with_their_reviewer() -> None:
    ratings = [
        ("alice", "True", "bob", "True"),
        ("bob", "False", "alice", "True"),   # bob wrote, alice reviewed
        ("alice", "False", "carol", "False"),
        ("dave", "True", "dave", "True"),    # one person is not a pair: ignored
    ]
    result = {(a.first, a.second): a for a in pairwise_agreement(ratings)}
    assert set(result) == {("alice", "bob"), ("alice", "carol")}
    ab = result[("alice", "bob")]
    assert ab.items == 2 and ab.observed == pytest.approx(0.5)
    # alice: True, True; bob: True, False → po 0.5, pe 0.5 → kappa 0.
    assert ab.kappa == pytest.approx(0.0)
