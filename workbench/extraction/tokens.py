"""A tiny word tokenizer with offsets, shared by the number, speaker and cue stages.

The stages need to look a few words left and right of a match ("four civilians were
killed"), which is clumsy with regexes alone, and they all need the same notion of a
word, so it lives in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Order matters: money and numbers with separators before plain words.
_TOKEN = re.compile(
    r"""
    [$£€]?\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?%?  # 1,200  3.5  $50,000  10:30  50%  21st
    | [A-Za-z\u00C0-\u024F]+(?:[-'’][A-Za-z\u00C0-\u024F]+)*  # words, hyphenated, possessive
    | \S                                     # any other visible character
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Token:
    """A word, number or punctuation mark with offsets into the sentence.

    ``lower`` is the token folded to lower case with curly apostrophes made straight;
    it is computed once because every stage compares it against word lists.
    """

    text: str
    start: int
    end: int
    lower: str = ""

    def __post_init__(self) -> None:
        if not self.lower:
            object.__setattr__(self, "lower", self.text.lower().replace("’", "'"))

    @property
    def is_word(self) -> bool:
        """True for alphabetic tokens (possibly hyphenated)."""
        return self.text[0].isalpha()

    @property
    def is_capitalised(self) -> bool:
        """True when the token starts with an upper-case letter."""
        return self.text[0].isupper()


@lru_cache(maxsize=32)
def _tokenize(text: str) -> tuple[Token, ...]:
    return tuple(Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text))


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, each with offsets relative to ``text``.

    Several stages tokenize the same sentence in turn; a small cache makes that one
    pass instead of five.
    """
    return list(_tokenize(text))


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Does ``start:end`` overlap any of ``spans`` (each ``(start, end)``)?"""
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def word_list(block: str) -> list[str]:
    """Split a whitespace-separated block of words, so word lists read as prose."""
    return block.split()
