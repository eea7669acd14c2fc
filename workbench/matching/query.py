"""Turning free text (a claim, a tweet, a paragraph) into a full-text query.

Measured on CheckThat! 2022 2A, an OR query of the content words ranked by BM25 beats
every fuzzy ranker, so that is the query built here. The words are chosen with care:

- links are dropped; the signature of an embedded tweet ("— Ilhan Omar (@IlhanMN)
  January 6, 2020") is kept, because the speaker's name is often what identifies the
  claim (dropping it cost 0.03 MAP@5 on train);
- hashtags and handles are kept whole and also split on case ("#AustralianFires" →
  "AustralianFires Australian Fires"), which gained 0.015 MAP@5 on train and dev;
- stopwords go, and a word is kept once;
- numbers are searched in both spellings ("4" and "four"), because the index holds
  the documents' own words;
- at most :data:`MAX_TERMS` words are kept, the rarest first when document
  frequencies are known: a 100 KB paste cannot build a 100 KB query; on a large
  corpus the common words are dropped until the postings the query reads fit a
  budget (:func:`terms_within_budget`): they cost time and barely move BM25.

Every word is double-quoted, so user input is never read as FTS5 syntax.
Pure functions, no I/O: the caller supplies document frequencies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from workbench.matching.normalise import ORDINALS, fold, words_to_digits

MAX_TERMS = 64
MAX_QUERY_CHARS = 4_000  # the first few thousand characters carry the claim

_STOPWORD_TEXT = """
    a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it it's its itself just me more most my myself of off on once only or
    other our ours ourselves out over own same she should so some such than that that's the
    their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves s t rt via amp https http www com pic twitter html
    also get got says said say like just now new one us would could via
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_URL = re.compile(r"https?://\S+|www\.\S+|pic\.twitter\.com/\S+|\S+\.(?:com|org|net)/\S*")
_TAG = re.compile(r"[#@](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DIGIT_WORDS = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
    "7": "seven", "8": "eight", "9": "nine", "10": "ten", "11": "eleven", "12": "twelve",
    "20": "twenty", "100": "hundred", "1000": "thousand", "1000000": "million",
}
_ORDINAL_NAMES = {f"{v}th": k for k, v in ORDINALS.items()}


def clean_query_text(text: str) -> str:
    """``text`` without links; hashtags and handles followed by their words."""
    text = _URL.sub(" ", text[:MAX_QUERY_CHARS])
    return _TAG.sub(lambda m: f" {m.group(1)} {_CAMEL.sub(' ', m.group(1))} ", text)


def content_words(text: str) -> list[str]:
    """The distinct searchable words of ``text``, in order: folded, stopwords removed,
    number words as digits."""
    raw = _WORD.findall(fold(clean_query_text(text)).replace("'", ""))
    seen: set[str] = set()
    words: list[str] = []
    for word in words_to_digits(raw):
        if word in STOPWORDS or word in seen or (len(word) == 1 and not word.isdigit()):
            continue
        seen.add(word)
        words.append(word)
    return words


def choose_terms(
    words: list[str],
    doc_freq: Mapping[str, int] | None = None,
    total_docs: int = 0,
    max_share: float = 0.01,
    max_terms: int = MAX_TERMS,
) -> list[str]:
    """The words worth searching for, rarest first.

    Words present in more than ``max_share`` of ``total_docs`` are dropped when at
    least three rarer words remain: they match a large part of the index, which is
    what makes an OR query slow, and BM25 gives them almost no weight anyway. Words
    the index has never seen are dropped too (they cannot match), unless nothing
    else is left.
    """
    if not doc_freq or total_docs <= 0:
        return words[:max_terms]
    known = [w for w in words if doc_freq.get(w, 0) > 0]
    if not known:
        return words[:max_terms]
    known.sort(key=lambda w: doc_freq[w])
    limit = max(1, int(total_docs * max_share))
    rare = [w for w in known if doc_freq[w] <= limit]
    chosen = rare if len(rare) >= 3 else known[: max(3, len(rare))]
    return chosen[:max_terms]


def terms_within_budget(
    words: list[str],
    doc_freq: Mapping[str, int],
    budget: int,
    min_terms: int = 3,
    max_terms: int = MAX_TERMS,
) -> list[str]:
    """The rarest words whose postings add up to at most ``budget``, rarest first.

    An OR query costs about the sum of its words' document frequencies, so that sum
    is what is bounded, not each word's share: a query of rare words keeps its
    common words too (a fixed share cut cost 0.055 Recall@5 at 1M rows, this cut
    nothing), and a query of common words keeps only the rarest. At least
    ``min_terms`` known words are kept whatever they cost. Words the index has never
    seen are dropped (they cannot match), unless nothing else is left.
    """
    known = sorted((w for w in words if doc_freq.get(w, 0) > 0), key=lambda w: doc_freq[w])
    if not known:
        return words[:max_terms]
    kept: list[str] = []
    total = 0
    for word in known[:max_terms]:
        if len(kept) >= min_terms and total + doc_freq[word] > budget:
            break
        kept.append(word)
        total += doc_freq[word]
    return kept


def spellings(word: str) -> list[str]:
    """The spellings of one query word that the index may hold ("4" → 4, four)."""
    if word in _DIGIT_WORDS:
        return [word, _DIGIT_WORDS[word]]
    if word in _ORDINAL_NAMES:
        number = int(word[:-2])
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10 if number % 100 not in (11, 12, 13)
                                                 else 0, "th")
        return [f"{number}{suffix}", _ORDINAL_NAMES[word]]
    return [word]


def fts_or_query(terms: list[str]) -> str:
    """An FTS5 OR query of ``terms`` (each quoted), or ``""`` when there are none."""
    parts: list[str] = []
    for term in terms:
        for spelling in spellings(term):
            quoted = '"' + spelling.replace('"', '""') + '"'
            if quoted not in parts:
                parts.append(quoted)
    return " OR ".join(parts)
