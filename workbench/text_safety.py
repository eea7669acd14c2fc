"""Making untrusted text (articles, claims, notes, fetched pages) safe to show or save.

Article text reaches terminals and spreadsheets. An ESC byte can move the cursor or
set the window title, bidi overrides can hide text, and a CSV cell starting with
``=`` is run as a formula by spreadsheet programs. These functions neutralise each.
"""

from __future__ import annotations

import json
import re

# C0 controls except tab and newline, DEL, C1 controls, and bidi embeddings/overrides/isolates.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def printable(text: str) -> str:
    """``text`` with escape sequences and control/bidi characters removed.

    Whole ANSI/OSC sequences go first, so no payload (``]0;title``) is left behind.
    """
    return _UNSAFE.sub("", _ANSI.sub("", text))


def one_line(text: str) -> str:
    """:func:`printable` text folded onto a single line, for tables and lists."""
    return " ".join(printable(text).split())


def csv_cell(value: object) -> str:
    """A CSV cell that no spreadsheet will evaluate (OWASP CSV injection).

    Cells starting with ``= + - @``, tab, CR or LF get a leading ``'``.
    """
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def safe_json(value: object, *, indent: int | None = None) -> str:
    """JSON for a terminal: readable UTF-8, but DEL, C1 controls, bidi overrides and
    line/paragraph separators escaped as ``\\uXXXX``.

    ``json.dumps`` escapes only characters below U+0020, so a claim holding U+009B
    (a one-byte CSI) or U+202E would otherwise reach the terminal raw. The escapes
    decode to the same strings, so scripts reading the JSON see no difference.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# Outside strings JSON has no < > &, so escaping them everywhere changes no value.
_HTML_SPECIAL = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_safe_json(value: object) -> str:
    """JSON that is safe inside an HTML ``<script>`` element and on a terminal.

    A claim quoting ``</script><script>…`` would otherwise end the editor's
    JSON-LD block and run as script on the published page; ``<``, ``>`` and ``&``
    are written as ``\\u003c``-style escapes (the OWASP rule for JSON in HTML), and
    C1 controls and bidi overrides as in :func:`safe_json`.
    The text decodes to exactly the same values.
    """
    return safe_json(value).translate(_HTML_SPECIAL)
