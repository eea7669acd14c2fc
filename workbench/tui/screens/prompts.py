"""Small modal forms: prompts, the source form and its fetch progress, the import and
export forms, a chooser, and the verdict-conflict dialog.

Each validates its input before dismissing, so a bad value gets an inline message
and nothing is written; Escape cancels and returns None.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from workbench.errors import WorkbenchError
from workbench.store.export import STATUSES
from workbench.store.team import VerdictConflict
from workbench.text_safety import one_line
from workbench.timestamps import normalise_since
from workbench.urls import url_problem

Validator = Callable[[str], str | None]
"""Returns an error message for a bad value, None for a good one."""


class _Modal(ModalScreen):
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str | None) -> None:
        error = self.query_one(".error", Static)
        error.update(Text(message or ""))
        error.display = bool(message)


class TextPrompt(_Modal):
    """One line of text, e.g. a note, a claim number, a file name."""

    def __init__(self, title: str, *, value: str = "", placeholder: str = "",
                 validate: Validator | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.validate_value = validate

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static(classes="error")
            yield Label(Text("enter: ok · escape: cancel", style="dim"))

    def on_mount(self) -> None:
        self.show_error(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        problem = self.validate_value(value) if self.validate_value else None
        if problem:
            self.show_error(problem)
            return
        self.dismiss(value)


class SourceForm(_Modal):
    """URL (required), note and quote. Returns ``(url, note, quote)``."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Add a source", style="bold"))
            yield Input(placeholder="https://… (required)", id="source-url")
            yield Input(placeholder="note: what this source shows (optional)", id="source-note")
            yield Input(placeholder="quote from the source (optional)", id="source-quote")
            yield Static(classes="error")
            yield Label(Text("enter: next field / save · escape: cancel", style="dim"))

    def on_mount(self) -> None:
        self.show_error(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "source-quote":
            self.focus_next()
            return
        self.save()

    def save(self) -> None:
        url = self.query_one("#source-url", Input).value.strip()
        problem = url_problem(url)
        if problem:
            self.show_error(problem)
            self.query_one("#source-url", Input).focus()
            return
        note = self.query_one("#source-note", Input).value.strip() or None
        quote = self.query_one("#source-quote", Input).value.strip() or None
        self.dismiss((url, note, quote))


class ImportForm(_Modal):
    """An article file and its optional publication date. Returns ``(path, date)``."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Import an article (plain text or Markdown)", style="bold"))
            yield Input(placeholder="path/to/article.txt", id="import-path")
            yield Input(placeholder="published YYYY-MM-DD (optional)", id="import-published")
            yield Static(classes="error")
            yield Label(Text("enter: next field / import · escape: cancel", style="dim"))

    def on_mount(self) -> None:
        self.show_error(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "import-path":
            self.focus_next()
            return
        path = self.query_one("#import-path", Input).value.strip()
        published = self.query_one("#import-published", Input).value.strip() or None
        if not path:
            self.show_error("give the path of an article file")
            self.query_one("#import-path", Input).focus()
            return
        self.dismiss((path, published))


@dataclass(frozen=True)
class ExportRequest:
    """What :class:`ExportForm` returns: where to write and which claims."""

    path: Path
    status: str | None = None
    """One of :data:`~workbench.store.export.STATUSES`, or None for all claims."""
    since: str | None = None
    """Only verdicts given at or after this UTC ``…Z`` timestamp (normalised)."""
    verdict: str | None = None
    """Only claims whose current verdict is this label (the scale's spelling)."""
    excel: bool = False
    """Start the file with a UTF-8 byte-order mark."""

    def summary(self, count: int) -> str:
        """``"12 published claims with verdict False since …"``: the count and selection."""
        words = [str(count), *([self.status] if self.status else []),
                 "claim" if count == 1 else "claims"]
        if self.verdict is not None:
            words.append(f"with verdict {self.verdict}")
        if self.since is not None:
            words.append(f"since {self.since}" if self.verdict is not None
                         else f"with a verdict since {self.since}")
        return " ".join(words)


class _MarkedWhenOn:
    """Mixed in before a RadioButton or Checkbox: its mark is blank when off, so its
    state shows without colour (NO_COLOR); Textual's only changes the mark's colour."""

    MARK = "X"
    BUTTON_INNER = " "
    value: bool
    refresh: Callable[[], object]

    def on_mount(self) -> None:
        self._show_value()

    def watch_value(self) -> None:
        super().watch_value()  # type: ignore[misc]  # the toggle button's
        self._show_value()

    def _show_value(self) -> None:
        self.BUTTON_INNER = self.MARK if self.value else " "
        self.refresh()


class _ClaimsButton(_MarkedWhenOn, RadioButton):
    """One choice of :class:`_ClaimsChoice`, marked ``●`` when chosen."""

    MARK = "●"


class _ClaimsChoice(RadioSet, inherit_bindings=False):
    """Radio buttons where the arrow keys choose at once (as in a browser's radio
    group), so Enter is left to the form: it exports."""

    BINDINGS = [
        Binding("down,right", "next_button", "Next option", show=False),
        Binding("up,left", "previous_button", "Previous option", show=False),
        Binding("space", "toggle_button", "Choose", show=False),
    ]

    def action_next_button(self) -> None:
        super().action_next_button()
        self._press_highlighted()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self._press_highlighted()

    def _press_highlighted(self) -> None:
        # Also runs at mount: RadioSet's mount highlights the first button through
        # action_next_button, so the first button must be the default (a toggle
        # here would switch it off, and RadioSet would lose track of the choice).
        if self._selected is not None:  # RadioSet's highlighted button
            button = self._nodes[self._selected]
            assert isinstance(button, RadioButton)
            button.value = True


class _ExcelBox(_MarkedWhenOn, Checkbox, inherit_bindings=False):
    """A checkbox that space ticks; Enter is left to the form (export)."""

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False)]


