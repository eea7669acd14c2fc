"""Sentences that are never claims: bylines, photo captions, tickers, greetings, questions.

These carry names and numbers, so the cues alone would rank them highly ("AAPL 182.30
+1.2%" is all figures). They are recognised by shape and dropped before scoring.
"""

from __future__ import annotations

import re

NEWS_AGENCIES = ("Reuters", "AP", "AFP", "ANI", "PTI", "IANS", "Bloomberg", "UPI", "DPA",
                 "Xinhua", "TASS", "EFE", "ANSA", "Kyodo")
"""Wire services, as they appear in bylines and attributions."""
_AGENCIES = "|".join(NEWS_AGENCIES)
_BYLINE = re.compile(
    r"""^\s*(?:
        (?:based\s+on|from|with\s+inputs\s+from|inputs\s+from|source:?)\s+.{0,40}?
            (?:report|reports|agencies|wires?|""" + _AGENCIES + r""")\.?
      | by\s+(?-i:[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von|al-\w+))*\s*
            (?:[,|]\s*[A-Z][\w.'’&-]*(?:\s+(?:[A-Z][\w.'’&-]*|and|of|in))*)?)
      | (?:reporting|writing|editing|additional\s+reporting|compiled|written|edited)
            \s+by\b.*
      | \(?(?:""" + _AGENCIES + r""")\)?\s*[.:-]?
      | (?:copyright|©|all\s+rights\s+reserved).*
      | (?:read\s+more|also\s+read|related|subscribe|follow\s+us|share\s+this)\b.{0,80}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_CAPTION = re.compile(
    r"""(?:^\s*(?:photo|file\s+photo|image|image\s+credit|picture|pictured|credit|caption|
        illustration|video|watch|graphic)\s*[:|/–—-]
      | ^\s*(?:file\s+photo|image\s+credit)\b
      | \((?:AP|AFP|Reuters|EPA|Getty)\s+Photo\b
      | \bPhoto(?:graph)?\s*(?:by|credit|courtesy)\b
      | \b(?:Getty\s+Images|Shutterstock|AFP\s+via\s+Getty)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# "AAPL 182.30 +1.2%" — a symbol, a price and a signed change, possibly repeated.
_TICKER_ITEM = r"[A-Z][A-Z.]{0,5}\s+[$€£]?\d[\d,]*(?:\.\d+)?\s+[+\-−▲▼]?\s?\d[\d,]*(?:\.\d+)?%?"
_TICKER = re.compile(r"^\s*(?:" + _TICKER_ITEM + r"[\s,;|·•]*){1,}\s*$")
_GREETING = re.compile(
    r"""^\W*(?:[A-Z][a-z]+,\s*)?(?:thank\s+you|thanks|many\s+thanks|good\s+(?:morning|
        afternoon|evening|night)|hello|hi|hey|welcome|greetings|congratulations|dear\s+\w+|
        happy\s+\w+day|cheers|goodbye|bye)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_QUESTION = re.compile(r"\?[\"”’)\]]*\s*$")
# Markdown emphasis around or inside a line: "*Photo: AP/John Doe*", "**By** Jane Roe".
_EMPHASIS = re.compile(r"(?<!\w)[*_~`]+|[*_~`]+(?!\w)")
_MAX_GREETING_WORDS = 12


def is_question(text: str) -> bool:
    """True for a sentence that ends with a question mark (questions are not claims)."""
    return _QUESTION.search(text) is not None


def non_claim_reason(sentence: str) -> str | None:
    """Why ``sentence`` is not a claim (byline, caption, ...), or None if it may be one.

    Markdown emphasis markers are ignored, so "*Photo: AP/John Doe*" is a caption.
    """
    if "*" in sentence or "_" in sentence or "~" in sentence or "`" in sentence:
        sentence = _EMPHASIS.sub("", sentence)
    if _BYLINE.match(sentence):
        return "byline"
    if _CAPTION.search(sentence):
        return "photo caption"
    if _TICKER.match(sentence):
        return "stock ticker"
    if is_question(sentence):
        return "question"
    if _GREETING.match(sentence) and len(sentence.split()) <= _MAX_GREETING_WORDS:
        return "greeting"
    return None
