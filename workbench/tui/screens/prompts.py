"""Small modal forms: prompts, the source form and its fetch progress, the import form,
a chooser, and the verdict-conflict dialog.

Each validates its input before dismissing, so a bad value gets an inline message
and nothing is written; Escape cancels and returns None.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.store.team import VerdictConflict
from workbench.text_safety import one_line
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
