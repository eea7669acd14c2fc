"""Tie the stages together: text in, ranked checkable claims out.

The pipeline per sentence is: drop boilerplate (bylines, captions, ...), find dates
first (so their numbers are not mistaken for quantities), then quantities, ordinals,
speaker, quotes and places, then the cues and their score. Opinion, prediction and
commentary are kept but capped below every factual claim of the same article, so a
reader working down the list meets every fact before any opinion.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import cues as cue_table
from .cues import Facts
from .dates import find_dates
from .model import KINDS, ExtractedClaim
from .nonclaims import non_claim_reason
from .numbers import find_ordinals, find_quantities
from .places import find_places
from .segment import sentences
from .speakers import Speaker, find_quotes, find_speaker

# Terminal control sequences, and Rich console markup such as "[bold red]" or "[/]".
# In order: OSC, DCS, SOS, PM and APC strings ("\x1b]0;title\x07", the hyperlink
# "\x1b]8;;http://x\x1b\\") up to their BEL or ST terminator, 7-bit or 8-bit; CSI
# sequences ("\x1b[31m", "\x9b31m"); other escapes ("\x1b(B", "\x1bc"); and any lone
# C0 or C1 control character (tab and line breaks excepted: they are layout). A
# string sequence never runs past its line, and an unterminated one loses only its
# introducer, so a forged one cannot swallow the prose after it.
_MARKUP = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n\r]{0,2048}(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b[ -/]*[0-~]"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
    r"|\[/?(?:bold|b|italic|i|underline|u|strike|s|dim|reverse|blink|link|red|green|blue|"
    r"yellow|magenta|cyan|white|black|grey|gray|on \w+)?(?:[ =][^\[\]\n]{0,40})?\]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Pronoun resolution looks back this many speakers at most.
_SPEAKER_MEMORY = 8
_OPINION_REASON = "opinion ranks below every factual claim"


@dataclass
class Candidate:
    """A sentence on its way to becoming an ``ExtractedClaim``.

    ``features`` are the cue values that ``score`` was computed from; keeping them
    lets ``bench/checkworthiness.py`` refit the weights without re-extracting.
    """

    text: str
    start: int
    end: int
    kinds: tuple[str, ...]
    score: float
    reasons: tuple[str, ...]
    values: dict[str, Any]
    opinion: bool
    features: dict[str, float]


def mask_markup(text: str) -> str:
    """Blank out terminal controls and Rich-style markup tags, keeping every offset.

    Such text is taken as plain text (claims quote it back verbatim), but "\x1b[31m"
    must not read as the number 31, "\x1b]0;pwned\x07" as the number 0 and a past
    tense, nor "[bold red]" as a word. Replacing each with spaces of the same length
    keeps ``text[start:end]`` exact.
    """
    if "[" not in text and not _CONTROL.search(text):
        return text
    return _MARKUP.sub(lambda match: " " * len(match.group()), text)


def _widen_to_markup(
    spans: dict[int, int], ends: dict[int, int], start: int, end: int
) -> tuple[int, int]:
    """Give back markup that masking trimmed off a sentence's edges ("[b]Four[/]").

    ``spans`` maps each markup start to its end and ``ends`` each end to its start.
    """
    while start in ends:
        start = ends[start]
    while end in spans:
        end = spans[end]
    return start, end


def analyse(
    text: str, published: dt.date | None = None, history: list[Speaker] | None = None
) -> Facts:
    """Everything the extractor finds in one sentence (no scoring)."""
    dates = find_dates(text, published)
    exclude = [(d.start, d.end) for d in dates]
    return Facts(
        text=text,
        quantities=find_quantities(text, exclude),
        ordinals=find_ordinals(text),
        dates=dates,
        speaker=find_speaker(text, history, dates),
        quotes=find_quotes(text),
        places=find_places(text),
    )


def kinds_of(facts: Facts, values: dict[str, float]) -> tuple[str, ...]:
    """The claim kinds, in the order of ``KINDS``."""
    present = {
        "quantity": bool(facts.quantities),
        "date": bool(facts.dates),
        "quote": bool(facts.quotes) or (facts.speaker is not None and bool(values.get("reported"))),
        "place": bool(facts.places),
        "event": bool(values.get("event")),
        "comparison": bool(values.get("comparison") or values.get("superlative")),
    }
    return tuple(kind for kind in KINDS if present[kind])


def _values(facts: Facts, negated: bool) -> dict[str, Any]:
    return {
        "quantities": facts.quantities,
        "ordinals": facts.ordinals,
        "dates": [d.as_value() for d in facts.dates],
        "speaker": facts.speaker.as_value() if facts.speaker else None,
        "quotes": facts.quotes,
        "places": facts.places,
        "negated": negated,
    }


def _candidate(text: str, start: int, end: int, facts: Facts) -> Candidate | None:
    detected = cue_table.detect(facts)
    values = cue_table.features(detected)
    kinds = kinds_of(facts, values)
    if not kinds and not cue_table.has_factual_cue(values):
        return None
    return Candidate(
        text=text,
        start=start,
        end=end,
        kinds=kinds,
        score=cue_table.score(values),
        reasons=tuple(cue.reason for cue in detected),
        values=_values(facts, negated=bool(values.get("negation"))),
        opinion=cue_table.is_opinion(values, facts),
        features=values,
    )


def extract_claims(text: str, published: dt.date | None = None) -> list[ExtractedClaim]:
    """Checkable claims of ``text`` in text order, each scored for check-worthiness.

    ``published`` anchors relative dates ("on Friday", "6 November"); without it
    such dates keep ``iso`` None. Pure and deterministic: no I/O.
    """
    candidates = find_candidates(text, published)
    scores = final_scores(candidates)
    return [
        ExtractedClaim(
            ordinal=number,
            text=c.text,
            start=c.start,
            end=c.end,
            kinds=c.kinds,
            score=score,
            reasons=(*c.reasons, _OPINION_REASON) if c.opinion else c.reasons,
            values=c.values,
        )
        for number, (c, score) in enumerate(zip(candidates, scores, strict=True), start=1)
    ]


def find_candidates(text: str, published: dt.date | None = None) -> list[Candidate]:
    """The claim sentences of ``text`` with their cue features, before final scoring."""
    if not text or not text.strip():
        return []
    masked = mask_markup(text)
    markup = {m.start(): m.end() for m in _MARKUP.finditer(text)} if masked != text else {}
    markup_ends = {end: start for start, end in markup.items()}
    history: list[Speaker] = []
    candidates: list[Candidate] = []
    for sentence in sentences(masked):
        if non_claim_reason(sentence.text):
            continue
        facts = analyse(sentence.text, published, history)
        if facts.speaker is not None:
            history.append(facts.speaker)
            del history[:-_SPEAKER_MEMORY]
        start, end = _widen_to_markup(markup, markup_ends, sentence.start, sentence.end)
        candidate = _candidate(text[start:end], start, end, facts)
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def final_scores(
    candidates: list[Candidate], weights: Mapping[str, float] | None = None
) -> list[float]:
    """Scores rounded to 3 decimals, with every opinion below every factual claim.

    Opinions are scaled into the band under the lowest factual score rather than
    clamped, so they keep their order among themselves.
    """
    raw = [cue_table.score(c.features, weights) for c in candidates]
    factual = [s for s, c in zip(raw, candidates, strict=True) if not c.opinion]
    ceiling = max(0.0, round(min(factual), 3) - 0.001) if factual else 1.0
    return [
        round(ceiling * s if c.opinion else s, 3)
        for s, c in zip(raw, candidates, strict=True)
    ]