class ExportForm(_Modal):
    """CSV export: the file (prefilled; never overwritten), which claims (all or one
    status), an optional since date and verdict label, and Excel's byte-order mark.

    Enter exports from any field, so ``e`` then Enter exports with the defaults as a
    one-line prompt would; tab and shift+tab move between the fields. A bad field
    is named inline and focused, and nothing is exported. Returns an
    :class:`ExportRequest`.
    """

    BINDINGS = [Binding("enter", "export", "Export", show=False)]

    CLAIMS = ("all", *STATUSES)

    def __init__(self, title: str, *, path: str, scale: Sequence[str],
                 canonical_label: Callable[[str], str], path_problem: Validator) -> None:
        super().__init__()
        self.title_text = title
        self.path = path
        self.scale = list(scale)
        self.canonical_label = canonical_label
        self.path_problem = path_problem

    def compose(self) -> ComposeResult:
        with Vertical(id="export-form"):
            yield Label(Text(self.title_text, style="bold"))
            with Horizontal(classes="export-row"):
                yield Label("File", classes="export-label")
                yield Input(self.path, id="export-path")
            with Horizontal(classes="export-row"):
                yield Label("Claims", classes="export-label")
                yield _ClaimsChoice(*[_ClaimsButton(name, value=name == "all")
                                      for name in self.CLAIMS], id="export-status")
            with Horizontal(classes="export-row"):
                yield Label("Since", classes="export-label")
                yield Input(placeholder="YYYY-MM-DD or date-time, UTC (optional)",
                            id="export-since")
            with Horizontal(classes="export-row"):
                yield Label("Verdict", classes="export-label")
                example = f", e.g. {self.scale[0]}" if self.scale else ""
                yield Input(placeholder=f"a label of the scale{example} (optional)",
                            suggester=SuggestFromList(self.scale, case_sensitive=False),
                            id="export-verdict")
            with Horizontal(classes="export-row"):
                yield Label("", classes="export-label")
                yield _ExcelBox("Excel (UTF-8 BOM)", id="export-excel")
            yield Static(classes="error")
            yield Label(Text("enter: export · tab: next field · escape: cancel", style="dim"))
            yield Label(Text("claims: ←→ choose · verdict: → completes · Excel: space ticks",
                             style="dim"))

    def on_mount(self) -> None:
        self.show_error(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def action_export(self) -> None:
        problems = self._problems()
        if problems:
            field, problem = next(iter(problems.items()))
            self.show_error(problem)
            self.query_one(f"#{field}", Input).focus()
            return
        status_index = self.query_one(_ClaimsChoice).pressed_index
        since = self._value("export-since")
        verdict = self._value("export-verdict")
        self.dismiss(ExportRequest(
            path=Path(self._value("export-path")).expanduser(),
            status=self.CLAIMS[status_index] if status_index > 0 else None,
            since=normalise_since(since, "since") if since else None,
            verdict=self.canonical_label(verdict) if verdict else None,
            excel=self.query_one(_ExcelBox).value,
        ))

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def _problems(self) -> dict[str, str]:
        """Each bad field's id and its one-line problem, in the form's order."""
        problems: dict[str, str] = {}
        path_problem = self.path_problem(self._value("export-path"))
        if path_problem:
            problems["export-path"] = path_problem
        since = self._value("export-since")
        verdict = self._value("export-verdict")
        try:
            if since:
                normalise_since(since, "since")
        except WorkbenchError as err:
            problems["export-since"] = str(err)
        try:
            if verdict:
                self.canonical_label(verdict)
        except WorkbenchError as err:
            problems["export-verdict"] = str(err)
        return problems


class ChoicePrompt(_Modal):
    """Pick one of a few choices with the arrow keys and Enter."""

    def __init__(self, title: str, choices: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            yield OptionList(*[Option(Text(one_line(c)), id=str(i))
                               for i, c in enumerate(self.choices)])
            yield Static(classes="error")

    def on_mount(self) -> None:
        self.show_error(None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)])


