"""Numbers in running text: figures and number words, what they count, and ordinals.

Fact-checkers check figures against sources, so a figure is only useful with what it
counts and what happened to it: "four civilians were killed and five wounded" must
give 4 civilians killed and 5 civilians wounded (the second noun is elided in the
text and inherited from the first). Years are dates, not quantities; the caller
passes their spans in ``exclude`` so they are skipped.
"""

from __future__ import annotations

import re
from typing import Any

from .events import AUXILIARIES, EVENT_WORDS, REPORTING_VERBS
from .tokens import Token, overlaps, tokenize, word_list

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Counting words that are not scales: "a dozen", "half a dozen".
DOZEN = 12
ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "hundredth": 100,
}
# Longest first, so "more than" wins over "more".
QUALIFIERS: tuple[str, ...] = (
    "at least", "at most", "more than", "less than", "fewer than", "as many as",
    "as much as", "as few as", "up to", "close to", "nearly", "almost", "about",
    "around", "roughly", "approximately", "some", "over", "under", "just over",
    "just under", "well over", "upwards of", "an estimated", "estimated", "only",
    "exactly", "precisely",
)
_QUALIFIER_WORDS = sorted((q.split() for q in QUALIFIERS), key=len, reverse=True)
CURRENCY: dict[str, str] = {"$": "dollars", "£": "pounds", "€": "euros"}
_UNIT_WORDS: dict[str, str] = {
    "percent": "percent", "per": "percent", "%": "percent", "dollars": "dollars",
    "dollar": "dollars", "pounds": "pounds", "euros": "euros", "km": "km",
    "kilometres": "km", "kilometers": "km", "miles": "miles", "kg": "kg", "tonnes": "tonnes",
    "tons": "tons", "hours": "hours", "days": "days", "weeks": "weeks",
    "months": "months", "years": "years", "cents": "cents", "points": "points",
}
# Words that end the noun phrase a number counts.
_STOP_WORDS: frozenset[str] = frozenset(
    word_list(
        """
        a an the and or but nor of in on at to from by for with without into onto over
        under than as that which who whom whose this these those it its their his her
        our your my there here not no more less per each every while when where after
        before since during until across along against about around between among
        through s so if because although though despite including last next
        """
    )
)
# Verbs that often follow a counted noun but are not event words.
_COMMON_VERBS: frozenset[str] = frozenset(
    word_list(
        """
        are is was were have has had do does did say says came went come go sank sunk
        took made make got get gave give remain remained stay stayed live lived work
        worked die fled left saw see became become
        """
    )
)
# Verbs that give a level to their subject: "the toll rises to 1,200" counts the toll.
_LEVEL_VERBS: frozenset[str] = frozenset(
    word_list(
        """
        rise rises rose risen climb climbs climbed reach reaches reached hit hits jump
        jumps jumped fall falls fell fallen drop drops dropped grow grows grew increase
        increases increased decrease decreases decreased soar soars soared surge surges
        surged top tops topped stand stands stood mount mounts mounted near nears neared
        exceed exceeds exceeded total totals totalled totaled
        """
    )
)
_LEVEL_LINKS: frozenset[str] = frozenset({"to", "at", "by", "past", "above", "below", "near"})
_PRONOUNS: frozenset[str] = frozenset(
    {"i", "you", "he", "she", "it", "we", "they", "this", "that", "who", "which", "what"}
)
_NUMERIC = re.compile(r"^([$£€])?(\d+(?:,\d{3})*(?:\.\d+)?)(st|nd|rd|th)?(%)?$")
_TIME_NEXT = frozenset({"am", "pm", "a.m.", "p.m.", "a", "p", "gmt", "utc"})


