"""Check-worthiness: which sentences are worth a fact-checker's time, and why.

Each sentence is described by a handful of *cues* (it has a figure, it names a
speaker, it hedges, ...). Each cue has a weight; the weighted sum goes through a
logistic function to give a score between 0 and 1. The weights live in one small
table (``WEIGHTS``) so that they can be read, argued about and refitted:
``bench/checkworthiness.py`` fits them on the CheckThat! 2019 debates with a logistic
regression that is pulled towards the hand-set ``PRIOR_WEIGHTS`` (cues that debates
rarely exhibit, like dates and direct quotations, keep roughly their prior weight).

Cue values are numbers in 0..1 (mostly 0 or 1). Every cue that fires also produces a
plain-English reason, so the user sees why a sentence ranks where it does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .dates import DateMention
from .events import EVENT_WORDS, reporting_verb_at
from .nonclaims import is_question
from .speakers import Speaker
from .tokens import tokenize, word_list

# ---------------------------------------------------------------------------
# Weights. Positive raises check-worthiness, negative lowers it.
# PRIOR_WEIGHTS is the hand-set starting point; WEIGHTS is what the extractor uses.
# ---------------------------------------------------------------------------
PRIOR_WEIGHTS: dict[str, float] = {
    "bias": -2.0,
    "quantity": 1.2,  # a figure: "four civilians", "$50,000", "60 percent"
    "several_quantities": 0.4,  # two or more figures
    "statistic": 0.8,  # statistics words: percent, rate, million, unemployment
    "vague_amount": 0.5,  # "millions of", "hundreds of"
    "date": 1.2,  # a resolved calendar date
    "year": 0.4,  # a year or decade ("since 2001", "in the 1990s")
    "quote": 1.2,  # a direct quotation
    "speaker": 0.8,  # attributed to a named speaker
    "reported": 0.3,  # a reporting verb: said, stated, confirmed
    "place": 0.4,  # a place name
    "event": 0.7,  # something happened: killed, convened, voted, lost
    "comparison": 0.6,  # more than, doubled, rose, higher than
    "superlative": 0.6,  # highest since, record, the most
    "negation": 0.2,  # did not, refused, never, no
    "causal": 0.3,  # because, led to, caused, as a result
    "past_tense": 0.4,  # a verb in the past tense
    "first_person_fact": 0.3,  # "we lost", "I voted", "I opposed"
    "accusation": 0.5,  # "you voted", "he hired", "she supported"
    "dispute": 0.3,  # "that's wrong", "that is false", "a lie"
    "policy_topic": 0.4,  # jobs, taxes, border, health care: topics with public records
    "position": 0.4,  # what someone wants or stands for: "she wants to abolish ..."
    "proper_nouns": 0.5,  # capitalised names beyond the first word (0..1)
    "length": 0.6,  # longer sentences carry more content (0..1)
    "short": -0.8,  # five words or fewer
    "first_person_plan": -0.8,  # "I will", "we're going to": promises are not checkable
    "hedge": -0.8,  # "I think", "perhaps", "probably"
    "modal": -0.5,  # should, could, might, would, must
    "prediction": -0.5,  # will, going to, expected to, risk
    "commentary": -1.0,  # "observers warn", "underscores", "marks yet another"
    "question": -2.0,  # questions are not claims (they are dropped before scoring)
    "second_person_plea": -0.5,  # "let's", "join us", "imagine"
}

# Fitted on the 19 CheckThat! 2019 training debates by bench/checkworthiness.py
# (l2=3 towards PRIOR_WEIGHTS, positive weight 4, NEWS_ONLY_CUES kept at their prior);
# figures in docs/performance.md.
WEIGHTS: dict[str, float] = {
    "bias": -2.56,
    "quantity": 0.82,
    "several_quantities": 0.10,
    "statistic": 0.82,
    "vague_amount": 0.52,
    "date": 1.20,
    "year": 0.22,
    "quote": 1.20,
    "speaker": 0.80,
    "reported": -0.27,
    "place": 0.40,
    "event": 0.64,
    "comparison": 0.57,
    "superlative": 0.87,
    "negation": -0.15,
    "causal": 0.26,
    "past_tense": 0.31,
    "first_person_fact": -0.63,
    "accusation": 0.23,
    "dispute": 0.29,
    "policy_topic": 0.49,
    "position": 0.54,
    "proper_nouns": -0.40,
    "length": 0.22,
    "short": -0.01,
    "first_person_plan": -0.68,
    "hedge": -0.39,
    "modal": -0.25,
    "prediction": -0.40,
    "commentary": -0.33,
    "question": -2.00,
    "second_person_plea": -0.68,
}

# Cues that say a sentence asserts something checkable; one is needed to be listed.
FACTUAL_CUES: frozenset[str] = frozenset(
    {
        "quantity", "statistic", "vague_amount", "date", "year", "quote", "speaker",
        "reported", "place", "event", "comparison", "superlative", "negation", "causal",
        "past_tense", "first_person_fact", "accusation", "dispute", "policy_topic",
        "position",
    }
)

# Cues of news reporting whose weights are not refitted on debate transcripts, where
# a quotation or a named speaker is mostly one candidate quoting another.
NEWS_ONLY_CUES: frozenset[str] = frozenset({"quote", "speaker", "date", "place"})

# Cues that make a sentence opinion, prediction or commentary rather than fact.
OPINION_CUES: frozenset[str] = frozenset({"hedge", "commentary", "prediction", "modal"})


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern + r")\b", re.IGNORECASE)


_STATISTIC = _words(
    r"percent|per cent|percentage|rate|rates|million|millions|billion|billions|trillion|"
    r"average|median|per capita|gdp|unemployment|unemployed|inflation|deficit|debt|"
    r"tax|taxes|budget|wages?|income|poverty|jobs|deaths|death toll|casualties|"
    r"population|statistics?|figures|survey|poll|census|growth|economy|dollars|"
    r"premiums?|insurance|crime|murders?|homicides?|emissions|tariffs?|trade deficit"
)
_VAGUE_AMOUNT = _words(r"(?:hundreds|thousands|millions|billions|trillions|dozens|tens) of")
_COMPARISON = _words(
    r"more than|less than|fewer than|greater than|higher than|lower than|as (?:much|many) as|"
    r"compared (?:with|to)|twice|doubled|tripled|quadrupled|halved|increased|decreased|"
    r"rose|risen|fell|fallen|grew|grown|dropped|declined|surged|soared|plunged|jumped|"
    r"climbed|slumped|shrank|up from|down from|times (?:more|less|as)|"
    r"(?!rather|other)\w+er than|longer|shorter|lower|higher|bigger|smaller|fewer|cheaper|"
    r"worse|better"
)
_SUPERLATIVE = _words(
    r"(?:the\s+)?(?:highest|lowest|largest|biggest|smallest|worst|best|fastest|slowest|greatest|"
    r"strongest|weakest|richest|poorest|deadliest|longest|shortest|most|least|first)"
    r"(?:\s+\w+){0,3}\s+(?:since(?:\s+(?:\d{4}|the\s+\w+|\w+))?|ever|"
    r"in (?:history|decades|years|a generation)|on record)|"
    r"record(?:-breaking| high| low| number| levels?)?|all-time|unprecedented|"
    r"the (?:highest|lowest|largest|biggest|smallest|worst|best|greatest|deadliest|"
    r"fastest|richest|poorest|only)"
)
_LEADING_THE = re.compile(r"^[Tt]he\s+")
_NEGATION = re.compile(
    r"\b(?:no|not|never|none|nobody|nothing|neither|nor|cannot|refused|refuses|refuse|"
    r"denied|denies|deny|rejected|rejects)\b|n['’]t\b",
    re.IGNORECASE,
)
_NOT_NEGATION = _words(r"not only|no doubt|nothing but")
_CAUSAL = _words(
    r"because|due to|as a result|led to|leads to|lead to|caused|causes|resulted in|"
    r"results in|thanks to|owing to|therefore|which is why|that is why|that's why|blamed"
)
_PAST_TENSE = re.compile(
    r"\b(?:was|were|had|did|didn['’]t|wasn['’]t|weren['’]t|has been|have been|"
    r"[a-z]{3,}ed)\b"
)
_NOT_PAST = frozenset(
    word_list(
        """
        need needed indeed united based red bed bred speed seed feed weed proceed exceed
        succeed hundred interested concerned supposed used tired worried excited scared
        talented committed dedicated sophisticated complicated
        """
    )
)
_FIRST_PERSON_FACT = re.compile(
    r"\b(?:I|we|We)\s+(?:have\s+|had\s+|also\s+|actually\s+|already\s+|never\s+)?"
    r"(?:[a-z]{3,}ed|did|lost|won|got|gave|made|spent|paid|built|cut|sold|saw|went|"
    r"took|brought|wrote|said|voted|led|fought|ran|met|created|passed)\b"
)
_ACCUSATION = re.compile(
    r"\b(?:you|You|he|He|she|She|they|They)\s+(?:have\s+|had\s+|also\s+|actually\s+|"
    r"just\s+|never\s+)?(?:[a-z]{3,}ed|did|lost|gave|made|spent|paid|took|sold|said|"
    r"voted|wanted|supported|opposed|hired)\b"
)
_DISPUTE = _words(
    r"(?:that|this|it)(?:['’]s| is| was) (?:(?:totally|completely|simply|just|not) )?"
    r"(?:wrong|false|untrue|true|a lie|not true|a fact|incorrect)|"
    r"lie|lies|lying|lied|fact|facts"
)
_FIRST_PERSON_PLAN = re.compile(
    r"\b(?:I|we|We)\s*(?:will|['’]ll|am going to|['’]m going to|are going to|"
    r"['’]re going to|want to|intend to|plan to|promise|need to|have to|must|would|"
    r"['’]d)\b|\b(?:let['’]s|Let['’]s|my plan|our plan)\b"
)
_HEDGE = _words(
    r"I think|I believe|I feel|I hope|I guess|I suspect|we think|we believe|"
    r"in my (?:opinion|view)|perhaps|maybe|probably|possibly|arguably|"
    r"seems?|appears? to|it is likely|is likely|are likely|unlikely|supposedly"
)
_MODAL = _words(r"should|could|might|may|would|must|ought to|can")
_MODAL_CASE = re.compile(r"\bMay\b")  # the month, not the modal
_PREDICTION = _words(
    r"will|won['’]t|['’]ll|going to|gonna|expected to|is set to|are set to|forecasts?|"
    r"predicts?|predicted|risks?|threatens? to|poised to|likely to|in the future"
)
# Verbs of commentary first, so the reason names "warn" rather than "Observers".
_COMMENTARY_VERB = _words(
    r"warn|warns|warned|underscores?|underlines?|highlights?|marks (?:yet )?another|"
    r"signals?|symboli[sz]es|reflects?"
)
_COMMENTARY = _words(
    r"yet another|setback|observers|analysts say|"
    r"critics say|experts say|remains to be seen|it is clear|clearly|sadly|unfortunately|"
    r"shameful|disgrace|tragic|terrible|great|wonderful|beautiful|incredible|amazing|"
    r"unbelievable|ridiculous|disaster"
)
_POLICY_TOPIC = _words(
    r"economy|economic|jobs?|tax(?:es|ed)?|trade|tariffs?|border|immigration|immigrants?|"
    r"illegal|drugs?|crime|criminals?|police|guns?|second amendment|health ?care|obamacare|"
    r"insurance|medicare|medicaid|social security|pensions?|military|troops|nuclear|"
    r"weapons|isis|terror(?:ism|ists?)?|war|climate|energy|coal|oil|gas|deficit|debt|"
    r"wages?|manufacturing|factories|companies|workers|unions?|nafta|tpp|china|mexico|"
    r"iran|russia|north korea|abortion|education|schools?|veterans|refugees|wall|budget|"
    r"spending|regulations?|banks?|wall street|prices?|housing|welfare|poverty|"
    r"sanctions|elections?|voters?|votes?|taxpayers?"
)
_POSITION = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[A-Z][a-z]+s?)\s+(?:(?:also|still|now|even|actually)\s+)?"
    r"(?:wants?|believes?|supports?|opposes?|plans?|proposes?|favou?rs?|backs?|"
    r"is going to|are going to|would|refuses?|promised|pledged)\b"
)
_PLEA = _words(r"let['’]s|let us|join us|imagine|please|thank|thanks|welcome")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Facts:
    """What the extractor found in one sentence; the input to cue detection."""

    text: str
    quantities: list[dict[str, Any]] = field(default_factory=list)
    ordinals: list[dict[str, Any]] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    speaker: Speaker | None = None
    quotes: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Cue:
    """A cue that fired: its name, its value (0..1) and a reason for the user.

    ``name`` is None for a detail that only adds a reason (the second and third
    figure of a sentence, say) without counting twice in the score.
    """

    name: str | None
    value: float
    reason: str


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group() if match else None


def _format_number(value: float | int) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"
    return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))


def describe_quantity(quantity: Mapping[str, Any]) -> str:
    """"four (4) civilians killed" — the figure as written, its value and its context."""
    text = str(quantity["text"])
    value = _format_number(quantity["value"])
    head = text if text.replace(",", "") == value.replace(",", "") else f"{text} ({value})"
    parts = [quantity.get("qualifier"), head]
    if quantity.get("unit") and quantity["unit"] not in text:
        parts.append(quantity["unit"])
    parts += [quantity.get("counts"), quantity.get("event")]
    return " ".join(str(p) for p in parts if p)


def event_words(text: str) -> list[str]:
    """Event words in ``text``, in order, without duplicates."""
    seen: list[str] = []
    for token in tokenize(text):
        low = token.lower
        if low in EVENT_WORDS and low not in seen:
            seen.append(low)
    return seen


def _negation(text: str) -> str | None:
    """The first negation word of ``text``, "not only" and the like left out."""
    return _first(_NEGATION, _NOT_NEGATION.sub(" ", text))


def is_negated(text: str) -> bool:
    """True when the sentence asserts a negation ("did not", "refused", "no deadlock")."""
    return _negation(text) is not None


def _past_tense(text: str) -> str | None:
    for match in _PAST_TENSE.finditer(text):
        word = match.group().lower()
        if word not in _NOT_PAST:
            return match.group()
    return None


def _position(text: str) -> str | None:
    position = _first(_POSITION, text)
    return None if position is None or position.startswith(("I ", "We ")) else position


def _modal(text: str) -> str | None:
    return _first(_MODAL, _MODAL_CASE.sub(" ", text))


def _commentary(text: str) -> str | None:
    return _first(_COMMENTARY_VERB, text) or _first(_COMMENTARY, text)


def _finder(pattern: re.Pattern[str]) -> Callable[[str], str | None]:
    return lambda text: _first(pattern, text)


# Cues that fire on a phrase of the sentence, each with the reason naming it, in the
# order their reasons are listed. Three runs, because other cues stand between them.
_PhraseCues = tuple[tuple[str, Callable[[str], str | None], str], ...]
_AMOUNT_PHRASES: _PhraseCues = (
    ("statistic", _finder(_STATISTIC), "statistic: '{}'"),
    ("vague_amount", _finder(_VAGUE_AMOUNT), "amount: '{}'"),
)
_FACT_PHRASES: _PhraseCues = (
    ("negation", _negation, "negation: '{}'"),
    ("causal", _finder(_CAUSAL), "cause: '{}'"),
    ("past_tense", _past_tense, "past tense: '{}'"),
    ("first_person_fact", _finder(_FIRST_PERSON_FACT), "own record: '{}'"),
    ("accusation", _finder(_ACCUSATION), "what someone did: '{}'"),
    ("dispute", _finder(_DISPUTE), "disputes a fact: '{}'"),
    ("policy_topic", _finder(_POLICY_TOPIC), "topic: '{}'"),
    ("position", _position, "someone's position: '{}'"),
)
_OPINION_PHRASES: _PhraseCues = (
    ("first_person_plan", _finder(_FIRST_PERSON_PLAN), "plan: '{}' lowers the score"),
    ("hedge", _finder(_HEDGE), "opinion: '{}' lowers the score"),
    ("modal", _modal, "opinion: '{}' lowers the score"),
    ("prediction", _finder(_PREDICTION), "prediction: '{}' lowers the score"),
    ("commentary", _commentary, "opinion: '{}' lowers the score"),
)


def detect(facts: Facts) -> list[Cue]:
    """Every cue that fires on ``facts``, with its value and a plain-English reason."""
    text = facts.text
    cues: list[Cue] = []

    def add(name: str, reason: str, value: float = 1.0) -> None:
        cues.append(Cue(name, value, reason))

    def add_phrases(table: _PhraseCues) -> None:
        for name, find, reason in table:
            found = find(text)
            if found:
                add(name, reason.format(found))

    for i, quantity in enumerate(facts.quantities[:3]):
        reason = f"number: {describe_quantity(quantity)}"
        cues.append(Cue("quantity", 1.0, reason) if i == 0 else Cue(None, 0.0, reason))
    for ordinal in facts.ordinals[:2]:
        counted = f" {ordinal['counts']}" if ordinal.get("counts") else ""
        cues.append(Cue(None, 0.0, f"ordinal: {ordinal['text']}{counted}"))
    if len(facts.quantities) >= 2:
        add("several_quantities", f"{len(facts.quantities)} figures")
    add_phrases(_AMOUNT_PHRASES)
    resolved = [d for d in facts.dates if d.iso and d.granularity in ("day", "week", "month")]
    for mention in facts.dates:
        if mention.granularity in ("year", "decade"):
            continue
        iso = mention.iso or "unresolved"
        cues.append(Cue(None, 0.0, f"date: {mention.text} ({iso})"))
    if resolved:
        add("date", f"{len(resolved)} resolved date{'s' if len(resolved) > 1 else ''}")
    years = [d for d in facts.dates if d.granularity in ("year", "decade")]
    if years:
        add("year", f"year: {', '.join(d.text for d in years)}")
    for i, quote in enumerate(facts.quotes[:2]):
        short = quote if len(quote) <= 60 else quote[:57] + "…"
        reason = f"quote: “{short}”"
        cues.append(Cue("quote", 1.0, reason) if i == 0 else Cue(None, 0.0, reason))
    if facts.speaker:
        add("speaker", f"speaker: {facts.speaker.name}")
    tokens = tokenize(text)
    shapes = [(t.lower, t.is_capitalised) for t in tokens]
    reporting = next(
        (t.text for i, t in enumerate(tokens) if reporting_verb_at(shapes, i)), None
    )
    if reporting:
        add("reported", f"reported: '{reporting}'")
    if facts.places:
        add("place", f"place: {', '.join(facts.places[:3])}")
    events = event_words(text)
    if events:
        add("event", f"event: {', '.join(events[:3])}")
    superlative = _first(_SUPERLATIVE, text)
    comparison = _first(_COMPARISON, text)
    if superlative:
        add("superlative", "compares: " + _LEADING_THE.sub("", superlative))
    if comparison and comparison != superlative:
        add("comparison", f"compares: {comparison}")
    add_phrases(_FACT_PHRASES)
    words = _WORD.findall(text)
    names = [w for w in words[1:] if w[0].isupper() and w not in ("I", "I'm", "I’m")]
    if names:
        add("proper_nouns", f"names: {', '.join(dict.fromkeys(names[:3]))}", min(len(names), 4) / 4)
    if len(words) > 8:
        add("length", f"{len(words)} words", min(len(words), 40) / 40)
    if len(words) <= 5:
        add("short", f"short: {len(words)} words")
    add_phrases(_OPINION_PHRASES)
    if is_question(text):
        add("question", "question lowers the score")
    plea = _first(_PLEA, text)
    if plea:
        add("second_person_plea", f"appeal: '{plea}' lowers the score")
    return cues


def features(cues: list[Cue]) -> dict[str, float]:
    """The cue values by name, ready for a weighted sum (reason-only entries dropped)."""
    values: dict[str, float] = {}
    for cue in cues:
        if cue.name:
            values[cue.name] = max(values.get(cue.name, 0.0), cue.value)
    return values


def score(values: Mapping[str, float], weights: Mapping[str, float] | None = None) -> float:
    """Logistic score in 0..1 of a cue-value mapping under ``weights`` (default WEIGHTS)."""
    weights = WEIGHTS if weights is None else weights
    total = weights.get("bias", 0.0)
    for name, value in values.items():
        total += weights.get(name, 0.0) * value
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total))))


def has_factual_cue(values: Mapping[str, float]) -> bool:
    """True when a cue of ``FACTUAL_CUES`` fires; a sentence without one is not a claim.

    Deliberately independent of the weights, so that refitting them changes the
    ranking but never which sentences are listed.
    """
    return any(values.get(name, 0.0) > 0 for name in FACTUAL_CUES)


def is_opinion(values: Mapping[str, float], facts: Facts) -> bool:
    """Opinion, prediction or commentary, unless a named speaker owns the statement.

    Reported speech ("Mujahid reaffirmed that ... could threaten") is a checkable
    claim about what someone said, so it is not demoted; unattributed commentary
    ("Observers warn that ... could destabilise") is.
    """
    if not any(values.get(name) for name in OPINION_CUES):
        return False
    if values.get("hedge") or values.get("commentary"):
        return facts.speaker is None or values.get("hedge", 0) > 0
    return facts.speaker is None and not facts.quantities and not facts.dates
