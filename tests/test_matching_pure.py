"""Pure matching logic: normalisation, query building, fusion, and the relation rules."""

from __future__ import annotations

import pytest

from workbench.matching.fusion import reciprocal_rank_fusion
from workbench.matching.normalise import normalise, tokens
from workbench.matching.query import (
    choose_terms,
    content_words,
    fts_or_query,
    terms_within_budget,
)
from workbench.matching.relation import compare, similarity
from workbench.matching.service import Thresholds, values_of


def relation(a: str, b: str):
    return compare(a, values_of(a), b, values_of(b))


@pytest.mark.parametrize(("raw", "expected"), [
    ("Four soldiers", "4 soldiers"),
    ("twenty-one people", "21 people"),
    ("three hundred thousand", "300000"),
    ("1,200 troops", "1200 troops"),
    ("on 5 March 2020", "on 2020-03-05"),
    ("on March 5, 2020", "on 2020-03-05"),
    ("ＦＵＬＬ４ didn’t", "full4 didn't"),
    ("the second round", "the 2th round"),
])
def test_normalise_folds_unicode_case_numbers_and_dates(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_of_punctuation_only_is_empty() -> None:
    assert normalise("?!… — ,,") == "" and tokens("") == []


def test_query_words_drop_stopwords_links_and_split_hashtags() -> None:
    words = content_words("The #AustralianFires are over https://t.co/x1 says @IlhanMN")
    assert words[:3] == ["australianfires", "australian", "fires"]
    assert "the" not in words and "t" not in words and "co" not in words
    assert {"ilhanmn", "ilhan", "mn"} <= set(words)


def test_query_searches_numbers_in_both_spellings_and_quotes_syntax() -> None:
    query = fts_or_query(content_words('four killed in "NEAR" round third*'))
    assert query == '"4" OR "four" OR "killed" OR "near" OR "round" OR "3rd" OR "third"'
    assert fts_or_query([]) == ""


def test_query_of_only_stopwords_or_punctuation_has_no_terms() -> None:
    assert content_words("the of and to it is") == []
    assert content_words("!!! ??? ... ---") == []


def test_choose_terms_prunes_common_words_but_keeps_three() -> None:
    freq = {"war": 5000, "talks": 20, "istanbul": 3, "round": 800}
    assert choose_terms(["war", "talks", "istanbul", "round"], freq, 10_000) == [
        "istanbul", "talks", "round"]
    assert choose_terms(["war", "unseen"], freq, 10_000) == ["war"]
    assert choose_terms(["unseen"], freq, 10_000) == ["unseen"]


def test_choose_terms_caps_a_huge_query() -> None:
    words = [f"word{i}" for i in range(1000)]
    assert len(choose_terms(words)) == 64


def test_rrf_rewards_agreement_and_keeps_a_single_list() -> None:
    assert [i for i, _ in reciprocal_rank_fusion([[1, 2, 3]])] == [1, 2, 3]
    fused = [i for i, _ in reciprocal_rank_fusion([[1, 2, 3], [3, 2, 9]])]
    assert fused[0] in (2, 3) and fused.index(2) < fused.index(9)


def test_paraphrase_is_same() -> None:
    r = relation("Four soldiers were killed in the attack on Monday.",
                 "On Monday, 4 soldiers were killed in the attack.")
    assert r.kind == "same" and r.differences == ()
    assert r.similarity > 0.9


def test_different_count_is_conflict_with_the_reason() -> None:
    r = relation("Four soldiers were killed in the attack on Monday.",
                 "Five soldiers were killed in the attack on Monday.")
    assert r.kind == "conflict"
    assert "killed: 4 vs 5" in r.differences


def test_different_date_is_conflict() -> None:
    r = relation("The talks began in Istanbul on 6 November 2025.",
                 "The talks began in Istanbul on 7 November 2025.")
    assert r.kind == "conflict"
    assert any(d.startswith("date: 2025-11-06 vs 2025-11-07") for d in r.differences)


def test_negation_is_conflict() -> None:
    r = relation("The talks ended in complete deadlock.", "The talks ended in no deadlock.")
    assert r.kind == "conflict"
    assert 'negation: "complete deadlock" vs "no deadlock"' in r.differences


def test_different_ordinal_is_conflict() -> None:
    r = relation("The second round of talks began in Istanbul.",
                 "The third round of talks began in Istanbul.")
    assert r.kind == "conflict"
    assert "round: second vs third" in r.differences


def test_different_topic_is_related_even_with_shared_numbers() -> None:
    r = relation("Four soldiers were killed in the attack on Monday.",
                 "Four new schools opened in the capital this year.")
    assert r.kind == "related"


def test_numbers_on_one_side_only_are_never_same() -> None:
    r = relation("Soldiers were killed in the attack on Monday.",
                 "Four soldiers were killed in the attack on Monday.")
    assert r.kind != "same"
    assert any(d.startswith("numbers:") for d in r.differences)


def test_similarity_of_empty_text_is_zero() -> None:
    assert similarity("", "anything") == 0.0


def test_thresholds_auto_link_only_same() -> None:
    t = Thresholds(suggest=0.5, auto_link=0.9)
    assert t.action(0.95, "same") == "auto_link"
    assert t.action(0.95, "conflict") == "suggest"
    assert t.action(0.4, "related") == "none"


def test_budget_keeps_rare_words_then_common_ones_while_they_fit() -> None:
    freq = {"war": 5000, "talks": 20, "istanbul": 3, "round": 800, "said": 90_000}
    words = ["said", "war", "talks", "istanbul", "round"]
    assert terms_within_budget(words, freq, 6_000) == ["istanbul", "talks", "round", "war"]
    assert terms_within_budget(words, freq, 100) == ["istanbul", "talks", "round"]
    assert terms_within_budget(["said", "unseen"], freq, 10) == ["said"]
    assert terms_within_budget(["unseen"], freq, 10) == ["unseen"]


def test_escape_codes_in_corpus_text_are_not_read_as_numbers() -> None:
    hostile = "\x1b]0;owned\x07Soldiers were \x1b[31mkilled\x1b[0m in the attack on Monday."
    assert tokens(hostile) == tokens("Soldiers were killed in the attack on Monday.")
    assert values_of(hostile)["quantities"] == []
    r = relation("Soldiers were killed in the attack on Monday.", hostile)
    assert not any(d.startswith("numbers:") for d in r.differences)
    assert r.kind == "same"
