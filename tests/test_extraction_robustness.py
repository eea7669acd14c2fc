"""Unhappy paths: odd inputs must give exact offsets, no crash, and no invented claims."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest

from workbench.extraction import ExtractedClaim, extract_claims

PUBLISHED = dt.date(2025, 11, 8)


def _check_offsets(text: str, claims: list[ExtractedClaim]) -> None:
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text


@pytest.mark.parametrize("text", ["", " ", "\n\n\t\r\n", "\u00a0\u2003"])
def test_empty_and_whitespace_give_no_claims(text: str) -> None:
    assert extract_claims(text, PUBLISHED) == []


def test_text_without_any_claim() -> None:
    text = "Hello there.\n\nThank you so much!\n\nWhat now?\n\nLovely weather, isn't it?"
    assert extract_claims(text, PUBLISHED) == []


def test_greetings_and_questions_are_dropped_among_claims() -> None:
    text = "Good morning, everyone. Four soldiers were killed on Friday. Who did it?"
    claims = extract_claims(text, PUBLISHED)
    assert [c.text for c in claims] == ["Four soldiers were killed on Friday."]


def test_rich_markup_is_plain_text_and_offsets_stay_exact() -> None:
    text = "[bold red]Four[/] civilians were killed in [i]Kabul[/i] on Friday."
    claims = extract_claims(text, PUBLISHED)
    assert len(claims) == 1
    _check_offsets(text, claims)
    assert claims[0].text == text
    assert claims[0].values["dates"][0]["iso"] == "2025-11-07"


def test_ansi_escapes_are_plain_text_and_offsets_stay_exact() -> None:
    text = "\x1b[31mFour civilians were killed\x1b[0m in Kabul. \x1b[1mTalks ended.\x1b[0m"
    claims = extract_claims(text, PUBLISHED)
    _check_offsets(text, claims)
    assert claims
    assert claims[0].values["quantities"][0]["value"] == 4


def test_markdown_article() -> None:
    text = (
        "# Border talks fail\n\n"
        "**Kabul** — Four civilians were *killed* on Friday, officials said.\n\n"
        "- Talks were held in Istanbul on 6 and 7 November.\n"
        "- The *third* round ended without a deal.\n\n"
        "> “It is a complete deadlock,” said Defence Minister Khawaja Asif.\n\n"
        "```python\nkilled = 400  # not a claim\n```\n"
    )
    claims = extract_claims(text, PUBLISHED)
    _check_offsets(text, claims)
    assert all("400" not in c.text for c in claims)
    assert all(not c.text.startswith(("-", ">", "#")) for c in claims)
    quote = next(c for c in claims if "deadlock" in c.text)
    assert quote.values["speaker"] == {
        "name": "Khawaja Asif",
        "role": "Defence Minister",
        "type": "Person",
    }
    talks = next(c for c in claims if "Istanbul" in c.text)
    assert [d["iso"] for d in talks.values["dates"]] == ["2025-11-06", "2025-11-07"]


def test_crlf_line_endings_give_the_same_claims_with_exact_offsets() -> None:
    unix = "Four civilians were killed in Kabul.\n\nTalks were held in Istanbul on 6 November.\n"
    windows = unix.replace("\n", "\r\n")
    claims_unix = extract_claims(unix, PUBLISHED)
    claims_windows = extract_claims(windows, PUBLISHED)
    _check_offsets(windows, claims_windows)
    assert [c.text for c in claims_windows] == [c.text for c in claims_unix]
    assert [c.score for c in claims_windows] == [c.score for c in claims_unix]


@pytest.mark.parametrize(
    "text",
    [
        'The minister called it a "complete deadlock," officials said.',
        "The minister called it a “complete deadlock,” officials said.",
    ],
)
def test_curly_and_straight_quotes(text: str) -> None:
    (claim,) = extract_claims(text, PUBLISHED)
    assert claim.values["quotes"] == ["complete deadlock"]
    assert "quote" in claim.kinds


def test_apostrophes_are_not_quotes() -> None:
    (claim,) = extract_claims("Pakistan’s army said the Taliban’s fighters fled.", PUBLISHED)
    assert claim.values["quotes"] == []


def test_unbalanced_quote_does_not_crash() -> None:
    text = 'He said "the talks failed and 12 people died. Nobody else was hurt.'
    claims = extract_claims(text, PUBLISHED)
    _check_offsets(text, claims)
    assert any(q["value"] == 12 for c in claims for q in c.values["quantities"])


def test_negations_are_flagged() -> None:
    text = (
        "There was no deadlock in the talks. Officials did not confirm the deaths. "
        "The army denies any role. Four soldiers were killed."
    )
    flags = [c.values["negated"] for c in extract_claims(text, PUBLISHED)]
    assert flags == [True, True, True, False]


def test_opinions_rank_below_facts_in_any_article() -> None:
    text = (
        "Four soldiers were killed in Kabul on Friday. "
        "Analysts say this shows the peace process could collapse. "
        "I think the government should resign. "
        "Prices rose by 5 percent in October."
    )
    claims = extract_claims(text, PUBLISHED)
    facts = [c for c in claims if "soldiers" in c.text or "Prices" in c.text]
    opinions = [c for c in claims if c not in facts]
    assert len(facts) == 2
    assert all(o.score < min(f.score for f in facts) for o in opinions)


def _generated_article(target_chars: int, seed: int = 7) -> str:
    """A deterministic, news-like article of about ``target_chars`` characters."""
    rng = random.Random(seed)
    subjects = ["Officials", "The ministry", "Police in Kabul", "Defence Minister Ali Khan"]
    verbs = ["said", "confirmed", "reported", "denied"]
    numbers = ["four", "12", "1,200", "at least five", "more than 300", "a dozen"]
    nouns = ["civilians", "soldiers", "homes", "protesters"]
    events = ["were killed", "were wounded", "were destroyed", "were arrested"]
    paragraphs: list[str] = []
    size = 0
    while size < target_chars:
        sentences = [
            f"{rng.choice(subjects)} {rng.choice(verbs)} that {rng.choice(numbers)} "
            f"{rng.choice(nouns)} {rng.choice(events)} on {rng.randint(1, 28)} November."
            for _ in range(rng.randint(2, 6))
        ]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def test_one_megabyte_article_finishes_in_a_few_seconds() -> None:
    text = _generated_article(1_000_000)
    assert len(text) >= 1_000_000
    began = time.perf_counter()
    claims = extract_claims(text, PUBLISHED)
    elapsed = time.perf_counter() - began
    assert elapsed < 15, f"took {elapsed:.1f}s"
    assert len(claims) > 5_000
    sample = claims[:: max(1, len(claims) // 200)]
    _check_offsets(text, sample)


def test_one_megabyte_single_paragraph_is_segmented_safely() -> None:
    text = _generated_article(200_000).replace("\n\n", " ")
    began = time.perf_counter()
    claims = extract_claims(text, PUBLISHED)
    assert time.perf_counter() - began < 10
    _check_offsets(text, claims[:50] + claims[-50:])
    assert len(claims) > 1_000


@pytest.mark.parametrize(
    "escape",
    [
        "\x1b]0;pwned\x07",  # OSC window title, BEL-terminated
        "\x1b]0;pwned\x1b\\",  # OSC, ST-terminated
        "\x1b]8;;http://x/7\x1b\\",  # OSC 8 hyperlink opener
        "\x1bP1;2q\x1b\\",  # DCS
        "\x1b_G1;pwned\x1b\\",  # APC (kitty graphics)
        "\x9d0;pwned\x9c",  # 8-bit OSC and ST
        "\x9b31m",  # 8-bit CSI
        "\x07\x00\x7f\x85",  # lone C0 and C1 controls
    ],
)
def test_terminal_control_strings_are_blanked_for_analysis(escape: str) -> None:
    text = f"Injected text with {escape} escapes: 12 soldiers were killed in Quetta."
    claims = extract_claims(text, PUBLISHED)
    _check_offsets(text, claims)
    assert [c.text for c in claims] == [text]
    assert [q["value"] for q in claims[0].values["quantities"]] == [12]
    assert not any("pwned" in r or "number: 0" in r or "number: 1 " in r for r in claims[0].reasons)


def test_hyperlinked_words_stay_readable_and_offsets_exact() -> None:
    text = "\x1b]8;;http://x\x1b\\Four civilians\x1b]8;;\x1b\\ were killed in Kabul."
    claims = extract_claims(text, PUBLISHED)
    assert [c.text for c in claims] == [text]
    assert claims[0].values["quantities"][0]["counts"] == "civilians"
    assert "http" not in " ".join(claims[0].reasons)


def test_an_unterminated_control_string_does_not_swallow_the_sentence() -> None:
    text = "\x1b]0;x Four civilians were killed in Kabul.\n\nTalks ended on Friday."
    claims = extract_claims(text, PUBLISHED)
    _check_offsets(text, claims)
    assert any(4 in [q["value"] for q in c.values["quantities"]] for c in claims)
    assert claims[-1].text == "Talks ended on Friday."