class FetchDialog(_Modal):
    """Progress of one source fetch; Escape sets the cancel event (nothing is stored).

    The fetch runs in an app worker, so the dialog closes at once on Escape and the
    worker stops at its next check of the event.
    """

    def __init__(self, url: str, cancel: threading.Event) -> None:
        super().__init__()
        self.url = url
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Fetching the source", style="bold"))
            yield Label(Text(one_line(self.url), style="underline"))
            yield Static(Text("connecting …"), id="fetch-progress")
            yield Static(classes="error")
            yield Label(Text("escape: cancel (nothing is stored)", style="dim"))

    def on_mount(self) -> None:
        self.show_error(None)

    def show_progress(self, stage: str, received: int, expected: int | None) -> None:
        """A progress report from the worker (on the UI thread)."""
        if not self.is_attached:
            return
        text = Text(f"{one_line(stage)}: {received:,} bytes")
        if expected:
            text.append(f" of {expected:,} ({min(100, 100 * received // max(1, expected))}%)")
        self.query_one("#fetch-progress", Static).update(text)

    def action_cancel(self) -> None:
        self.cancel.set()
        self.dismiss(None)


class ConflictDialog(_Modal):
    """A colleague set the claim's verdict since it was shown: keep theirs or yours.

    Returns ``"theirs"`` or ``"yours"``; Escape keeps theirs (nothing is written).
    """

    def __init__(self, ordinal: int, conflict: VerdictConflict) -> None:
        super().__init__()
        self.ordinal = ordinal
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        c = self.conflict
        theirs = Text()
        if c.theirs is None:
            theirs.append("theirs: the verdict was withdrawn (no verdict now)", style="bold")
        else:
            theirs.append("theirs: ", style="bold")
            theirs.append(one_line(c.theirs.label or "(no verdict)"), style="bold green")
            theirs.append(f" by {one_line(c.theirs.reviewer)} at {c.theirs.created_at}")
            if c.theirs.note:
                theirs.append("\n  note: " + one_line(c.theirs.note), style="italic")
        yours = Text("yours:  ", style="bold")
        yours.append(one_line(c.yours_label or "(no verdict)"), style="bold green")
        if c.yours_note:
            yours.append("\n  note: " + one_line(c.yours_note), style="italic")
        with Vertical():
            yield Label(Text(f"Claim {self.ordinal} changed while you looked at it",
                             style="bold"))
            yield Static(theirs, id="conflict-theirs")
            yield Static(yours, id="conflict-yours")
            yield OptionList(
                Option(Text("Keep theirs (yours is not saved)"), id="theirs"),
                Option(Text("Keep yours (replaces theirs; history keeps both)"), id="yours"),
                id="conflict-choice",
            )
            yield Static(classes="error")
            yield Label(Text("↑↓ enter: choose · escape: keep theirs", style="dim"))

    def on_mount(self) -> None:
        self.show_error(None)
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id or "theirs")

    def action_cancel(self) -> None:
        self.dismiss("theirs")
