"""Who said it: speaker and role attribution, and the quotations themselves.

A statement is checkable against its source only when we know the source, so a
sentence like "Pakistan’s Defence Minister Khawaja Asif described the negotiations
as ..." yields ``{"name": "Khawaja Asif", "role": "Pakistan’s Defence Minister"}``.
Pronoun subjects ("He claimed ...") take the most recent named speaker of the
preceding sentences, which is how news copy continues an attribution, and so does a
bare title ("the minister told Reuters") that an earlier speaker's role carries.

The value keeps two fields, ``name`` and ``role``. What the sentence says about the
speaker besides the name goes into ``role``, verbatim: the title before the name,
then an affiliation after it ("Lt. Gen. Ahmed Khan of the U.S.-backed coalition"
gives role "Lt. Gen. of the U.S.-backed coalition"), then an appositive after a
comma ("Dr. Maria Lopez, a virologist at the WHO," gives "Dr., a virologist at the
WHO"). A group qualified by an affiliation ("Officials at the ministry") and a
headline's trailing attribution ("Flood toll rises to 1,200 — officials") are
speakers without a role.

A place or a time between the name and the verb ("Ahmed Khan in Karachi on Tuesday
said") is an adjunct, not the speaker, and is skipped. ``Speaker.person`` is False
for groups, countries and organisations ("The United States said"), so "he" and
"she" never resolve to them.

The value also says what kind of author the speaker is, ``"type"``: ``"Organization"``
for a country, an organisation or a group speaking for a body ("The United States
said", "Afghan officials said"), ``"Person"`` otherwise. It is not the negation of
``person``, which is False whenever "he" had better not resolve to the speaker: that
includes a lone name ("Putin said") and an unnamed office-holder ("the Iranian
president said"), and those are still people. Values stored before the key existed
have none; readers take a missing ``type`` as ``"Person"``, which is what every
speaker was then.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .dates import DateMention, find_dates
from .events import REPORTING_VERBS, reporting_verb_at
from .nonclaims import NEWS_AGENCIES
from .places import GAZETTEER, find_places
from .tokens import Token, overlaps, tokenize, word_list

ROLE_NOUNS: frozenset[str] = frozenset(
    word_list(
        """
        minister spokesperson spokesman spokeswoman president vice-president secretary
        senator governor mayor general gen lt colonel col major commander chief director
        ambassador envoy official officials leader chairman chairwoman chair ceo premier
        king queen prince princess judge justice attorney prosecutor representative rep
        congressman congresswoman mp dr professor prof analyst economist head deputy
        adviser advisor officer captain sheriff lawmaker diplomat negotiator candidate
        mr mrs ms sir lord lady pope cardinal imam rabbi emir sheikh chancellor speaker
        rev reverend bishop archbishop pastor lama ayatollah mufti patriarch
        """
    )
)
# Group nouns: a speaker when a proper noun qualifies them ("Afghan officials").
GROUP_NOUNS: frozenset[str] = frozenset(
    word_list(
        """
        officials authorities government delegation side ministry administration police
        army military forces sources spokespeople representatives mediators analysts
        observers experts critics residents witnesses investigators researchers
        scientists doctors lawyers leaders officers troops group party campaign
        committee council agency office department court report statement
        """
    )
)
PERSONAL_PRONOUNS: frozenset[str] = frozenset({"he", "she"})
GROUP_PRONOUNS: frozenset[str] = frozenset({"they"})
_SKIPPABLE_ADVERBS: frozenset[str] = frozenset(
    {"later", "also", "reportedly", "further", "again", "then", "previously", "repeatedly",
     "publicly", "separately", "earlier", "once", "had", "has", "have", "was", "is", "just",
     "now"}
)
_FIRST_PERSON: frozenset[str] = frozenset({"i", "we", "you", "it", "this", "that"})
_CONNECTORS: frozenset[str] = frozenset({"of", "for", "and"})
# Prepositions that attach an affiliation to a name: "Ahmed Khan of the coalition";
# "in" only to a group: "officials in Kabul", not "Ahmed Khan in Karachi".
_AFFILIATION_PREPOSITIONS: frozenset[str] = frozenset({"of", "at", "from", "with"})
_GROUP_PREPOSITIONS: frozenset[str] = frozenset({"in"})
# Prepositions opening an adjunct of place or time between a subject and its verb
# ("Ahmed Khan in Karachi on Tuesday said"): their object is never the speaker.
_ADJUNCT_PREPOSITIONS: frozenset[str] = frozenset({"in", "on"})
# Last words that make a capitalised name an organisation rather than a person
# ("European Union", "World Bank", "Human Rights Watch"). Kept short on purpose:
# group nouns ("ministry", "council", "party") already mark organisations, the
# gazetteer of ``places`` marks countries and cities, and a name after "the" ("the
# New York Times") is no person's; this list only covers names without an article.
_ORGANISATION_HEADS: frozenset[str] = frozenset(
    word_list(
        """
        union nations organization organisation bank fund foundation institute
        university commission board bureau association federation alliance league
        corporation company inc corp ltd watch international news times journal
        """
    )
)
# News agencies that speak as bodies ("Reuters said"). Not "Bloomberg": in copy that
# is as often Michael Bloomberg.
_WIRE_SERVICES: frozenset[str] = frozenset(NEWS_AGENCIES) - {"Bloomberg"}
# Words that open a sentence without belonging to its subject ("So Kelly said").
_CONNECTIVES: frozenset[str] = frozenset(
    {"so", "but", "and", "or", "yet", "then", "now", "well", "also", "still", "meanwhile",
     "however", "instead", "later", "again"}
)
# Words that end a backward scan for an affiliation: a clause, not a noun phrase.
_CLAUSE_WORDS: frozenset[str] = frozenset(
    {"that", "who", "whom", "which", "when", "where", "while", "after", "before", "because",
     "if", "and", "or", "but", "as", "than", "he", "she", "they", "it", "we", "i", "you"}
)
_AFFILIATION_SPAN = 10
_DETERMINERS: frozenset[str] = frozenset({"a", "an", "the"})
# A headline's trailing attribution: "Flood toll rises to 1,200 — officials".
# Not a transcript's broken-off speech: no "--", no trailing "...", no "I"/"we"/"you".
_TRAILING_ATTRIBUTION = re.compile(
    r"(?:\s*[—–]|\s-)\s+(?P<np>[^—–\-,;:.!?\d][^—–,;:!?\d]{0,40}?)\s*[.!]?$"
)
_SPOKEN = re.compile(r"--|\.\.|…|\b(?:I|[Ww]e|[Yy]ou|[Mm]e|[Ll]et|[Oo]ur|[Mm]y)\b")
_MIN_HEADLINE_WORDS = 3
_ACCORDING_TO = re.compile(r"\b[Aa]ccording to\s+(?P<the>the\s+)?(?P<np>[^,.;:!?()]+)")
_QUOTE_PATTERNS = (
    re.compile(r"“(?P<q>[^“”]+)”"),
    re.compile(r"\"(?P<q>[^\"\n]+)\""),
    re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))‘(?P<q>[^‘’]+?)’(?![A-Za-z])"),
    re.compile(r"«\s*(?P<q>[^«»]+?)\s*»"),
)
_CLOSING_QUOTES = frozenset({"”", "\"", "’", "»"})
# Words that end the head of a name: "Department of Justice", "Officials at the
# ministry", "Committee for a Responsible Federal Budget" are headed by the first noun.
_HEAD_ENDS: frozenset[str] = _AFFILIATION_PREPOSITIONS | _GROUP_PREPOSITIONS | {"for"}

SpeakerType = Literal["Person", "Organization"]
PERSON: SpeakerType = "Person"
ORGANIZATION: SpeakerType = "Organization"


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker.

    ``person`` tells pronoun resolution whom "he"/"she" may mean, so it is True only
    when the name is surely one person's. ``organisation`` is True only when the name
    is surely a country's, an organisation's or a group's. A speaker may be neither
    (a lone "Putin", an unnamed "Iranian president"): the value then says Person, as
    it always did.
    """

    name: str
    role: str | None
    person: bool
    organisation: bool = False

    def __post_init__(self) -> None:
        if self.person and self.organisation:
            raise ValueError(f"speaker {self.name!r} is both a person and an organisation")

    @property
    def type(self) -> SpeakerType:
        """The schema.org type of the speaker as an author: Organization or Person."""
        return ORGANIZATION if self.organisation else PERSON

    def as_value(self) -> dict[str, Any]:
        """The JSON shape stored in ``ExtractedClaim.values["speaker"]``.

        ``{"name", "role", "type"}``, ``type`` being ``"Person"`` or ``"Organization"``.
        The schema.org class names, rather than a boolean, because that is the
        vocabulary both ends of interchange already speak: the ClaimReview export
        writes them as an author's ``@type`` and the import stores a foreign author's
        ``@type`` as ``speaker_type``. A boolean such as ``person`` would also read
        as :attr:`person`, which means something narrower (see the class docstring).
        A missing key, in values stored before it existed, means ``"Person"``.
        """
        return {"name": self.name, "role": self.role, "type": self.type}


