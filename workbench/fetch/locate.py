"""Where a source says what a claim says, and whether its figures agree (pure logic).

:func:`locate` finds the passage of a source text that best matches a claim: every
window of one to three sentences is scored by how many of the claim's words it holds
and by rapidfuzz's ``partial_ratio`` alignment, and the best window wins. The claim's
extracted ``values`` are then checked against that passage: quotes verbatim or not,
each number next to its event or noun (or a different number there: a conflict),
each date, and the speaker. The result carries the word spans that match, for
highlighting, and a one-line summary such as
``supports: quote verbatim, 4 killed ✓, 5 wounded ✓`` or ``conflicts: killed 4 vs 5``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from workbench.extraction.numbers import DOZEN, SCALES, TENS, UNITS

MIN_PASSAGE_SCORE = 45.0
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+|\n\s*")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_STOP_WORDS = """
    a an the and or but of in on at to from by for with as is was were be been are it its
    that this these those he she they his her their said says say told has have had
    will would could should not no than
"""
_STOP = frozenset(_STOP_WORDS.split())
# Words read as a number on their own; scale words (thousand and up) multiply the
# figure before them ("5 million").
_NUMBER_WORDS = {**UNITS, **TENS, "hundred": SCALES["hundred"], "dozen": DOZEN}
_SCALES = {word: value for word, value in SCALES.items() if value >= 1_000}
_NEAR = 5  # tokens between a number and the word it counts or the event it is about
_AT_LEAST = frozenset({"at least", "more than", "over", "upwards of", "well over", "just over"})
_AT_MOST = frozenset({"at most", "up to", "fewer than", "less than", "under", "as many as"})
_ABOUT = frozenset({"about", "around", "roughly", "approximately", "nearly", "almost",
                    "close to", "some", "an estimated", "estimated"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


@dataclass(frozen=True)
class Check:
    """One value of the claim checked against the source.

    ``status`` is ``found``, ``conflict`` (the source gives a different value) or
    ``missing``; ``label`` is the short text used in the summary.
    """

    kind: str
    status: str
    label: str


@dataclass(frozen=True)
class Evidence:
    """The best passage for a claim, its matching words, and the value checks.

    ``start``/``end`` are offsets into the source text; ``spans`` are (start, end)
    offsets of matching words relative to ``passage``.
    """

    passage: str
    start: int
    end: int
    score: float
    spans: list[tuple[int, int]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    summary: str = ""

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["spans"] = [list(span) for span in self.spans]
        return data


@dataclass(frozen=True)
class _Token:
    text: str
    lower: str
    start: int
    end: int
    number: float | None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _SENTENCE_END.finditer(text):
        _append_trimmed(text, position, match.start() + len(match.group().rstrip()), spans)
        position = match.end()
    _append_trimmed(text, position, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _number(word: str) -> float | None:
    if word[0].isdigit():
        cleaned = word.replace(",", "")
        try:
            return float(cleaned)
        except ValueError:
            return None
    lowered = word.lower()
    if "-" in lowered:
        parts = lowered.split("-")
        if all(p in _NUMBER_WORDS for p in parts):
            return float(sum(_NUMBER_WORDS[p] for p in parts))
        return None
    value = _NUMBER_WORDS.get(lowered)
    return float(value) if value is not None else None


def tokens(text: str) -> list[_Token]:
    """Words and figures of ``text`` with offsets; "5 million" becomes one figure."""
    found: list[_Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        lowered = word.lower()
        if lowered in _SCALES and found and found[-1].number is not None:
            last = found.pop()
            assert last.number is not None
            found.append(_Token(text[last.start:match.end()], last.lower + " " + lowered,
                                last.start, match.end(), last.number * _SCALES[lowered]))
            continue
        found.append(_Token(word, lowered, match.start(), match.end(), _number(word)))
    return found


def _content_words(toks: list[_Token]) -> set[str]:
    return {_stem(t.lower) for t in toks if t.lower not in _STOP and t.number is None}


def _stem(word: str) -> str:
    """A crude stem so that "killed"/"killing", "talks"/"talk" meet: the first 5 letters."""
    return word[:5] if len(word) > 5 else word.rstrip("s") or word


def _windows(spans: list[tuple[int, int]], size: int = 3) -> list[tuple[int, int, int]]:
    """(first sentence, last sentence, sentence count) of every window up to ``size``."""
    return [(i, j, j - i + 1) for i in range(len(spans))
            for j in range(i, min(i + size, len(spans)))]


def best_passage(claim_text: str, claim_words: set[str], source_text: str
                 ) -> tuple[int, int, float] | None:
    """(start, end, score 0–100) of the source window that best matches the claim,
    whose content words (:func:`_content_words`) are ``claim_words``."""
    spans = sentence_spans(source_text)
    if not spans or not claim_text.strip() or not claim_words:
        return None
    sentence_words = [_content_words(tokens(source_text[s:e])) for s, e in spans]
    recall: list[tuple[float, tuple[int, int, int]]] = []
    for first, last, count in _windows(spans):
        words = set().union(*sentence_words[first:last + 1])
        recall.append((len(claim_words & words) / len(claim_words), (first, last, count)))
    recall.sort(key=lambda item: (-item[0], item[1][2]))
    claim_processed = default_process(claim_text)
    best: tuple[float, int, int] | None = None
    for share, (first, last, count) in recall[:40]:
        start, end = spans[first][0], spans[last][1]
        alignment = fuzz.partial_ratio(claim_processed, default_process(source_text[start:end]))
        score = 0.5 * share * 100 + 0.5 * alignment - 3 * (count - 1)
        if best is None or score > best[0]:
            best = (score, start, end)
    assert best is not None
    return best[1], best[2], max(0.0, min(100.0, best[0]))


def _normalise(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


def _check_quote(quote: str, passage: str, source: str) -> Check:
    wanted = _normalise(quote).strip(" .,;:!?\"'")
    if not wanted:
        return Check("quote", "missing", "empty quote")
    if wanted in _normalise(passage) or wanted in _normalise(source):
        return Check("quote", "found", "quote verbatim")
    alignment = fuzz.partial_ratio_alignment(wanted, _normalise(source))
    if alignment is not None and alignment.score >= 80:
        return Check("quote", "missing", f"quote not verbatim ({alignment.score:.0f}% alike)")
    return Check("quote", "missing", "quote not found")


def _format(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def _agrees(claimed: float, qualifier: str | None, said: float) -> bool:
    if said == claimed:
        return True
    if qualifier in _AT_LEAST:
        return said >= claimed
    if qualifier in _AT_MOST:
        return said <= claimed
    if qualifier in _ABOUT:
        return abs(said - claimed) <= max(1.0, 0.1 * claimed)
    return False


def _is_year(token: _Token) -> bool:
    return token.number is not None and token.text.isdigit() and len(token.text) == 4 \
        and 1800 <= token.number <= 2100


def _check_quantity(quantity: dict[str, Any], toks: list[_Token], spans: list[tuple[int, int]]
                    ) -> Check:
    value = quantity.get("value")
    if not isinstance(value, int | float):
        return Check("quantity", "missing", f"{quantity.get('text', '?')} not checked")
    key = quantity.get("event") or quantity.get("counts") or ""
    key_words = [_stem(w.lower()) for w in str(key).split() if w.lower() not in _STOP]
    shown = _format(float(value))
    if not key_words:
        hits = [t for t in toks if t.number == value]
        spans.extend((t.start, t.end) for t in hits)
        return Check("quantity", "found" if hits else "missing",
                     f"{shown} ✓" if hits else f"{shown} not found")
    key_positions = [i for i, t in enumerate(toks) if _stem(t.lower) in key_words]
    near: list[tuple[int, _Token]] = []
    for i, token in enumerate(toks):
        if token.number is None or _is_year(token):
            continue
        distance = min((abs(i - k) + (1 if i > k else 0) for k in key_positions), default=None)
        if distance is not None and distance <= _NEAR:
            near.append((distance, token))
    label = f"{shown} {key}"
    agreeing = [t for _, t in near if t.number is not None
                and _agrees(float(value), quantity.get("qualifier"), t.number)]
    if agreeing:
        spans.extend((t.start, t.end) for t in agreeing)
        spans.extend((toks[k].start, toks[k].end) for k in key_positions)
        return Check("quantity", "found", f"{label} ✓")
    if near:
        said = min(near, key=lambda item: item[0])[1]
        assert said.number is not None
        spans.append((said.start, said.end))
        return Check("quantity", "conflict", f"{key} {shown} vs {_format(said.number)}")
    if any(t.number == value for t in toks):
        return Check("quantity", "missing", f"{shown} found, but not with {key!r}")
    return Check("quantity", "missing", f"{label} not found")


def _date_forms(date: dict[str, Any]) -> list[str]:
    forms = [str(date.get("text") or "")]
    iso = date.get("iso")
    if isinstance(iso, str) and date.get("granularity") == "day":
        try:
            day = dt.date.fromisoformat(iso)
        except ValueError:
            return [f for f in forms if f]
        month = day.strftime("%B")
        forms += [iso, f"{month} {day.day}", f"{day.day} {month}", day.strftime("%A"),
                  f"{month[:3]}. {day.day}", f"{day.day} {month[:3]}"]
    return [f.casefold() for f in forms if f]


def _check_date(date: dict[str, Any], passage: str, source: str) -> Check:
    shown = str(date.get("text") or date.get("iso") or "date")
    patterns = [re.compile(rf"\b{re.escape(f)}\b") for f in _date_forms(date)]
    passage_folded = passage.casefold()
    if any(p.search(passage_folded) for p in patterns):
        return Check("date", "found", f"{shown} ✓")
    source_folded = source.casefold()
    if any(p.search(source_folded) for p in patterns):
        return Check("date", "found", f"{shown} ✓ (elsewhere in the source)")
    return Check("date", "missing", f"{shown} not found")


def _check_speaker(speaker: dict[str, Any], passage: str, source: str) -> Check | None:
    name = str(speaker.get("name") or "").strip()
    role = str(speaker.get("role") or "").strip()
    wanted = name or role
    if not wanted:
        return None
    surname = wanted.split()[-1].casefold()
    if wanted.casefold() in passage.casefold() or re.search(
        rf"\b{re.escape(surname)}\b", passage.casefold()
    ):
        return Check("speaker", "found", f"{wanted} named ✓")
    if wanted.casefold() in source.casefold():
        return Check("speaker", "found", f"{wanted} named ✓ (elsewhere in the source)")
    return Check("speaker", "missing", f"{wanted} not named")


def summarise(checks: list[Check], score: float) -> str:
    """The one-line verdict of the evidence: supports, conflicts, partly supports, unclear."""
    labels = [c.label for c in checks]
    conflicts = [c.label for c in checks if c.status == "conflict"]
    if conflicts:
        rest = [c.label for c in checks if c.status != "conflict"]
        return "conflicts: " + ", ".join(conflicts + rest)
    if not checks:
        word = "supports" if score >= 75 else "unclear"
        return f"{word}: passage {score:.0f}% alike, no values to check"
    found = sum(c.status == "found" for c in checks)
    if found == len(checks):
        return "supports: " + ", ".join(labels)
    if found:
        return "partly supports: " + ", ".join(labels)
    return "unclear: " + ", ".join(labels)


def locate(claim_text: str, values: dict[str, Any], source_text: str) -> Evidence | None:
    """The evidence for a claim in a source text, or None when nothing matches at all."""
    claim_words = _content_words(tokens(claim_text))
    found = best_passage(claim_text, claim_words, source_text)
    if found is None or found[2] < MIN_PASSAGE_SCORE:
        return None
    start, end, score = found
    passage = source_text[start:end]
    toks = tokens(passage)
    spans: list[tuple[int, int]] = []
    checks: list[Check] = [_check_quote(q, passage, source_text) for q in values.get("quotes") or []
                           if isinstance(q, str)]
    for quantity in values.get("quantities") or []:
        if isinstance(quantity, dict):
            checks.append(_check_quantity(quantity, toks, spans))
    for date in values.get("dates") or []:
        if isinstance(date, dict):
            checks.append(_check_date(date, passage, source_text))
    speaker = values.get("speaker")
    if isinstance(speaker, dict):
        speaker_check = _check_speaker(speaker, passage, source_text)
        if speaker_check is not None:
            checks.append(speaker_check)
    spans.extend((t.start, t.end) for t in toks
                 if t.number is None and t.lower not in _STOP and _stem(t.lower) in claim_words)
    merged = sorted(set(spans))
    return Evidence(passage=passage, start=start, end=end, score=round(score, 1),
                    spans=merged, checks=checks, summary=summarise(checks, score))
