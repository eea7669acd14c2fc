"""Turning store records into Rich ``Text`` for the TUI: pure, no I/O.

Every untrusted string (article text, claims, notes, URLs, reviewer names) goes
through :func:`workbench.text_safety.printable` and into ``Text(...)`` as plain
text, never through markup parsing, so ``[bold]`` or ``[link=…]`` in data shows
literally and escape sequences are gone before they reach the terminal. Emphasis
uses bold/reverse/underline as well as colour so it survives ``NO_COLOR``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text

from workbench.store.records import Source, Verdict
from workbench.store.review import ClaimRow
from workbench.store.team import Presence, ReviewState
from workbench.text_safety import one_line, printable

if TYPE_CHECKING:
    from workbench.fetch.service import SourceReport

KIND_BADGES = {
    "quantity": "#", "date": "D", "quote": "Q", "place": "P", "event": "E", "comparison": "C",
}
"""One-letter kind badges for the claim list; the help screen shows the legend."""

CONTEXT_CHARS = 300
STATE_MARKS = {"pending": "?", "disputed": "!"}
"""Two-person review: the mark after a verdict waiting for a second review or a third."""
BLIND = "blind"
MATCH_MARK = "≈ "
"""Before the claim text in the list: earlier checked claims resemble this one."""


def badges(kinds: Iterable[str]) -> str:
    """Up to three one-letter badges, in the order the extractor gave the kinds."""
    return "".join(KIND_BADGES.get(k, "?") for k in kinds)[:3]


COMPACT_BELOW = 56
"""Claim lists narrower than this many cells leave out kind badges and score (the
detail pane's title spells both out) so the claim text itself gets the room."""
VERDICT_CELLS = 7


def short_label(label: str, cells: int = VERDICT_CELLS) -> str:
    """A verdict label in ``cells`` cells that keeps labels of one scale apart.

    ``Mostly true``/``Mostly false`` would both cut to ``Mostly``; leading words
    shrink to initials first (``M.true``, ``M.false``), then the end is cut with ``…``.
    """
    label = one_line(label)
    if len(label) <= cells:
        return label
    words = label.split()
    if len(words) > 1:
        label = "".join(w[0] + "." for w in words[:-1]) + words[-1]
        if len(label) <= cells:
            return label
    return label[: cells - 1] + "…"


def row_text(row: ClaimRow, *, with_article: bool = False, state: ReviewState | None = None,
             matched: bool = False, compact: bool = False) -> Text:
    """One line of the claim list: ordinal, kinds, score, verdict or status, claim.

    With two-person review on, ``state`` replaces the raw verdict: a label hidden by
    blind mode shows as ``(blind)``, and ``?``/``!`` mark pending and disputed ones.
    ``matched`` puts :data:`MATCH_MARK` before the claim. ``compact`` (a narrow
    list) leaves out the kind badges and the score.
    """
    where = f"{row.article_id}:{row.ordinal}" if with_article else str(row.ordinal)
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    width = 7 if with_article else (3 if compact else 4)
    text.append(f"{where:>{width}} ", style="bold")
    if not compact:
        text.append(f"{badges(row.kinds):<3} ", style="cyan")
        text.append(f"{row.score:.2f} ")
    if state is not None and state.state != "unreviewed":
        mark = STATE_MARKS.get(state.state, " ")
        text.append(mark, style="bold reverse" if mark.strip() else "")
        if state.hidden:
            text.append(f"{BLIND:<6} ", style="italic")
        else:
            text.append(f"{short_label(state.label or '', 6):<6} ", style="bold green")
    elif row.verdict and state is None:
        text.append(f"{short_label(row.verdict):<{VERDICT_CELLS}} ", style="bold green")
    else:
        text.append(f"{'·':<{VERDICT_CELLS}} ", style="dim")
    if matched:
        text.append(MATCH_MARK, style="bold magenta")
    text.append(one_line(row.text))
    return text


def state_text(state: ReviewState) -> Text:
    """The claim's two-person review state for the detail title."""
    text = Text()
    if state.state == "unreviewed":
        return text.append("unreviewed", style="italic")
    if state.hidden:
        return text.append("pending second review — blind: enter your own verdict", style="italic")
    text.append(one_line(state.label or "(no verdict)"), style="bold green")
    text.append(f" ({state.state}", style="italic")
    if state.state == "pending" and state.reviewer:
        text.append(f", by {one_line(state.reviewer)}", style="italic")
    if state.state == "disputed" and state.second_label:
        text.append(f": second reviewer {one_line(state.second_reviewer or '?')} said "
                    f"{one_line(state.second_label)}", style="italic")
    return text.append(")", style="italic")


def presence_text(others: Sequence[Presence]) -> Text:
    """``alice@host is on claim 12`` for each other session on the claim."""
    text = Text()
    for i, p in enumerate(others):
        if i:
            text.append("\n")
        text.append("● ", style="bold yellow")
        text.append(one_line(p.describe()), style="bold")
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


def source_reports_text(reports: Sequence[SourceReport]) -> Text:
    """Each source: title, URL, fetch outcome, latest snapshot, drift flags, located
    passage, summary.

    The passage's matching words are highlighted with spans over the raw text, each
    piece made printable separately, so offsets never shift and no markup is parsed.
    """
    if not reports:
        return Text("no sources yet", style="dim")
    text = Text()
    for i, report in enumerate(reports):
        s = report.source
        if i:
            text.append("\n")
        snapshot = report.archived or report.latest
        title = snapshot.title if snapshot is not None and snapshot.title else None
        text.append(one_line(title) if title else one_line(s.url),
                    style="bold" if title else "underline")
        if title:
            text.append("\n  " + one_line(s.url), style="underline")
        text.append(f"\n  {one_line(s.added_by)} {s.added_at}", style="dim")
        latest = report.latest
        if latest is None:
            text.append(" · not fetched", style="dim")
        elif latest.outcome == "failed":
            text.append("\n  ")
            text.append("fetch failed: ", style="bold")
            text.append(one_line(latest.reason or latest.failure or "unknown reason"))
        elif latest.outcome == "link":
            text.append(f" · kept as a link ({one_line(latest.content_type or '?')})",
                        style="dim")
        if latest is not None and latest.sha256:  # which copy: a refetch shows here
            text.append(f"\n  snapshot {latest.id} · sha256 {latest.sha256[:8]}", style="dim")
        for flag in report.flags:
            text.append("\n  ")
            text.append("⚠ " + one_line(flag.flag), style="bold reverse")
            if flag.detail:
                text.append(" " + one_line(flag.detail), style="dim")
        if s.note:
            text.append("\n  note: " + one_line(s.note))
        evidence = report.evidence
        if evidence is not None:
            text.append("\n  “")
            text.append_text(passage_text(evidence.passage, evidence.spans))
            text.append("”")
            text.append("\n  ")
            text.append(one_line(evidence.summary), style=_summary_style(evidence.summary))
            if report.evidence_from == "pasted quote":
                text.append(" (in the pasted quote)", style="dim")
        elif s.quote:
            text.append("\n  “" + one_line(s.quote) + "”", style="italic")
    return text


def passage_text(passage: str, spans: Sequence[tuple[int, int]]) -> Text:
    """``passage`` on one line with the words at ``spans`` highlighted."""
    text = Text()
    position = 0
    for start, end in sorted(spans):
        if start < position or end > len(passage):
            continue
        text.append(_flat(passage[position:start]), style="italic")
        text.append(_flat(passage[start:end]), style="bold underline")
        position = end
    text.append(_flat(passage[position:]), style="italic")
    return text


def _flat(piece: str) -> str:
    return printable(piece).replace("\n", " ").replace("\t", " ")


def _summary_style(summary: str) -> str:
    if summary.startswith("conflicts"):
        return "bold red reverse"
    if summary.startswith("supports"):
        return "bold green"
    return "bold"


def history_text(history: Sequence[Verdict], *, hidden: bool = False) -> Text:
    """Who set which verdict when, oldest first; undos say what they undid.

    ``hidden`` (blind two-person review): the labels are not shown until this
    reviewer has entered their own.
    """
    if hidden:
        return Text("hidden until you enter your own verdict (blind review)", style="italic")
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