def parse_number_words(words: list[str]) -> tuple[int | None, int]:
    """Read a number spelled in words from the start of ``words``.

    Returns ``(value, words_used)``; ``(None, 0)`` when ``words`` does not start
    with a number. Handles "four", "twenty-one", "one hundred and five",
    "two million", "a dozen", "half a dozen", "a million".
    """
    lowered = [w.lower() for w in words]
    if lowered[:3] == ["half", "a", "dozen"]:
        return DOZEN // 2, 3
    if lowered[:2] == ["a", "dozen"] or lowered[:1] == ["dozen"]:
        used = 2 if lowered[0] == "a" else 1
        return DOZEN, used
    if len(lowered) >= 2 and lowered[0] == "a" and lowered[1] in SCALES:
        value, used = SCALES[lowered[1]], 2
        if used < len(lowered) and lowered[used] in SCALES and SCALES[lowered[used]] > value:
            value *= SCALES[lowered[used]]
            used += 1
        return value, used
    total, current, used = 0, 0, 0
    seen_number = False
    while used < len(lowered):
        word = lowered[used]
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif "-" in word and all(p in TENS or p in UNITS for p in word.split("-")):
            parts = word.split("-")
            if parts[0] not in TENS:
                break
            current += sum(TENS.get(p, UNITS.get(p, 0)) for p in parts)
        elif word in SCALES and seen_number:
            scale = SCALES[word]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif word == "and" and seen_number and used + 1 < len(lowered) and (
            lowered[used + 1] in UNITS or lowered[used + 1] in TENS
        ) and (current >= 100 or total):
            used += 1
            continue
        else:
            break
        seen_number = True
        used += 1
    if not seen_number:
        return None, 0
    return total + current, used


def parse_figure(text: str) -> float | int | None:
    """Parse a digit figure such as ``1,200``, ``3.5`` or ``$50,000`` (no scale)."""
    match = _NUMERIC.match(text)
    if not match:
        return None
    digits = match.group(2).replace(",", "")
    return float(digits) if "." in digits else int(digits)


def _is_glued(sentence: str, start: int) -> bool:
    """True for digits glued to a word, as in "COVID-19", "F-16", "G7", "mp3"."""
    if start == 0:
        return False
    before = sentence[start - 1]
    if before.isalpha():
        return True
    return before == "-" and start >= 2 and sentence[start - 2].isalpha()


def _qualifier(tokens: list[Token], index: int) -> tuple[str | None, int]:
    """The qualifier ending just before ``tokens[index]`` and its first token index."""
    for words in _QUALIFIER_WORDS:
        begin = index - len(words)
        if begin < 0:
            continue
        if [t.lower for t in tokens[begin:index]] == words:
            return " ".join(words), begin
    return None, index


def _counted_noun(tokens: list[Token], index: int) -> tuple[str | None, int]:
    """The short noun phrase starting at ``tokens[index]`` that a number counts."""
    if index < len(tokens) and tokens[index].lower == "of":
        index += 1
        if index < len(tokens) and tokens[index].lower in ("the", "all", "those", "these"):
            index += 1
    words: list[Token] = []
    position = index
    while position < len(tokens) and len(words) < 3:
        token = tokens[position]
        low = token.lower
        if not token.is_word or low in _STOP_WORDS or low in AUXILIARIES:
            break
        if low in EVENT_WORDS or low in REPORTING_VERBS:
            break
        if words and (low.endswith(("ly", "ed")) or low in _COMMON_VERBS):
            break
        words.append(token)
        position += 1
    if not words:
        return None, index
    return " ".join(t.text for t in words), position


def _event_after(tokens: list[Token], index: int) -> str | None:
    """An event verb shortly after a counted noun: "were killed", "wounded"."""
    position, skipped = index, 0
    while position < len(tokens) and skipped <= 3:
        low = tokens[position].lower
        if low in EVENT_WORDS or (low.endswith("ed") and len(low) > 4 and tokens[position].is_word):
            return low
        if low in AUXILIARIES or low == "not":
            position += 1
            skipped += 1
            continue
        return None
    return None


def _event_before(tokens: list[Token], index: int) -> str | None:
    """An event verb shortly before a number: "killed at least 12", "rose by 5%"."""
    position = index - 1
    looked = 0
    while position >= 0 and looked < 4:
        token = tokens[position]
        if not token.is_word and token.text not in ("$", "£", "€"):
            return None
        if token.lower in EVENT_WORDS:
            return token.lower
        position -= 1
        looked += 1
    return None


def _level_subject(tokens: list[Token], index: int) -> str | None:
    """The subject a number is the level of: "Flood toll rises to 1,200" gives "toll"."""
    position = index - 1
    if position >= 0 and tokens[position].lower in _LEVEL_LINKS:
        position -= 1
    if position < 1 or tokens[position].lower not in _LEVEL_VERBS:
        return None
    subject = tokens[position - 1]
    low = subject.lower
    if not subject.is_word or low in _STOP_WORDS or low in AUXILIARIES or low in _PRONOUNS:
        return None
    return subject.text


