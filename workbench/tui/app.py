"""The review TUI application: screens, the ordered writer, import and export.

Layers: this module and ``screens/`` only arrange widgets and call the store (in
worker threads) and the pure modules; every SQL statement stays in
``workbench.store``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.keys import format_key
from textual.screen import Screen

from workbench.config import Config
from workbench.errors import DuplicateArticle, WorkbenchError
from workbench.identity import reviewer_at_host
from workbench.paths import seed_article_path
from workbench.store import Claim, Store
from workbench.tui.actions import ACTIONS
from workbench.tui.keymap import Keymap, textual_bindings
from workbench.tui.keytable import describe
from workbench.tui.screens.articles import SEED_PUBLISHED, ArticlesScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.prompts import ImportForm, TextPrompt
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.search import SearchScreen

T = TypeVar("T")


class WorkbenchApp(App[None], inherit_bindings=False):
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

    def on_mount(self) -> None:
        self.set_keymap(self.keymap.textual_keymap())
        self.push_screen(ArticlesScreen())
        if self.start_article_id is not None:
            self.open_review(self.start_article_id)

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
        """Every registry action usable on ``screen``, by its description."""
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
            yield SystemCommand(text, f"{action.id} · {keys}",
                                partial(target.run_action, action.action))
        yield SystemCommand("Change theme", "theme", self.action_change_theme)

    # Writes ----------------------------------------------------------------------------

    def submit_write(
        self,
        job: Callable[[Store], T],
        done: Callable[[T], Any] | None = None,
        failed: Callable[[], Any] | None = None,
    ) -> None:
        """Run ``job(store)`` on a worker thread after every earlier write.

        Tickets keep writes in the order the reviewer pressed the keys (a verdict
        then its undo), which independent threads would not guarantee; ``done``
        gets the result on the UI thread, ``failed`` runs after an error message.
        """
        with self._turn:
            ticket = self._next_ticket
            self._next_ticket += 1
        self._run_write(ticket, job, done, failed)

    @work(thread=True, group="write")  # not exclusive: every write must happen
    def _run_write(self, ticket: int, job: Callable[[Store], T],
                   done: Callable[[T], Any] | None, failed: Callable[[], Any] | None) -> None:
        with self._turn:
            self._turn.wait_for(lambda: self._serving == ticket)
        try:
            result = job(self.store)
        except WorkbenchError as err:
            self.call_from_thread(self._write_failed, str(err), failed)
        except Exception as err:  # noqa: BLE001 - report, never crash mid-review
            self.call_from_thread(self._write_failed, f"could not save: {err}", failed)
        else:
            if done is not None:
                self.call_from_thread(done, result)
        finally:
            with self._turn:
                self._serving += 1
                self.writes_done += 1
                self._turn.notify_all()

    def _write_failed(self, message: str, failed: Callable[[], Any] | None) -> None:
        self.notify(message, severity="error", timeout=8)
        if failed is not None:
            failed()

    @property
    def writes_pending(self) -> int:
        with self._turn:
            return self._next_ticket - self._serving

    # Import ----------------------------------------------------------------------------

    def import_seed(self) -> None:
        self._import(str(seed_article_path()), SEED_PUBLISHED)

    def prompt_import(self) -> None:
        self.push_screen(ImportForm(), lambda r: r and self._import(*r))

    def _import(self, path: str, published: str | None) -> None:
        self.notify(f"importing {Path(path).name} …", timeout=2)
        self._import_worker(path, published)

    @work(thread=True, exclusive=True, group="import")
    def _import_worker(self, path: str, published: str | None) -> None:
        try:
            from workbench import importing  # extraction is loaded only when needed

            data, name = importing.read_article_bytes(str(Path(path).expanduser()))
            text = importing.decode_article(data, name)
            result = importing.import_article(self.store, text, published=published)
        except DuplicateArticle as dup:
            self.call_from_thread(self.notify, f"{dup}; opening it")
            self.call_from_thread(self._imported, dup.article_id)
        except WorkbenchError as err:
            self.call_from_thread(self.notify, str(err), severity="error", timeout=8)
        except ImportError as err:
            self.call_from_thread(self.notify, f"claim extraction is unavailable: {err}",
                                  severity="error", timeout=8)
        else:
            self.call_from_thread(
                self.notify, f"imported article {result.article_id}: {result.claims} claims")
            self.call_from_thread(self._imported, result.article_id)

    def _imported(self, article_id: int) -> None:
        if isinstance(self.screen, ArticlesScreen):
            self.screen.load(select=article_id)
        self.open_review(article_id)

    # Export ----------------------------------------------------------------------------

    def prompt_export(self, article_id: int | None) -> None:
        name = f"article-{article_id}-verdicts.csv" if article_id else "all-verdicts.csv"
        default = self.export_dir / name
        self.push_screen(
            TextPrompt("Export verdicts to CSV file", value=str(default),
                       validate=export_path_problem),
            lambda path: path and self._export(article_id, Path(path).expanduser()),
        )

    def _export(self, article_id: int | None, path: Path) -> None:
        self._export_worker(article_id, path)

    @work(thread=True, exclusive=True, group="export")
    def _export_worker(self, article_id: int | None, path: Path) -> None:
        from workbench.csv_export import write_csv

        try:
            count = write_csv_atomically(path, lambda handle: write_csv(
                self.store.export_rows(article_id), handle))
        except (OSError, WorkbenchError) as err:
            self.call_from_thread(self.notify, f"export failed: {err}", severity="error")
            return
        self.call_from_thread(
            self.notify, f"exported {count} claims to {path.resolve()}", timeout=10)

    # Matches ---------------------------------------------------------------------------

    def find_matches(self, screen: ReviewScreen, claim: Claim) -> None:
        """Fill the matches panel of ``screen`` for ``claim`` (in a worker)."""
        self._matches_worker(screen, claim.id)

    @work(thread=True, exclusive=True, group="matches")
    def _matches_worker(self, screen: ReviewScreen, claim_id: int) -> None:
        try:
            # Imported on first use: nothing of matching loads at start.
            from workbench.matching.service import matches_for_claim

            matches = matches_for_claim(self.store, claim_id)
        except Exception as err:  # noqa: BLE001 - the panel reports it; review goes on
            self.call_from_thread(screen.show_matches, claim_id, None, str(err))
            return
        self.call_from_thread(screen.show_matches, claim_id, matches, None)


def export_path_problem(value: str) -> str | None:
    """Why a CSV export cannot go to ``value``, or None. Never overwrites a file."""
    if not value:
        return "give a file name"
    path = Path(value).expanduser()
    if path.is_dir():
        return f"{path} is a directory; give a file name"
    if path.exists():
        return f"{path} exists; choose another name (exports never overwrite)"
    if not path.parent.is_dir():
        return f"no directory {path.parent}"
    if not os.access(path.parent, os.W_OK):
        return f"cannot write to {path.parent}"
    return None


def write_csv_atomically(path: Path, write: Callable[[Any], int]) -> int:
    """Write to a temporary file beside ``path`` and rename it into place.

    Created with mode 0666 minus the umask, like any file the reviewer writes.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = write(handle)
        if path.exists():
            raise WorkbenchError(f"{path} appeared meanwhile; not overwritten")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count
