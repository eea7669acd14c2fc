"""Locating a claim's evidence in a source text and checking its values (pure logic)."""

from __future__ import annotations

from typing import Any

from workbench.fetch.locate import Check, locate, sentence_spans, summarise

SOURCE = (
    "Kabul police issued a statement.\n"
    "The weather in the region was cold today, officials said.\n"
    "Four people were killed and five wounded in an explosion in Kabul on Monday, police "
    "spokesman Khalid Zadran said. \u201cWe will find those responsible,\u201d Zadran said.\n"
    "Markets were calm in the afternoon."
)
CLAIM = "Four people were killed and five wounded in Kabul on Monday, Zadran said."


def _values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "quantities": [
            {"value": 4, "text": "Four", "qualifier": None, "unit": None, "counts": "people",
             "event": "killed"},
            {"value": 5, "text": "five", "qualifier": None, "unit": None, "counts": "people",
             "event": "wounded"},
        ],
        "dates": [{"text": "Monday", "iso": "2025-11-10", "granularity": "day"}],
        "speaker": {"name": "Khalid Zadran", "role": "police spokesman"},
        "quotes": ["We will find those responsible"],
    }
    values.update(overrides)
    return values


def test_supporting_source_gives_passage_spans_and_summary() -> None:
    evidence = locate(CLAIM, _values(), SOURCE)
    assert evidence is not None
    assert evidence.passage.startswith("Four people were killed")
    assert SOURCE[evidence.start:evidence.end] == evidence.passage
    assert evidence.summary == ("supports: quote verbatim, 4 killed ✓, 5 wounded ✓, Monday ✓, "
                                "Khalid Zadran named ✓")
    words = {evidence.passage[s:e] for s, e in evidence.spans}
    assert {"Four", "killed", "five", "wounded", "Kabul", "Monday", "Zadran"} <= words
    assert "weather" not in words


def test_a_different_number_is_a_conflict() -> None:
    changed = SOURCE.replace("Four people", "Five people")
    evidence = locate(CLAIM, _values(quotes=[]), changed)
    assert evidence is not None
    assert evidence.summary.startswith("conflicts: killed 4 vs 5")
    assert Check("quantity", "found", "5 wounded ✓") in evidence.checks


def test_figures_in_digits_and_words_agree() -> None:
    digits = SOURCE.replace("Four people", "4 people").replace("five wounded", "5 wounded")
    evidence = locate(CLAIM, _values(quotes=[]), digits)
    assert evidence is not None and evidence.summary.startswith("supports: 4 killed ✓")


def test_qualified_figures_accept_a_consistent_number() -> None:
    values = _values(quotes=[], quantities=[
        {"value": 3, "text": "at least three", "qualifier": "at least", "unit": None,
         "counts": "people", "event": "killed"}])
    evidence = locate(CLAIM, values, SOURCE)
    assert evidence is not None and "3 killed ✓" in evidence.summary


def test_a_paraphrased_quote_is_not_verbatim() -> None:
    values = _values(quotes=["We will find all of those responsible"])
    evidence = locate(CLAIM, values, SOURCE)
    assert evidence is not None
    assert evidence.checks[0].status == "missing"
    assert evidence.checks[0].label.startswith("quote not verbatim")
    assert evidence.summary.startswith("partly supports:")


def test_a_missing_quote_speaker_and_date_are_reported() -> None:
    values = _values(quotes=["Nobody said this at all, ever"],
                     speaker={"name": "Jane Doe", "role": None},
                     dates=[{"text": "Friday", "iso": "2025-11-07", "granularity": "day"}])
    evidence = locate(CLAIM, values, SOURCE)
    assert evidence is not None
    labels = [c.label for c in evidence.checks]
    assert "quote not found" in labels and "Jane Doe not named" in labels
    assert "Friday not found" in labels


def test_a_date_written_differently_is_found_from_its_iso_form() -> None:
    dated = SOURCE.replace("on Monday", "on 10 November")
    evidence = locate(CLAIM, _values(quotes=[]), dated)
    assert evidence is not None and "Monday ✓" in evidence.summary


def test_an_unrelated_source_matches_nothing() -> None:
    assert locate(CLAIM, _values(), "Football results: the home side won 3-1 at the weekend.") \
        is None


def test_empty_inputs_match_nothing() -> None:
    assert locate(CLAIM, _values(), "") is None
    assert locate("", {}, SOURCE) is None
    assert locate("the of and", {}, SOURCE) is None


def test_malformed_values_do_not_crash() -> None:
    values = {"quantities": [{"value": "four"}, "junk"], "dates": [None], "speaker": "x",
              "quotes": [3, ""]}
    evidence = locate(CLAIM, values, SOURCE)
    assert evidence is not None
    assert [c.label for c in evidence.checks] == ["empty quote", "? not checked"]


def test_summary_without_values_depends_on_the_passage_score() -> None:
    assert summarise([], 90).startswith("supports: passage 90% alike")
    assert summarise([], 50).startswith("unclear:")
    assert summarise([Check("date", "missing", "Monday not found")], 90) == \
        "unclear: Monday not found"


def test_sentences_split_on_punctuation_and_lines() -> None:
    text = "One. Two!  Three?\nFour"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["One.", "Two!", "Three?", "Four"]
