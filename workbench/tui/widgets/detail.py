"""The review screen's detail pane: one claim in context, with its evidence.

Every part is a ``Static`` fed Rich ``Text`` built by :mod:`workbench.tui.render`
(never a markup string), so untrusted article text cannot style or link itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.store.records import Claim, Source, Verdict
from workbench.text_safety import one_line
from workbench.tui import render


@dataclass(frozen=True)
class ClaimDetails:
    """Everything the pane shows about one claim, loaded together by a worker."""

    claim: Claim
    article_text: str
    sources: list[Source]
    history: list[Verdict]


class MatchesPanel(Static):
    """Previously checked claims that resemble this one.

    Filled by the matching feature through :meth:`show_matches`; until that is
    wired in, it says so rather than pretending there are no matches.
    """

    PLACEHOLDER = "Matching not available yet"

    def on_mount(self) -> None:
        self.border_title = "Matches"
        self.update(Text(self.PLACEHOLDER, style="dim"))

    def show_matches(self, items: Sequence[Any]) -> None:
        """Show matches: each item a string or an object with ``text``/``verdict``/``score``."""
        if not items:
            self.update(Text("no similar checked claims", style="dim"))
            return
        text = Text()
        for i, item in enumerate(items):
            if i:
                text.append("\n")
            if isinstance(item, str):
                text.append(one_line(item))
                continue
            score = getattr(item, "score", None)
            verdict = getattr(item, "verdict", None)
            relation = getattr(item, "relation", None)
            if score is not None:
                text.append(f"{float(score):.2f} ", style="bold")
            if relation:
                text.append(f"{one_line(str(relation))} ", style="italic")
            if verdict:
                text.append(f"[{one_line(str(verdict))}] ", style="green")
            text.append(one_line(str(getattr(item, "text", item))))
        self.update(text)


    def show_unavailable(self, reason: str) -> None:
        """Matching failed or is missing: say so, keep reviewing."""
        self.update(Text(f"{self.PLACEHOLDER}: {one_line(reason)}", style="dim"))


class ClaimDetail(VerticalScroll, can_focus=True):
    """The claim, its context, values, reasons, sources, history and matches."""

    DEFAULT_CSS = """
    ClaimDetail { padding: 0 1; }
    ClaimDetail > Static { margin-bottom: 1; width: 1fr; }
    ClaimDetail > MatchesPanel { border: round $primary; margin-bottom: 0; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text("no claim selected", style="dim"), id="detail-title")
        yield Static(id="detail-pending")
        yield Static(id="detail-context")
        yield Static(id="detail-values")
        yield Static(id="detail-reasons")
        yield Static(id="detail-sources")
        yield Static(id="detail-history")
        yield MatchesPanel(id="matches")

    def on_mount(self) -> None:
        self.query_one("#detail-pending", Static).display = False

    def show(self, details: ClaimDetails, total: int) -> None:
        claim = details.claim
        title = Text()
        title.append(f"Claim {claim.ordinal} of {total}", style="bold")
        title.append(f" · {', '.join(claim.kinds) or 'no kind'} · score {claim.score:.2f}")
        title.append(" · ")
        title.append(one_line(claim.verdict) if claim.verdict else "unreviewed",
                     style="bold green" if claim.verdict else "italic")
        self.query_one("#detail-title", Static).update(title)
        self.query_one("#detail-context", Static).update(
            render.context_text(details.article_text, claim.start, claim.end))
        self.query_one("#detail-values", Static).update(
            Text("Values\n", style="bold").append_text(render.values_text(claim.values)))
        self.query_one("#detail-reasons", Static).update(
            Text("Why check it\n", style="bold").append_text(render.reasons_text(claim.reasons)))
        self.query_one("#detail-sources", Static).update(
            Text(f"Sources ({len(details.sources)})\n", style="bold").append_text(
                render.sources_text(details.sources)))
        self.query_one("#detail-history", Static).update(
            Text("Verdict history\n", style="bold").append_text(
                render.history_text(details.history)))

    def show_pending_note(self, note: str | None) -> None:
        """Show (or hide) the note waiting to be attached to the next verdict."""
        pending = self.query_one("#detail-pending", Static)
        pending.display = bool(note)
        if note:
            pending.update(Text("note for the next verdict: ", style="bold").append(
                one_line(note), style="italic"))