def find_quotes(sentence: str) -> list[str]:
    """Quoted strings in ``sentence``, without quotation marks or trailing punctuation."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _QUOTE_PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if overlaps(start, end, taken):
                continue
            quote = match.group("q").strip().rstrip(".,;:").strip()
            if not any(ch.isalpha() for ch in quote):
                continue
            taken.append((start, end))
            found.append((start, quote))
    return [quote for _, quote in sorted(found)]


def _is_role(token: Token) -> bool:
    return token.lower.rstrip(".") in ROLE_NOUNS


def _is_np_token(token: Token) -> bool:
    """May ``token`` belong to a speaker noun phrase such as "Pakistan’s Defence Minister"?"""
    if not token.is_word:
        return token.text == "."  # "Lt. Gen." abbreviations
    return token.is_capitalised or _is_role(token) or token.lower in GROUP_NOUNS


def _phrase_before(tokens: list[Token], end: int) -> list[Token]:
    """Collect the noun phrase that ends just before ``tokens[end]``, reading backwards."""
    phrase: list[Token] = []
    position = end - 1
    while position >= 0:
        token = tokens[position]
        if _is_np_token(token) or (
            token.lower in _CONNECTORS
            and phrase
            and position > 0
            and tokens[position - 1].is_word
            and tokens[position - 1].is_capitalised
        ):
            phrase.insert(0, token)
        elif token.lower == "the" and phrase:
            phrase.insert(0, token)
            break
        else:
            break
        position -= 1
    while phrase and not phrase[0].is_word:
        phrase.pop(0)
    return phrase


def _phrase_after(tokens: list[Token], start: int) -> list[Token]:
    """Collect the noun phrase that starts at ``tokens[start]`` ("said Defence Minister X").

    A leading "the" is kept: ``_split`` drops it, and learns from it that the name is
    an institution's ("said the United Nations").
    """
    phrase: list[Token] = []
    position = start
    if position < len(tokens) and tokens[position].lower == "the":
        phrase.append(tokens[position])
        position += 1
    while position < len(tokens) and _is_np_token(tokens[position]):
        phrase.append(tokens[position])
        position += 1
    while phrase and not phrase[-1].is_word:
        phrase.pop()
    return phrase


def _is_institution(name: str, words: list[Token], definite: bool) -> bool:
    """Is a capitalised name a country or an organisation rather than a person?

    A person's name takes no article, so "the United States" and "the Des Moines
    Register" are not people, unless the article belongs to a possessor ("the
    Taliban's Zabihullah Mujahid"). Without one, a name of the places gazetteer
    ("Saudi Arabia") or one ending in an organisation word ("European Union") is not a
    person either, nor is a news agency ("Reuters said").
    """
    if definite and not any(t.lower.endswith(("'s", "s'")) for t in words):
        return True
    return (name in GAZETTEER or name in _WIRE_SERVICES
            or words[-1].lower.rstrip(".") in _ORGANISATION_HEADS)


def _is_organisation(name: str, words: list[Token], definite: bool) -> bool:
    """Is a speaker who is not surely a person surely an organisation (or a country)?

    Decided by the head of the name, its first noun before "of", "at", "in", "for"...:
    a group noun makes a body ("Afghan officials", "Department of Justice"), a role
    noun one person left unnamed ("the Iranian president", "Secretary of State"). A
    capitalised head is an organisation when :func:`_is_institution` says so, or when
    it is an organisation word itself ("Bank of England"). Anything else (a lone
    "Putin", "many") is not known to be one, and stays a Person as before.
    """
    if not words:
        return False
    end = next((i for i, t in enumerate(words) if i and t.lower in _HEAD_ENDS), len(words))
    head = words[end - 1]
    low = head.lower.rstrip(".")
    if low in GROUP_NOUNS:
        return True
    if _is_role(head) or not head.is_capitalised:
        return False
    return low in _ORGANISATION_HEADS or _is_institution(name, words, definite)


def _split(
    sentence: str, phrase: list[Token], sentence_initial: bool, definite: bool = False
) -> Speaker | None:
    """Turn a noun phrase into a speaker: role words first, then the name.

    ``definite`` says that a "the" before ``phrase`` was already taken off (as
    "according to the ..." does); a leading "the" in ``phrase`` says the same.
    """
    while phrase and phrase[0].lower == "the":
        phrase = phrase[1:]
        sentence_initial = False
        definite = True
    # "So Kelly said", "But General Kelly said": a sentence-initial connective is
    # capitalised like a name, but it is not part of one.
    while sentence_initial and phrase and phrase[0].lower in _CONNECTIVES:
        phrase = phrase[1:]
        sentence_initial = False
    # "A UN official said": the article is no part of the speaker ("A. J. Smith" is).
    if len(phrase) > 1 and phrase[0].lower in ("a", "an") and phrase[1].is_word:
        phrase = phrase[1:]
        sentence_initial = False
    if not phrase:
        return None
    # A bare, sentence-initial group noun ("Analysts say") names nobody.
    proper = [
        t for i, t in enumerate(phrase)
        if t.is_word and t.is_capitalised and not (i == 0 and sentence_initial and
                                                   (t.lower in GROUP_NOUNS or _is_role(t)))
    ]
    if not proper:
        return None
    if all(t.lower in _FIRST_PERSON for t in phrase if t.is_word):
        return None
    if any(t.lower.split("'")[0] in ("i", "we", "you") for t in phrase if t.is_word):
        return None  # "I'll just say", "And I said": the speaker is the writer
    last_role = max((i for i, t in enumerate(phrase) if _is_role(t)), default=-1)
    while 0 <= last_role < len(phrase) - 1 and not phrase[last_role + 1].is_word:
        last_role += 1  # "Lt. Gen." keeps its full stops in the role
    name_tokens = phrase[last_role + 1 :]
    if last_role >= 0 and name_tokens and all(t.is_capitalised for t in name_tokens if t.is_word):
        role = sentence[phrase[0].start : phrase[last_role].end]
        name = sentence[name_tokens[0].start : name_tokens[-1].end]
        return Speaker(name=name, role=role, person=True)
    text = sentence[phrase[0].start : phrase[-1].end]
    is_group = any(t.lower in GROUP_NOUNS or t.lower in ROLE_NOUNS for t in phrase)
    words = [t for t in phrase if t.is_word]
    person = (
        not is_group
        and len(phrase) >= 2
        and all(t.is_capitalised for t in words)
        and not _is_institution(text, words, definite)
    )
    organisation = not person and _is_organisation(text, words, definite)
    return Speaker(name=text, role=None, person=person, organisation=organisation)


def _resolve_pronoun(pronoun: str, history: list[Speaker]) -> Speaker | None:
    for speaker in reversed(history):
        if pronoun in PERSONAL_PRONOUNS and not speaker.person:
            continue
        return speaker
    return None


def _complete_name(speaker: Speaker, history: list[Speaker]) -> Speaker:
    """"Mujahid" after "Zabihullah Mujahid" is the same person: reuse the full name."""
    if " " in speaker.name or speaker.role:
        return speaker
    for earlier in reversed(history):
        if earlier.name.endswith(" " + speaker.name) and earlier.person:
            return earlier
    return speaker


def _with_role(speaker: Speaker, extra: str | None) -> Speaker:
    """Add an affiliation ("of the coalition") or an appositive ("the army chief")."""
    if not extra:
        return speaker
    if not speaker.role:
        role = extra
    elif extra.split()[0].lower() in _AFFILIATION_PREPOSITIONS:
        role = f"{speaker.role} {extra}"
    else:
        role = f"{speaker.role}, {extra}"
    return Speaker(name=speaker.name, role=role, person=speaker.person,
                   organisation=speaker.organisation)


def _is_appositive(aside: list[Token]) -> bool:
    """Does a comma-delimited aside describe the speaker ("a virologist at the WHO")?

    "addressing the media" (a participle clause) does not.
    """
    words = [t for t in aside if t.is_word]
    if not words or words[0].lower in _CLAUSE_WORDS:
        return False
    return words[0].lower in _DETERMINERS or any(_is_role(t) for t in words)


def _appositive_after(sentence: str, tokens: list[Token], position: int) -> str | None:
    """The appositive after a name: "said Ahmed Khan, the army chief." gives "the army chief"."""
    if position >= len(tokens) or tokens[position].text != ",":
        return None
    aside: list[Token] = []
    for token in tokens[position + 1 : position + 1 + _AFFILIATION_SPAN + 2]:
        if token.text in (",", ";", ":", "!", "?", "“", "”", '"'):
            break
        aside.append(token)
    while aside and aside[-1].text == ".":
        aside.pop()
    if not _is_appositive(aside):
        return None
    return sentence[aside[0].start : aside[-1].end]


def _affiliated_speaker(sentence: str, tokens: list[Token], end: int) -> Speaker | None:
    """A speaker whose name is followed by an affiliation before the verb.

    "Lt. Gen. Ahmed Khan of the U.S.-backed coalition said" and "Officials at the
    ministry said": the noun phrase just before the verb is the affiliation, the
    speaker is the name before the preposition. The leftmost fitting preposition
    wins, so "Ahmed Khan of the Bank of England" keeps the whole affiliation.
    """
    found: int | None = None
    position = end - 1
    if position < 1 or not tokens[position].is_word or tokens[position].lower in _DETERMINERS:
        return None  # "side with the accused": no noun ends the affiliation
    while position > 0 and end - position <= _AFFILIATION_SPAN:
        token = tokens[position]
        low = token.lower
        if low in _CLAUSE_WORDS or (low in REPORTING_VERBS and not token.is_capitalised):
            break
        if not token.is_word and token.text not in (".", "-", "&", "’", "'"):
            break
        before = tokens[position - 1]
        if position < end - 1 and before.is_word and (
            (low in _AFFILIATION_PREPOSITIONS and before.is_capitalised)
            or (low in _AFFILIATION_PREPOSITIONS | _GROUP_PREPOSITIONS
                and before.lower in GROUP_NOUNS)
        ):
            found = position
        position -= 1
    if found is None:
        return None
    affiliation = sentence[tokens[found].start : tokens[end - 1].end]
    phrase = _phrase_before(tokens, found)
    if not phrase:
        return None
    speaker = _split(sentence, phrase, sentence_initial=phrase[0].start == tokens[0].start)
    if speaker is not None and speaker.person:
        return _with_role(speaker, affiliation)
    words = [t for t in phrase if t.is_word and t.lower != "the"]
    if words and words[-1].lower in GROUP_NOUNS and not words[-1].lower.endswith(("'s", "s'")):
        # "Officials at the ministry": the affiliation names the group.
        start = words[0].start
        return Speaker(name=sentence[start : tokens[end - 1].end], role=None, person=False,
                       organisation=True)
    return None


def _date_starts(sentence: str, dates: Sequence[DateMention] | None) -> dict[int, int]:
    """Where each date of ``sentence`` starts, by where it ends.

    ``dates`` are the sentence's mentions when the caller has them already (only their
    offsets count, which the publication date does not change); else they are found.
    """
    starts: dict[int, int] = {}
    for mention in find_dates(sentence) if dates is None else dates:
        starts.setdefault(mention.end, mention.start)
    return starts


def _date_start(tokens: list[Token], end: int, date_starts: Mapping[int, int]) -> int | None:
    """The first token of a date that ends just before ``tokens[end]``, with its "on"/"in".

    "on Tuesday", "last week", "in March": :func:`find_dates` decides what a date is
    (a bare "May", as in "Theresa May", is none); ``date_starts`` is its answer, as
    :func:`_date_starts` gives it.
    """
    start = date_starts.get(tokens[end - 1].end)
    if start is None:
        return None
    first = next((i for i in range(end) if tokens[i].start == start), None)
    if first and tokens[first - 1].text in _ADJUNCT_PREPOSITIONS:
        return first - 1
    return first


def _place_start(sentence: str, tokens: list[Token], end: int) -> int | None:
    """The "in" of a place that ends just before ``tokens[end]`` ("in Karachi").

    The capitalised words before the verb must be one whole place name as
    :func:`find_places` reads it: in "in Karachi Ahmed Khan said" they are not, and
    the speaker is named after the place. A group keeps its place ("Officials in
    Kabul said"), as :func:`_affiliated_speaker` reads it.
    """
    phrase = _phrase_before(tokens, end)
    first = end - len(phrase)
    if not phrase or first < 1 or tokens[first - 1].text != "in":
        return None
    if first >= 2 and tokens[first - 2].lower in GROUP_NOUNS:
        return None
    names = [sentence[phrase[0].start : phrase[-1].end]]
    if phrase[0].lower == "the" and len(phrase) > 1:
        names.append(sentence[phrase[1].start : phrase[-1].end])
    places = find_places(sentence[tokens[first - 1].start : phrase[-1].end])
    return first - 1 if len(places) == 1 and places[0] in names else None


def _adjunct_start(sentence: str, tokens: list[Token], end: int,
                   date_starts: Mapping[int, int]) -> int:
    """Where a place or time adjunct ending just before ``tokens[end]`` begins, else ``end``.

    In "Ahmed Khan in Karachi said" the words before the verb are the object of "in",
    and in "Ahmed Khan on Tuesday said" of "on": the subject ends before them.
    """
    if end < 2:
        return end
    start = _date_start(tokens, end, date_starts)
    if start is None:
        start = _place_start(sentence, tokens, end)
    return end if start is None else start


def _skip_adjuncts(sentence: str, tokens: list[Token], end: int,
                   date_starts: Mapping[int, int]) -> int:
    """Step back over the place and time adjuncts that end just before ``tokens[end]``."""
    while (start := _adjunct_start(sentence, tokens, end, date_starts)) != end:
        end = start
    return end


def _is_ly_adverb(token: Token) -> bool:
    """"reportedly", "publicly": an adverb by its ending, but only in lower case, since
    Kelly, Reilly, Emily and Connolly are names, and the subject before the verb."""
    return token.lower.endswith("ly") and not token.is_capitalised


def _subject_end(sentence: str, tokens: list[Token], end: int,
                 date_starts: Mapping[int, int]) -> int:
    """Step back over adverbs and adjuncts between a subject and its verb at ``end``.

    "Ahmed Khan in Karachi on Tuesday also said": the subject ends at "Khan".
    """
    while True:
        before = end
        while end > 0 and (tokens[end - 1].lower in _SKIPPABLE_ADVERBS
                           or _is_ly_adverb(tokens[end - 1])):
            end -= 1
        end = _skip_adjuncts(sentence, tokens, end, date_starts)
        if end == before:
            return end


def _resolve_description(phrase: list[Token], history: list[Speaker]) -> Speaker | None:
    """"the minister" after "Defence Minister Khawaja Asif" is the same person."""
    words = [t for t in phrase if t.is_word]
    if len(words) < 2 or words[0].lower not in ("the", "this") or len(words) > 4:
        return None
    nouns = words[1:]
    if any(t.is_capitalised for t in nouns) or not _is_role(nouns[-1]):
        return None
    head = nouns[-1].lower.rstrip(".")
    for speaker in reversed(history):
        described = f"{speaker.role or ''} {speaker.name}".lower()
        if speaker.person and re.search(rf"\b{re.escape(head)}\b", described):
            return speaker
    return None


def _group_tokens(match: re.Match[str], group: str) -> list[Token]:
    """The tokens of one group of ``match``, with offsets into the whole sentence."""
    offset = match.start(group)
    return [Token(t.text, t.start + offset, t.end + offset) for t in tokenize(match.group(group))]


def _trailing_attribution(sentence: str) -> Speaker | None:
    """"Flood toll rises to 1,200 — officials": a headline names its source last.

    Only a group or an organisation ("officials", "police", "Reuters"): a person
    after a dash is mostly an aside in speech.
    """
    match = _TRAILING_ATTRIBUTION.search(sentence)
    if not match or _SPOKEN.search(sentence):
        return None
    if len(tokenize(sentence[: match.start()])) < _MIN_HEADLINE_WORDS:
        return None
    phrase = _group_tokens(match, "np")
    words = [t for t in phrase if t.is_word]
    if not words or len(words) > 4 or any(not t.is_word and t.text != "." for t in phrase):
        return None
    if not all(
        t.is_capitalised or _is_role(t) or t.lower in GROUP_NOUNS or t.lower in ("the", "of")
        for t in words
    ):
        return None
    speaker = _split(sentence, phrase, sentence_initial=False)
    if speaker is not None:
        # A person after a dash is mostly speech ("... respected by all — Senator X").
        return None if speaker.person or speaker.role else speaker
    if words[-1].lower in GROUP_NOUNS or _is_role(words[-1]):
        content = [t for t in phrase if t.lower != "the"]
        name = sentence[content[0].start : content[-1].end]
        organisation = _is_organisation(name, [t for t in content if t.is_word], False)
        return Speaker(name=name, role=None, person=False, organisation=organisation)
    return None


def find_speaker(sentence: str, history: list[Speaker] | None = None,
                 dates: Sequence[DateMention] | None = None) -> Speaker | None:
    """The speaker a sentence attributes its statement to, or None.

    ``history`` holds the speakers of the preceding sentences (oldest first) and is
    used for pronouns and surnames. ``dates`` are the sentence's date mentions, when
    the caller has found them already (a date before the verb is no speaker); without
    them they are found here.
    """
    history = history or []
    according = _ACCORDING_TO.search(sentence)
    if according:
        shifted = _group_tokens(according, "np")[:8]
        definite = according.group("the") is not None
        speaker = _split(sentence, shifted, sentence_initial=False, definite=definite)
        if speaker is None and shifted:
            span = sentence[shifted[0].start : shifted[-1].end]
            words = [t for t in shifted if t.is_word]
            speaker = Speaker(name=span, role=None, person=False,
                              organisation=_is_organisation(span, words, definite))
        if speaker:
            return _complete_name(speaker, history)
    tokens = tokenize(sentence)
    shapes = [(t.lower, t.is_capitalised) for t in tokens]
    for index in range(len(tokens)):
        if not reporting_verb_at(shapes, index):
            continue
        inverted = index > 0 and tokens[index - 1].text in _CLOSING_QUOTES
        if inverted:  # “...,” said Defence Minister Khawaja Asif.
            speaker = _speaker_after(sentence, tokens, index + 1)
            if speaker:
                return _complete_name(speaker, history)
        date_starts = _date_starts(sentence, dates)
        end = _subject_end(sentence, tokens, index, date_starts)
        # Skip a comma-delimited aside: "Attaullah Tarar, addressing the media, said";
        # an appositive aside ("Maria Lopez, a virologist at the WHO, said") is kept.
        appositive = None
        if end > 0 and tokens[end - 1].text == ",":
            for back in range(end - 2, max(end - 14, -1), -1):
                if tokens[back].text == ",":
                    aside = tokens[back + 1 : end - 1]
                    if _is_appositive(aside):
                        appositive = sentence[aside[0].start : aside[-1].end]
                    end = _skip_adjuncts(sentence, tokens, back, date_starts)
                    break
        if end > 0 and tokens[end - 1].lower in PERSONAL_PRONOUNS | GROUP_PRONOUNS:
            return _resolve_pronoun(tokens[end - 1].lower, history)
        speaker = _affiliated_speaker(sentence, tokens, end)
        phrase = _phrase_before(tokens, end)
        if speaker is None and phrase:
            speaker = _split(sentence, phrase, sentence_initial=phrase[0].start == tokens[0].start)
            if speaker is None:
                speaker = _resolve_description(phrase, history)
                if speaker is not None:
                    return speaker
        if speaker:
            return _complete_name(_with_role(speaker, appositive), history)
        if index > 0 and tokens[index - 1].text == ",":  # "It failed, said Ali Khan."
            speaker = _speaker_after(sentence, tokens, index + 1)
            if speaker:
                return _complete_name(speaker, history)
        return None
    return _trailing_attribution(sentence)


def _speaker_after(sentence: str, tokens: list[Token], start: int) -> Speaker | None:
    """The speaker named after an inverted verb, with an appositive that follows it."""
    phrase = _phrase_after(tokens, start)
    speaker = _split(sentence, phrase, sentence_initial=False)
    if speaker is None or not phrase:
        return speaker
    following = next(i for i, t in enumerate(tokens) if t.start == phrase[-1].start) + 1
    return _with_role(speaker, _appositive_after(sentence, tokens, following))