def find_quantities(
    sentence: str, exclude: list[tuple[int, int]] | None = None
) -> list[dict[str, Any]]:
    """Every quantity in ``sentence`` with its qualifier, unit, counted noun and event.

    ``exclude`` holds sentence-relative spans (dates, mostly) whose numbers are not
    quantities.
    """
    exclude = exclude or []
    tokens = tokenize(sentence)
    found: list[dict[str, Any]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        value: float | int | None = None
        unit: str | None = None
        used = 1
        numeric = _NUMERIC.match(token.text)
        if numeric:
            if numeric.group(3) or _is_glued(sentence, token.start):
                index += 1
                continue
            value = parse_figure(token.text)
            unit = CURRENCY.get(numeric.group(1) or "")
            if numeric.group(4):
                unit = "percent"
            nxt = tokens[index + 1].lower if index + 1 < len(tokens) else ""
            if ":" in token.text or nxt in _TIME_NEXT:
                index += 1
                continue
            if index > 0 and tokens[index - 1].text in CURRENCY and not unit:
                unit = CURRENCY[tokens[index - 1].text]
        elif token.is_word:
            words = [t.text for t in tokens[index : index + 6]]
            value, used = parse_number_words(words)
            if value is None:
                index += 1
                continue
            # "one" alone is usually a pronoun or article ("one of", "no one").
            if used == 1 and token.lower == "one":
                index += 1
                continue
        else:
            index += 1
            continue
        last = index + used - 1
        # Scale words after a figure: "2 million", "3.5 billion".
        if numeric and last + 1 < len(tokens) and tokens[last + 1].lower in SCALES:
            value = value * SCALES[tokens[last + 1].lower]  # type: ignore[operator]
            last += 1
            if isinstance(value, float) and value.is_integer():
                value = int(value)
        start, end = token.start, tokens[last].end
        if overlaps(start, end, exclude):
            index = last + 1
            continue
        after = last + 1
        if after < len(tokens) and not unit:
            low = tokens[after].lower
            if low == "per" and after + 1 < len(tokens) and tokens[after + 1].lower == "cent":
                unit, after = "percent", after + 2
            elif low in _UNIT_WORDS and low != "per":
                unit, after = _UNIT_WORDS[low], after + 1
            elif tokens[after].text == "%":
                unit, after = "percent", after + 1
        currency_before = index > 0 and tokens[index - 1].text in CURRENCY
        qualifier, qual_index = _qualifier(tokens, index - (1 if currency_before else 0))
        counts, after_noun = _counted_noun(tokens, after)
        if counts is None and unit is None:
            counts = _level_subject(tokens, qual_index - (1 if currency_before else 0))
        if counts is None and unit is None and found and found[-1]["counts"]:
            counts = found[-1]["counts"]  # elided noun: "four civilians ... and five wounded"
        event = _event_after(tokens, after_noun) or _event_before(tokens, qual_index)
        found.append(
            {
                "value": value,
                "text": sentence[start:end],
                "qualifier": qualifier,
                "unit": unit,
                "counts": counts,
                "event": event,
            }
        )
        index = last + 1
    return found


def find_ordinals(sentence: str) -> list[dict[str, Any]]:
    """Ordinals such as "third round" or "21st century", with the noun they rank."""
    tokens = tokenize(sentence)
    found: list[dict[str, Any]] = []
    for index, token in enumerate(tokens):
        value: int | None = ORDINAL_WORDS.get(token.lower)
        if value is None:
            numeric = _NUMERIC.match(token.text)
            if not numeric or not numeric.group(3) or _is_glued(sentence, token.start):
                continue
            value = int(numeric.group(2).replace(",", "").split(".")[0])
        elif token.lower == "second" and index + 1 < len(tokens) and tokens[index + 1].lower in (
            "of", "and", "or", "to", ",", ".",
        ):
            continue  # "a second of", "split second." are not rankings
        counts, _ = _counted_noun(tokens, index + 1)
        found.append({"value": value, "text": token.text, "counts": counts})
    return found
