"""The seed article: the claims a fact-checker must see, and the ones they must not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbench.extraction import KINDS, ExtractedClaim, extract_claims

SEED = Path(__file__).resolve().parent.parent / "seeds" / "afghanistan-pakistan-talks.txt"
PUBLISHED = dt.date(2025, 11, 8)


@pytest.fixture(scope="module")
def article() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def claims(article: str) -> list[ExtractedClaim]:
    return extract_claims(article, PUBLISHED)


def _claim(claims: list[ExtractedClaim], fragment: str) -> ExtractedClaim:
    matching = [c for c in claims if fragment in c.text]
    assert len(matching) == 1, f"expected one claim containing {fragment!r}, got {matching}"
    return matching[0]


def _rank(claims: list[ExtractedClaim], fragment: str) -> int:
    ranked = sorted(claims, key=lambda c: (-c.score, c.ordinal))
    return next(i for i, c in enumerate(ranked) if fragment in c.text)


CASUALTIES = "four civilians were killed and five wounded"
DEADLOCK = "complete deadlock"
TALKS = "The two-day talks, convened in Istanbul"
OPINIONS = (
    "Observers warn",
    "marks yet another diplomatic setback",
    "Analysts say this impasse underscores",
)


def test_offsets_index_the_article_exactly(article: str, claims: list[ExtractedClaim]) -> None:
    assert claims
    for claim in claims:
        assert article[claim.start : claim.end] == claim.text


def test_ordinals_run_one_to_n_in_text_order(claims: list[ExtractedClaim]) -> None:
    assert [c.ordinal for c in claims] == list(range(1, len(claims) + 1))
    assert [c.start for c in claims] == sorted(c.start for c in claims)


def test_every_claim_has_the_documented_shape(claims: list[ExtractedClaim]) -> None:
    keys = {"quantities", "ordinals", "dates", "speaker", "quotes", "places", "negated"}
    for claim in claims:
        assert set(claim.values) == keys
        assert all(kind in KINDS for kind in claim.kinds)
        assert list(claim.kinds) == [k for k in KINDS if k in claim.kinds]
        assert 0.0 <= claim.score <= 1.0
        assert claim.score == round(claim.score, 3)
        assert all(isinstance(reason, str) and reason for reason in claim.reasons)


def test_casualty_claim_carries_both_quantities(claims: list[ExtractedClaim]) -> None:
    claim = _claim(claims, CASUALTIES)
    assert "quantity" in claim.kinds
    pairs = [(q["value"], q["counts"], q["event"]) for q in claim.values["quantities"]]
    assert pairs == [(4, "civilians", "killed"), (5, "civilians", "wounded")]
    assert "number: four (4) civilians killed" in claim.reasons
    assert claim.values["speaker"] == {
        "name": "Afghan officials",
        "role": None,
        "type": "Organization",
    }


def test_deadlock_claim_is_a_quote_by_khawaja_asif(claims: list[ExtractedClaim]) -> None:
    claim = _claim(claims, DEADLOCK)
    assert "quote" in claim.kinds
    assert claim.values["quotes"] == ["complete deadlock"]
    assert claim.values["speaker"] == {
        "name": "Khawaja Asif",
        "role": "Pakistan’s Defence Minister",
        "type": "Person",
    }
    assert "speaker: Khawaja Asif" in claim.reasons
    assert "quote: “complete deadlock”" in claim.reasons


def test_talks_claim_has_both_dates_and_istanbul(claims: list[ExtractedClaim]) -> None:
    claim = _claim(claims, TALKS)
    isos = [d["iso"] for d in claim.values["dates"]]
    assert isos == ["2025-11-06", "2025-11-07"]
    assert "Istanbul" in claim.values["places"]
    assert {"date", "place"} <= set(claim.kinds)
    assert "date: 6 November (2025-11-06)" in claim.reasons


def test_on_friday_resolves_to_the_friday_before_publication(
    claims: list[ExtractedClaim],
) -> None:
    claim = _claim(claims, "addressing the media on Friday")
    assert claim.values["dates"] == [{"text": "Friday", "iso": "2025-11-07", "granularity": "day"}]
    assert claim.values["speaker"] == {
        "name": "Attaullah Tarar",
        "role": "Information Minister",
        "type": "Person",
    }


def test_byline_is_not_a_claim(claims: list[ExtractedClaim]) -> None:
    assert not [c for c in claims if "Based On ANI Report" in c.text]


def test_ordinal_of_the_negotiation_round(claims: list[ExtractedClaim]) -> None:
    claim = _claim(claims, "The third round of peace negotiations")
    assert claim.values["ordinals"] == [{"value": 3, "text": "third", "counts": "round"}]
    assert claim.values["quantities"] == []


def test_he_claimed_is_attributed_to_khawaja_asif(claims: list[ExtractedClaim]) -> None:
    claim = _claim(claims, "He claimed that")
    assert claim.values["speaker"]["name"] == "Khawaja Asif"
    assert claim.values["negated"] is True  # "refused to commit"


def test_surname_reuses_the_full_name(claims: list[ExtractedClaim]) -> None:
    claim = _claim(claims, "Mujahid reaffirmed")
    assert claim.values["speaker"] == {
        "name": "Zabihullah Mujahid",
        "role": "Taliban spokesperson",
        "type": "Person",
    }


def test_key_claims_rank_at_the_top(claims: list[ExtractedClaim]) -> None:
    ranks = [_rank(claims, fragment) for fragment in (CASUALTIES, DEADLOCK, TALKS)]
    assert max(ranks) < 5, ranks


def test_opinions_rank_below_every_factual_claim(claims: list[ExtractedClaim]) -> None:
    opinions = [c for c in claims if any(fragment in c.text for fragment in OPINIONS)]
    factual = [c for c in claims if c not in opinions]
    assert factual
    lowest_fact = min(c.score for c in factual)
    for claim in opinions:
        assert claim.score < lowest_fact, claim.text


def test_extraction_is_deterministic(article: str, claims: list[ExtractedClaim]) -> None:
    assert extract_claims(article, PUBLISHED) == claims


def test_without_publication_date_relative_dates_stay_unresolved(article: str) -> None:
    claim = _claim(extract_claims(article), TALKS)
    assert [d["iso"] for d in claim.values["dates"]] == [None, None]


def test_order_of_the_top_claims_is_pinned(claims: list[ExtractedClaim]) -> None:
    """Regression guard: refitting weights or changing a cue must not reshuffle silently.

    If this fails after a deliberate change, check the new order still puts the
    casualty count, the deadlock quote and the talk dates at the top, then update it.
    """
    ranked = sorted(claims, key=lambda c: (-c.score, c.ordinal))
    openings = [c.text[:30] for c in ranked[:5]]
    assert openings == [
        "Information Minister Attaullah",
        "Afghan officials stated that f",
        "The two-day talks, convened in",
        "Kabul accused Islamabad of mai",
        "Pakistan’s Defence Minister Kh",
    ]
