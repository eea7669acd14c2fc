"""Each check-worthiness cue on sentences written for it, and the scoring around them."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.extraction import cues
from workbench.extraction.extract import analyse, final_scores, find_candidates


def _fired(sentence: str) -> dict[str, float]:
    facts = analyse(sentence, dt.date(2025, 11, 8))
    return cues.features(cues.detect(facts))


@pytest.mark.parametrize(
    ("cue", "sentence"),
    [
        ("quantity", "Four civilians were killed."),
        ("several_quantities", "Four were killed and five wounded."),
        ("statistic", "Unemployment is at its lowest rate."),
        ("vague_amount", "Millions of people lost coverage."),
        ("date", "The talks were held on 6 November."),
        ("year", "The Taliban returned to power in 2021."),
        ("quote", "He called it a “complete deadlock”."),
        ("speaker", "Defence Minister Khawaja Asif said talks failed."),
        ("reported", "Officials confirmed the clashes."),
        ("place", "Talks were held in Istanbul."),
        ("event", "The talks ended without a deal."),
        ("comparison", "Prices doubled after the war."),
        ("superlative", "Inflation is the highest since 2008."),
        ("negation", "The delegation did not sign the accord."),
        ("causal", "Prices rose because of the tariffs."),
        ("past_tense", "The committee approved the plan."),
        ("first_person_fact", "We lost 2 million jobs."),
        ("accusation", "You voted for the war."),
        ("dispute", "That is false, and he knows it."),
        ("policy_topic", "Our southern border is a pipeline for drugs."),
        ("position", "She wants to destroy the Second Amendment."),
        ("proper_nouns", "The talks in Doha involved Qatar and Turkey."),
        ("length", "The committee met for many long hours on the question of how to fund it."),
        ("short", "It happened."),
        ("first_person_plan", "I will cut your taxes."),
        ("hedge", "I think the economy is rigged."),
        ("modal", "The government should resign."),
        ("prediction", "Prices will rise next year."),
        ("commentary", "Observers warn of escalation."),
        ("question", "Did prices rise last year?"),
        ("second_person_plea", "Please join us in welcoming the senator."),
    ],
)
def test_cue_fires(cue: str, sentence: str) -> None:
    assert _fired(sentence).get(cue, 0) > 0


@pytest.mark.parametrize(
    ("cue", "sentence"),
    [
        ("quantity", "No one came to the talks."),
        ("date", "May they succeed."),
        ("quote", "It’s the Taliban’s view."),
        ("speaker", "Analysts say the impasse is serious."),
        ("negation", "Not only prices but wages rose."),
        ("comparison", "He insisted rather than asked."),
        ("first_person_plan", "We lost the vote."),
        ("hedge", "Four civilians were killed."),
        ("modal", "The talks were held in May."),
        ("position", "I want to cut taxes."),
    ],
)
def test_cue_does_not_fire(cue: str, sentence: str) -> None:
    assert _fired(sentence).get(cue, 0) == 0


def test_every_cue_has_a_weight_and_a_prior() -> None:
    assert set(cues.WEIGHTS) == set(cues.PRIOR_WEIGHTS)
    assert set(cues.WEIGHTS) >= cues.FACTUAL_CUES
    assert set(cues.WEIGHTS) >= cues.OPINION_CUES
    assert set(cues.WEIGHTS) >= cues.NEWS_ONLY_CUES


def test_news_only_cues_keep_their_prior_weight() -> None:
    for name in cues.NEWS_ONLY_CUES:
        assert cues.WEIGHTS[name] == cues.PRIOR_WEIGHTS[name]


def test_opinion_cues_lower_and_factual_figures_raise_the_score() -> None:
    plain = cues.score({})
    assert cues.score({"quantity": 1.0}) > plain
    assert cues.score({"hedge": 1.0}) < plain
    assert cues.score({"first_person_plan": 1.0}) < plain


def test_score_is_logistic_and_bounded() -> None:
    assert cues.score({}, {"bias": 0.0}) == pytest.approx(0.5)
    assert 0.0 < cues.score({"quantity": 1.0}, {"bias": -500.0, "quantity": 1.0}) < 1e-20
    assert cues.score({"quantity": 1.0}, {"bias": 500.0}) == pytest.approx(1.0)


def test_reasons_read_as_plain_english() -> None:
    facts = analyse("Officials said four civilians were killed on Friday.", dt.date(2025, 11, 8))
    reasons = [cue.reason for cue in cues.detect(facts)]
    assert "number: four (4) civilians killed" in reasons
    assert "date: Friday (2025-11-07)" in reasons
    facts = analyse("Observers warn that it could collapse.")
    reasons = [cue.reason for cue in cues.detect(facts)]
    assert "opinion: 'warn' lowers the score" in reasons


def test_describe_quantity_with_qualifier_and_unit() -> None:
    quantity = {
        "value": 2_000_000, "text": "2 million", "qualifier": "more than", "unit": None,
        "counts": "jobs", "event": "lost",
    }
    assert cues.describe_quantity(quantity) == "more than 2 million (2,000,000) jobs lost"


def test_a_sentence_with_no_cue_is_not_listed() -> None:
    assert find_candidates("Beautiful morning here.\n\nWe are excited to be here.") == []


def test_listing_does_not_depend_on_the_weights() -> None:
    text = "Four civilians were killed. I think prices rose because of the war. Prices rose."
    candidates = find_candidates(text)
    zero = dict.fromkeys(cues.WEIGHTS, 0.0)
    assert len(final_scores(candidates, zero)) == len(candidates) == 3


def test_opinions_are_scaled_below_the_lowest_fact() -> None:
    text = "Four civilians were killed. I think the talks failed because of Kabul. Talks ended."
    candidates = find_candidates(text)
    assert [c.opinion for c in candidates] == [False, True, False]
    scores = final_scores(candidates)
    assert scores[1] < min(scores[0], scores[2])


def test_reported_speech_with_a_modal_is_not_demoted() -> None:
    (candidate,) = find_candidates("Mujahid said the attacks could threaten the region.")
    assert candidate.opinion is False


def test_comparison_reason_names_the_baseline() -> None:
    facts = analyse("Inflation is the highest since 2008.")
    reasons = [cue.reason for cue in cues.detect(facts)]
    assert "compares: highest since 2008" in reasons
