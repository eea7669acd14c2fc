"""The review screen's detail pane: one claim in context, with its evidence.

Every part is a ``Static`` fed Rich ``Text`` built by :mod:`workbench.tui.render`
(never a markup string), so untrusted article text cannot style or link itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.store.records import Claim, Source, Verdict
from workbench.store.team import Presence, ReviewState
from workbench.text_safety import one_line
from workbench.tui import render

if TYPE_CHECKING:
    from workbench.fetch.service import SourceReport


@dataclass(frozen=True)
class ClaimDetails:
    """Everything the pane shows about one claim, loaded together by a worker.

    ``state`` is set when two-person review is on (blind mode already applied);
    ``reports`` hold each source's fetch outcome, located evidence and drift flags.
    """

    claim: Claim
    article_text: str
    sources: list[Source]
    history: list[Verdict]
    state: ReviewState | None = None
    reports: list[SourceReport] = field(default_factory=list)

    @property
    def verdict_id(self) -> int:
        """The id of the latest verdict row (0: none): what a new verdict expects."""
        return self.history[-1].id if self.history else 0


class MatchesPanel(Static):
    """Previously checked claims that resemble this one.

    Filled by the matching feature through :meth:`show_matches`; until that is
    wired in, it says so rather than pretending there are no matches.
    """

    PLACEHOLDER = "Matching not available yet"

    def on_mount(self) -> None:
        self.border_title = "Matches"
        self.items: list[Any] = []
        self.cursor = 0
        self.update(Text(self.PLACEHOLDER, style="dim"))

    @property
    def highlighted(self) -> Any | None:
        """The match the confirm/reject/reuse keys act on (None: no match shown)."""
        if 0 <= self.cursor < len(self.items) and not isinstance(self.items[self.cursor], str):
            return self.items[self.cursor]
        return None

    def move(self, delta: int = 1) -> None:
        """Highlight the next (or previous) match, wrapping around."""
        if self.items:
            self.cursor = (self.cursor + delta) % len(self.items)
            self._draw()

    def show_matches(self, items: Sequence[Any], keep: int | None = None) -> None:
        """Show matches: each a string or an object with ``text``/``verdict``/``score``
        (and ``relation``, ``differences``, ``link``, ``corpus_id`` when from matching).

        ``keep``: the corpus id to keep highlighted if it is still among them.
        """
        self.items = list(items)
        ids = [getattr(m, "corpus_id", None) for m in self.items]
        self.cursor = ids.index(keep) if keep is not None and keep in ids else 0
        self._draw()

    def _draw(self) -> None:
        if not self.items:
            self.update(Text("no similar checked claims", style="dim"))
            return
        text = Text()
        many = len(self.items) > 1
        for i, item in enumerate(self.items):
            if i:
                text.append("\n")
            if isinstance(item, str):
                text.append(one_line(item))
                continue
            here = i == self.cursor
            text.append("▶ " if here else "  ", style="bold")
            score = getattr(item, "score", None)
            verdict = getattr(item, "verdict", None)
            relation = getattr(item, "relation", None)
            link = getattr(item, "link", None)
            if score is not None:
                text.append(f"{float(score):.2f} ", style="bold")
            if relation == "conflict":
                diffs = "; ".join(one_line(str(d)) for d in getattr(item, "differences", ()))
                text.append(f"CONFLICT {diffs}".rstrip(), style="bold red reverse")
                text.append(" ")
            elif relation:
                text.append(f"{one_line(str(relation))} ", style="italic")
            if verdict:
                text.append(f"[{one_line(str(verdict))}] ", style="green")
            if link:
                text.append(f"({one_line(str(link))}) ", style="bold")
            text.append(one_line(str(getattr(item, "text", item))),
                        style="reverse" if here and many else "")
        self.update(text)


    def show_unavailable(self, reason: str) -> None:
        """Matching failed or is missing: say so, keep reviewing."""
        self.items = []
        self.update(Text(f"{self.PLACEHOLDER}: {one_line(reason)}", style="dim"))


class ClaimDetail(VerticalScroll, can_focus=True):
    """The claim, its context, values, reasons, sources, history and matches."""

    def compose(self) -> ComposeResult:
        yield Static(Text("no claim selected", style="dim"), id="detail-title")
        yield Static(id="detail-presence")
        yield Static(id="detail-pending")
        yield Static(id="detail-context")
        yield Static(id="detail-values")
        yield Static(id="detail-reasons")
        yield Static(id="detail-sources")
        yield Static(id="detail-history")
        yield MatchesPanel(id="matches")

    def on_mount(self) -> None:
        self.query_one("#detail-pending", Static).display = False
        self.query_one("#detail-presence", Static).display = False

    def show_presence(self, others: Sequence[Presence]) -> None:
        """Who else is on this claim right now (a soft lock: informs, blocks nobody)."""
        widget = self.query_one("#detail-presence", Static)
        widget.display = bool(others)
        widget.update(render.presence_text(others))

    def show(self, details: ClaimDetails, total: int) -> None:
        claim = details.claim
        title = Text()
        title.append(f"Claim {claim.ordinal} of {total}", style="bold")
        title.append(f" · {', '.join(claim.kinds) or 'no kind'} · score {claim.score:.2f}")
        title.append(" · ")
        if details.state is not None:
            title.append_text(render.state_text(details.state))
        else:
            title.append(one_line(claim.verdict) if claim.verdict else "unreviewed",
                         style="bold green" if claim.verdict else "italic")
        self.query_one("#detail-title", Static).update(title)
        self.query_one("#detail-context", Static).update(
            render.context_text(details.article_text, claim.start, claim.end))
        self.query_one("#detail-values", Static).update(
            Text("Values\n", style="bold").append_text(render.values_text(claim.values)))
        self.query_one("#detail-reasons", Static).update(
            Text("Why check it\n", style="bold").append_text(render.reasons_text(claim.reasons)))
        sources = (render.source_reports_text(details.reports) if details.reports
                   else render.sources_text(details.sources))
        self.query_one("#detail-sources", Static).update(
            Text(f"Sources ({len(details.sources)})\n", style="bold").append_text(sources))
        hidden = details.state is not None and details.state.hidden
        self.query_one("#detail-history", Static).update(
            Text("Verdict history\n", style="bold").append_text(
                render.history_text(details.history, hidden=hidden)))

    def show_pending_note(self, note: str | None) -> None:
        """Show (or hide) the note waiting to be attached to the next verdict."""
        pending = self.query_one("#detail-pending", Static)
        pending.display = bool(note)
        if note:
            pending.update(Text("note for the next verdict: ", style="bold").append(
                one_line(note), style="italic"))
