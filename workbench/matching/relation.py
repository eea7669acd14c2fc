"""How a candidate relates to the claim being checked: same fact, conflict, or related.

Similar words are not the same truth conditions (Full Fact's point): "four soldiers
were killed" and "five soldiers were killed" share almost every word and disagree on
the one that matters. So the relation is decided on the structured values from
extraction (quantities, ordinals, dates, speaker, negation), with the normalised text
as a fallback for values extraction did not see:

- ``conflict``: the same event, but a different count, date or ordinal, or one side
  negates what the other asserts;
- ``same``: the same event with nothing that disagrees, and the same numbers;
- ``related``: the same topic but not the same fact (a different speaker, numbers on
  one side only, or just too different in wording).

Each reason is a short string in ``differences`` (``killed: 4 vs 5``). Pure, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from workbench.matching.normalise import NEGATIONS, fold, is_negated, numbers_in, tokens
from workbench.matching.query import STOPWORDS

SAME = "same"
CONFLICT = "conflict"
RELATED = "related"

# Content-word similarity (0-100, numbers and negations left out) from which two
# texts are taken to describe the same event. Tuned by hand on the tests' pairs.
SAME_EVENT = 60.0
SAME_WORDING = 70.0
_LOWER_BOUND = ("at least", "more than", "over", "upwards of", "just over", "well over")
_UPPER_BOUND = ("at most", "less than", "fewer than", "up to", "under", "just under",
                "as many as", "as much as")
_APPROXIMATE = ("about", "around", "roughly", "approximately", "nearly", "almost",
                "close to", "some", "an estimated", "estimated")


@dataclass(frozen=True)
class Relation:
    """The verdict of the comparison: a kind, the reasons, and the similarity shown."""

    kind: str
    differences: tuple[str, ...]
    similarity: float  # 0..1, rapidfuzz on the normalised texts


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two texts after normalisation (mean of token set and sort ratios).

    token_set_ratio alone is 100 when one text's words are a subset of the other's;
    averaging with token_sort_ratio keeps "Biden won" from equalling a long paragraph.
    """
    return _word_similarity(tokens(a), tokens(b))


def _word_similarity(wa: list[str], wb: list[str]) -> float:
    """:func:`similarity` of two texts already split by :func:`tokens`."""
    na, nb = " ".join(wa), " ".join(wb)
    if not na or not nb:
        return 0.0
    return round((fuzz.token_set_ratio(na, nb) + fuzz.token_sort_ratio(na, nb)) / 200, 3)


