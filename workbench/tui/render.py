"""Turning store records into Rich ``Text`` for the TUI: pure, no I/O.

Every untrusted string (article text, claims, notes, URLs, reviewer names) goes
through :func:`workbench.text_safety.printable` and into ``Text(...)`` as plain
text, never through markup parsing, so ``[bold]`` or ``[link=…]`` in data shows
literally and escape sequences are gone before they reach the terminal. Emphasis
uses bold/reverse/underline as well as colour so it survives ``NO_COLOR``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.text import Text

from workbench.store.records import Source, Verdict
from workbench.store.review import ClaimRow
from workbench.text_safety import one_line, printable

KIND_BADGES = {
    "quantity": "#", "date": "D", "quote": "Q", "place": "P", "event": "E", "comparison": "C",
}
"""One-letter kind badges for the claim list; the help screen shows the legend."""

CONTEXT_CHARS = 300


def badges(kinds: Iterable[str]) -> str:
    """Up to three one-letter badges, in the order the extractor gave the kinds."""
    return "".join(KIND_BADGES.get(k, "?") for k in kinds)[:3]


def row_text(row: ClaimRow, *, with_article: bool = False) -> Text:
    """One line of the claim list: ordinal, kinds, score, verdict or status, claim."""
    where = f"{row.article_id}:{row.ordinal}" if with_article else str(row.ordinal)
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    width = 7 if with_article else 4
    text.append(f"{where:>{width}} ", style="bold")
    text.append(f"{badges(row.kinds):<3} ", style="cyan")
    text.append(f"{row.score:.2f} ")
    if row.verdict:
        text.append(f"{one_line(row.verdict)[:7]:<7} ", style="bold green")
    else:
        text.append(f"{'·':<7} ", style="dim")
    text.append(one_line(row.text))
    return text


def context_text(article: str, start: int, end: int, radius: int = CONTEXT_CHARS) -> Text:
    """The claim inside its surrounding article text, the claim itself highlighted."""
    before_start = max(0, start - radius)
    after_end = min(len(article), end + radius)
    text = Text()
    if before_start > 0:
        text.append("… ", style="dim")
    text.append(printable(article[before_start:start]), style="dim")
    text.append(printable(article[start:end]), style="bold reverse")
    text.append(printable(article[end:after_end]), style="dim")
    if after_end < len(article):
        text.append(" …", style="dim")
    return text


def values_text(values: dict[str, Any]) -> Text:
    """The extracted values, one per line, in words a reviewer can check."""
    lines: list[str] = []
    for q in values.get("quantities", []) or []:
        extra = ", ".join(str(q[k]) for k in ("qualifier", "unit", "counts", "event") if q.get(k))
        suffix = f" ({extra})" if extra else ""
        lines.append(f"number {q.get('text')} = {q.get('value')}{suffix}")
    for o in values.get("ordinals", []) or []:
        lines.append(f"ordinal {o.get('text')} = {o.get('value')}")
    for d in values.get("dates", []) or []:
        lines.append(f"date {d.get('text')} → {d.get('iso') or 'unresolved'}")
    speaker = values.get("speaker")
    if speaker:
        role = f" ({speaker.get('role')})" if speaker.get("role") else ""
        lines.append(f"speaker {speaker.get('name')}{role}")
    lines.extend(f"quote “{q}”" for q in values.get("quotes", []) or [])
    lines.extend(f"place {p}" for p in values.get("places", []) or [])
    if values.get("negated"):
        lines.append("negated: the sentence asserts a negation")
    known = {"quantities", "ordinals", "dates", "speaker", "quotes", "places", "negated"}
    lines.extend(f"{k}: {v}" for k, v in values.items() if k not in known and v)
    return _lines(lines, empty="no values extracted")


def reasons_text(reasons: Sequence[str]) -> Text:
    return _lines([f"• {r}" for r in reasons], empty="no reasons given")


def sources_text(sources: Sequence[Source]) -> Text:
    text = Text()
    if not sources:
        return Text("no sources yet", style="dim")
    for i, s in enumerate(sources):
        if i:
            text.append("\n")
        text.append(one_line(s.url), style="underline")
        text.append(f"  {one_line(s.added_by)} {s.added_at}", style="dim")
        if s.note:
            text.append("\n  note: " + one_line(s.note))
        if s.quote:
            text.append("\n  “" + one_line(s.quote) + "”", style="italic")
    return text


def history_text(history: Sequence[Verdict]) -> Text:
    """Who set which verdict when, oldest first; undos say what they undid."""
    if not history:
        return Text("no verdicts yet", style="dim")
    text = Text()
    for i, v in enumerate(history):
        if i:
            text.append("\n")
        text.append(f"{v.created_at} {one_line(v.reviewer)}: ", style="dim")
        if v.undoes is not None:
            text.append("undo → ", style="italic")
        text.append(one_line(v.label) if v.label else "(no verdict)", style="bold")
        if v.note:
            text.append(" — " + one_line(v.note))
    return text


def _lines(lines: list[str], empty: str) -> Text:
    if not lines:
        return Text(empty, style="dim")
    return Text("\n".join(printable(line) for line in lines))
