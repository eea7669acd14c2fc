"""Words that report something happening, and the verbs that report speech.

An "event" claim says that something happened (people were killed, talks were held,
prices rose). Detecting the verb is also how a quantity learns what it counts
towards ("four civilians were *killed*"). The lists are deliberately plain word
lists: easy to read, easy to extend, and fast.
"""

from __future__ import annotations

from .tokens import word_list

# Past-tense or participle forms, plus a few nouns that name an event by themselves.
EVENT_WORDS: frozenset[str] = frozenset(
    word_list(
        """
        killed wounded injured died dead hurt murdered shot executed kidnapped abducted
        arrested detained jailed imprisoned released freed deported displaced evacuated
        fled rescued missing attacked struck bombed shelled raided invaded occupied
        captured seized destroyed damaged collapsed burned flooded erupted exploded
        clashed clashes clash fighting ceasefire strike strikes airstrike airstrikes
        held convened met hosted ended began begun started launched opened closed signed
        agreed negotiated ratified approved passed rejected vetoed voted elected
        appointed nominated resigned fired hired sacked dismissed suspended banned fined
        sued sentenced charged convicted acquitted indicted pardoned confirmed announced
        declared reported revealed disclosed published won lost defeated beat gained
        paid spent raised cut lowered increased decreased doubled tripled halved rose
        fell grew dropped declined surged soared plunged jumped climbed slumped created
        built founded merged acquired bought sold invested borrowed owed withdrew
        deployed sent delivered imposed lifted introduced enacted repealed failed broke
        collapsed stalled withdrawn cancelled canceled postponed delayed supported
        opposed endorsed funded
        """
    )
)

# Verbs that attribute a statement to a speaker.
REPORTING_VERBS: frozenset[str] = frozenset(
    word_list(
        """
        said says say told tells stated states described describes claimed claims added
        adds noted notes insisted insists argued argues alleged alleges asserted asserts
        announced announces confirmed confirms denied denies deny accused accuses warned
        warns reiterated reiterates reaffirmed reaffirms emphasised emphasized
        emphasises emphasizes stressed stresses explained explains acknowledged
        acknowledges admitted admits declared declares urged urges wrote writes tweeted
        tweets posted maintained maintains contended contends reported reports revealed
        reveals disclosed told testified testifies
        """
    )
)

# Auxiliaries and adverbs that may stand between a noun and its event verb.
AUXILIARIES: frozenset[str] = frozenset(
    word_list(
        """
        was were is are be been being has have had reportedly allegedly also later then
        since already just were've got get gets getting
        """
    )
)


def reporting_verb_at(words: list[tuple[str, bool]], index: int) -> bool:
    """Is the word at ``index`` a reporting verb, given ``(lower, capitalised)`` words?

    A capitalised one after the first word is a name ("the United States said",
    "Consumer Reports found") unless the sentence is a title-case headline
    ("Minister Says Talks Failed").
    """
    lower, capitalised = words[index]
    if lower not in REPORTING_VERBS:
        return False
    if index == 0 or not capitalised:
        return True
    shapes = [cap for low, cap in words if low[:1].isalpha()]
    return sum(shapes) * 10 >= len(shapes) * 7