def _topic_words(words: list[str]) -> str:
    kept = [w for w in words if w not in STOPWORDS and w not in NEGATIONS
            and not w[0].isdigit() and not w.endswith("n't")]
    return " ".join(sorted(set(kept)))


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when two quantities can both be true ("at least 4" and 5; "about 100" and 98)."""
    va, vb = a.get("value"), b.get("value")
    if va is None or vb is None or va == vb:
        return True
    for q, x, y in ((a.get("qualifier"), va, vb), (b.get("qualifier"), vb, va)):
        q = (q or "").lower()
        if q in _LOWER_BOUND and y >= x:
            return True
        if q in _UPPER_BOUND and y <= x:
            return True
        if q in _APPROXIMATE and abs(x - y) <= 0.1 * max(abs(x), abs(y)):
            return True
    return False


def _quantity_label(q: dict[str, Any]) -> str | None:
    return q.get("event") or q.get("counts") or q.get("unit")


def _quantity_differences(qa: list[dict], qb: list[dict]) -> tuple[list[str], bool]:
    """Conflicting counts, and whether any count was compared at all."""
    diffs: list[str] = []
    compared = False
    for a in qa:
        label = _quantity_label(a)
        if label is None:
            continue
        partners = [b for b in qb if _quantity_label(b) == label
                    and (a.get("counts") is None or b.get("counts") is None
                         or a.get("counts") == b.get("counts") or a.get("event") is not None)]
        if not partners:
            continue
        compared = True
        if not any(_compatible(a, b) for b in partners):
            diffs.append(f"{label}: {_fmt(a['value'])} vs {_fmt(partners[0]['value'])}")
    return diffs, compared


def _number_set_difference(na: list[float], nb: list[float]) -> str | None:
    if sorted(set(na)) == sorted(set(nb)):
        return None
    left = ", ".join(_fmt(v) for v in sorted(set(na))) or "none"
    right = ", ".join(_fmt(v) for v in sorted(set(nb))) or "none"
    return f"numbers: {left} vs {right}"


def _date_differences(da: list[dict], db: list[dict]) -> list[str]:
    def key(d: dict) -> str:
        return d.get("iso") or fold(d.get("text") or "")

    ka = [key(d) for d in da if key(d)]
    kb = [key(d) for d in db if key(d)]
    if not ka or not kb:
        return []
    # "2020-03" and "2020-03-05" agree; so do equal strings.
    agree = any(x.startswith(y) or y.startswith(x) for x in ka for y in kb)
    return [] if agree else [f"date: {ka[0]} vs {kb[0]}"]


def _ordinal_differences(oa: list[dict], ob: list[dict]) -> list[str]:
    diffs = []
    for a in oa:
        for b in ob:
            if a.get("counts") == b.get("counts") and a.get("value") != b.get("value"):
                label = a.get("counts") or "ordinal"
                diffs.append(f"{label}: {a.get('text')} vs {b.get('text')}")
    return diffs


def _negation_phrase(words: list[str], other: list[str]) -> tuple[str, str]:
    """The negated phrase of ``words`` and the matching phrase of ``other``:
    ("no deadlock", "complete deadlock")."""
    for i, word in enumerate(words):
        if (word in NEGATIONS or word.endswith("n't")) and i + 1 < len(words):
            following = words[i + 1]
            if following in other:
                j = other.index(following)
                before = other[j - 1] if j > 0 else ""
                return f"{word} {following}", f"{before} {following}".strip()
            return f"{word} {following}", "affirmative"
    return "negated", "affirmative"


def _speaker_name(values: dict[str, Any]) -> str | None:
    speaker = values.get("speaker") or {}
    name = speaker.get("name") if isinstance(speaker, dict) else None
    return fold(name) if name else None


def compare(text_a: str, values_a: dict[str, Any] | None,
            text_b: str, values_b: dict[str, Any] | None) -> Relation:
    """The relation of claim B to claim A (A: the claim being checked)."""
    va, vb = values_a or {}, values_b or {}
    wa, wb = tokens(text_a), tokens(text_b)
    sim = _word_similarity(wa, wb)
    ta, tb = _topic_words(wa), _topic_words(wb)
    topic = fuzz.token_set_ratio(ta, tb) if ta and tb else 0.0

    conflicts: list[str] = []
    others: list[str] = []

    quantity_diffs, compared = _quantity_differences(va.get("quantities") or [],
                                                     vb.get("quantities") or [])
    conflicts += quantity_diffs
    # Numbers in the text (dates and ordinals excluded) must agree for `same`.
    numbers_a, numbers_b = numbers_in(wa), numbers_in(wb)
    numbers_diff = _number_set_difference(numbers_a, numbers_b)
    if numbers_diff and not quantity_diffs:
        if numbers_a and numbers_b and not compared:
            conflicts.append(numbers_diff)
        else:
            others.append(numbers_diff)

    conflicts += _date_differences(va.get("dates") or [], vb.get("dates") or [])
    conflicts += _ordinal_differences(va.get("ordinals") or [], vb.get("ordinals") or [])

    neg_a = bool(va.get("negated")) or is_negated(wa)
    neg_b = bool(vb.get("negated")) or is_negated(wb)
    if neg_a != neg_b:
        if neg_a:
            phrase_a, phrase_b = _negation_phrase(wa, wb)
        else:
            phrase_b, phrase_a = _negation_phrase(wb, wa)
        conflicts.append(f'negation: "{phrase_a}" vs "{phrase_b}"')

    speaker_a, speaker_b = _speaker_name(va), _speaker_name(vb)
    if speaker_a and speaker_b and speaker_a != speaker_b:
        others.append(f"speaker: {va['speaker']['name']} vs {vb['speaker']['name']}")

    if topic < SAME_EVENT:
        kind = RELATED
    elif conflicts:
        kind = CONFLICT
    elif others or sim * 100 < SAME_WORDING:
        kind = RELATED
    else:
        kind = SAME
    return Relation(kind=kind, differences=tuple(conflicts + others), similarity=sim)
