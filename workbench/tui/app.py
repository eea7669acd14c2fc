"""The review TUI application: screens, the ordered writer, import and export.

Layers: this module and ``screens/`` only arrange widgets and call the store (in
worker threads) and the pure modules; every SQL statement stays in
``workbench.store``. The background jobs are mixins in ``jobs/``: the ordered
writer, live updates and presence, source fetching, import/export and matching.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.keys import format_key
from textual.markup import escape
from textual.notifications import SeverityLevel
from textual.screen import Screen

from workbench.config import Config
from workbench.identity import reviewer_at_host
from workbench.store import Presence, Store
from workbench.tui.actions import ACTIONS
from workbench.tui.jobs.files import ImportExport, export_path_problem
from workbench.tui.jobs.matches import MatchJobs
from workbench.tui.jobs.sources import SourceJobs
from workbench.tui.jobs.team import LiveAndPresence
from workbench.tui.jobs.writes import OrderedWrites
from workbench.tui.keymap import Keymap, textual_bindings
from workbench.tui.keytable import describe
from workbench.tui.live import HEARTBEAT_INTERVAL, POLL_INTERVAL, LiveFollower
from workbench.tui.screens.articles import ArticlesScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.search import SearchScreen


class WorkbenchApp(OrderedWrites, LiveAndPresence, SourceJobs, ImportExport, MatchJobs, App[None],
                   inherit_bindings=False):
    """A keyboard-only review workbench over one database."""

    TITLE = "workbench"
    CSS_PATH = "workbench.tcss"
    BINDINGS = textual_bindings("app")

    def __init__(
        self,
        store: Store,
        config: Config,
        keymap: Keymap,
        *,
        article_id: int | None = None,
        identity: str | None = None,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config
        self.keymap = keymap
        self.start_article_id = article_id
        self.identity = identity or reviewer_at_host()
        self.export_dir = export_dir or Path.cwd()
        self._turn = threading.Condition()
        self._next_ticket = 0
        self._serving = 0
        self.writes_done = 0
        self.live = LiveFollower()
        self._polling = False
        self._fetch_cancels: set[threading.Event] = set()
        """Cancel events of the source fetches in flight (set on exit)."""
        self._quitting = False
        self.presence_claim_id: int | None = None
        self.review_order = "score"
        """The claim-list order review screens open in (``b`` switches it)."""
        self.presence: list[Presence] = []
        """Every live session (mine included), as of the latest poll that saw a change."""

    def on_mount(self) -> None:
        self.set_keymap(self.keymap.textual_keymap())
        self.push_screen(ArticlesScreen())
        if self.start_article_id is not None:
            self.open_review(self.start_article_id)
        self.set_interval(POLL_INTERVAL, self._tick)
        self.set_interval(HEARTBEAT_INTERVAL, self._heartbeat)
        self._tick()
        self._heartbeat()

    async def on_unmount(self) -> None:
        """Leave no presence behind on a clean exit (a crash expires after 30 s), and
        stop the source fetches in flight."""
        self.cancel_fetches_on_exit()
        await self.release_presence_on_exit()

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Show a toast whose text is shown literally, never parsed as markup.

        Messages carry data (page titles, HTTP reasons, paths, error texts), and
        Textual parses markup by default: ``[/bold]`` from a fetched page would crash
        the app and ``[@click=app.quit]`` would become a live action. Screens' and
        widgets' ``notify()`` pass ``markup=True`` through to here; it is ignored.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def key_display(self, action_id: str) -> str:
        """The first key of an action as a reviewer reads it (``?``, ``ctrl+q``)."""
        keys = self.keymap.keys(action_id)
        return format_key(keys[0]) if keys else f"(unbound {action_id})"

    # Navigation ------------------------------------------------------------------------

    def open_review(self, article_id: int, focus_claim_id: int | None = None) -> None:
        self.push_screen(ReviewScreen(article_id, focus_claim_id))

    def open_search(self) -> None:
        self.push_screen(SearchScreen())

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.keymap, self.config.scale))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every registry action usable on ``screen``, by its description.

        The palette parses titles and help as markup: both are escaped, since verdict
        labels come from the config file and key names may be brackets."""
        scope = getattr(screen, "SCOPE", None)
        for action in ACTIONS:
            if action.id == "command-palette":
                continue
            if "app" not in action.scopes and scope not in action.scopes:
                continue
            text = describe(action, self.config.scale)
            if text.startswith("(unused"):
                continue
            target = self if "app" in action.scopes else screen
            keys = ", ".join(format_key(k) for k in self.keymap.keys(action.id)) or "unbound"
            yield SystemCommand(escape(text), escape(f"{action.id} · {keys}"),
                                partial(target.run_action, action.action))
        yield SystemCommand("Change theme", "theme", self.action_change_theme)


__all__ = ["WorkbenchApp", "export_path_problem"]
