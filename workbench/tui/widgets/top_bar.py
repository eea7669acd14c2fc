"""The one-line bar at the top of every screen: who is reviewing where, and context."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from workbench.text_safety import one_line


class TopBar(Static):
    """``workbench · user@host`` on the left, the screen's context after it."""

    def __init__(self, identity: str, context: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.identity = identity
        self.set_context(context)

    def set_context(self, context: str) -> None:
        """Show ``context`` (untrusted, e.g. an article title) after the identity."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("workbench", style="bold")
        text.append(" · " + one_line(self.identity))
        if context:
            text.append(" · " + one_line(context))
        self.update(text)
