"""Text normalisation shared by retrieval and by the similarity shown to the reviewer.

Two reports of one fact rarely use the same characters: "Four soldiers" and
"4 soldiers", "5 March 2020" and "March 5, 2020", a curly apostrophe and a straight
one, full-width digits pasted from another site. Both sides of every comparison go
through :func:`normalise` so those differences stop counting as differences.
Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata

from workbench.extraction.dates import MONTHS
from workbench.extraction.numbers import ORDINAL_WORDS as ORDINALS
from workbench.extraction.numbers import SCALES as _SCALES
from workbench.extraction.numbers import TENS as _TENS
from workbench.extraction.numbers import UNITS as _UNITS
from workbench.text_safety import printable

_NEGATION_TEXT = (
    "no not never none nobody nothing neither nor without cannot n't isn't wasn't aren't"
    " weren't don't doesn't didn't won't wouldn't can't couldn't hasn't haven't hadn't"
    " denied denies deny"
)
NEGATIONS = frozenset(_NEGATION_TEXT.split())

_NUMBER_WORDS = {**_UNITS, **_TENS, **_SCALES}
# A figure ("3.5", "21th" once ordinals are rewritten) or a word ("don't").
_TOKEN = re.compile(r"\d+(?:\.\d+)?(?:th)?|[^\W_]+(?:'[^\W_]+)?")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])")
_ORDINAL_SUFFIX = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# "5 March 2020", "March 5, 2020", "March 5th 2020", "2020-03-05"
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b")
_DATE_MDY = re.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def fold(text: str) -> str:
    """Unicode NFKC, case-folded, with every apostrophe made straight.

    Escape sequences and control characters go first (:func:`printable`): corpus text
    is untrusted, and the digits of ``\\x1b[31m`` are not figures of the claim.
    """
    text = unicodedata.normalize("NFKC", printable(text))
    return text.casefold().translate(_APOSTROPHES)


def words_to_digits(words: list[str]) -> list[str]:
    """Replace runs of number words by their value: ``four`` → ``4``,
    ``twenty one`` → ``21``, ``three hundred thousand`` → ``300000``.

    Ordinal words become ``Nth`` (``third`` → ``3th``) so they stay apart from counts.
    A lone scale word ("hundreds", "a million") is left as it is: it is not a count.
    """
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in ORDINALS:
            out.append(f"{ORDINALS[word]}th")
            i += 1
            continue
        if word not in _UNITS and word not in _TENS:
            out.append(word)
            i += 1
            continue
        total, current, j = 0, 0, i
        while j < len(words) and (words[j] in _NUMBER_WORDS or words[j] == "and"):
            token = words[j]
            if token == "and":
                # "one hundred and five", but not "four and a half" or "four and five"
                if j + 1 < len(words) and words[j + 1] in _NUMBER_WORDS and current >= 100:
                    j += 1
                    continue
                break
            value = _NUMBER_WORDS[token]
            if value >= 100:
                current = max(current, 1) * value
                if value >= 1000:
                    total, current = total + current, 0
            elif current % 100 != 0 and value < 10 and current % 10 == 0:
                current += value  # "twenty" "one"
            elif current and value >= 10 and current % 100 != 0:
                break  # "four five": two numbers, stop at the second
            else:
                current += value
            j += 1
        out.append(str(total + current))
        i = j
    return out


def _dates_to_iso(text: str) -> str:
    def dmy(m: re.Match[str]) -> str:
        return f"{m.group(3)}-{MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"

    def mdy(m: re.Match[str]) -> str:
        return f"{m.group(3)}-{MONTHS[m.group(1)]:02d}-{int(m.group(2)):02d}"

    def iso(m: re.Match[str]) -> str:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"

    text = _DATE_ISO.sub(iso, text)
    text = _DATE_DMY.sub(dmy, text)
    return _DATE_MDY.sub(mdy, text)


def _plain_numbers(text: str) -> str:
    """``1,200`` → ``1200``; ``3.50`` keeps its decimals; ``21st`` → ``21th``."""

    def join(m: re.Match[str]) -> str:
        whole = m.group(1).replace(",", "")
        return f"{whole}.{m.group(2)}" if m.group(2) else whole

    return _ORDINAL_SUFFIX.sub(r"\1th", _NUMBER.sub(join, text))


def tokens(text: str) -> list[str]:
    """The normalised words of ``text``: folded, dates as ISO, numbers as digits.

    ISO dates survive as one token (``2020-03-05``) because the hyphenated form is
    produced after splitting would have broken it up.
    """
    folded = _plain_numbers(fold(text))
    folded = _dates_to_iso(folded)
    out: list[str] = []
    for chunk in folded.split():
        stripped = chunk.strip(".,;:!?()[]\"'")
        if _DATE_ISO.fullmatch(stripped):
            out.append(stripped)
            continue
        out.extend(_TOKEN.findall(chunk))
    folded_again = " ".join(out)
    return words_to_digits(_dates_to_iso(folded_again).split())


def normalise(text: str) -> str:
    """:func:`tokens` joined by single spaces: the form compared by rapidfuzz."""
    return " ".join(tokens(text))


def numbers_in(words: list[str]) -> list[float]:
    """The plain counts among normalised words (not dates, not ordinals)."""
    found = []
    for word in words:
        if word[0].isdigit() and not word.endswith("th") and "-" not in word:
            try:
                found.append(float(word))
            except ValueError:
                continue
    return found


def is_negated(words: list[str]) -> bool:
    """True when the normalised words contain a negation cue ("no", "not", "never" …)."""
    return any(w in NEGATIONS or w.endswith("n't") for w in words)
