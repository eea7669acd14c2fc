"""The review TUI application: screens, the ordered writer, import and export.

Layers: this module and ``screens/`` only arrange widgets and call the store (in
worker threads) and the pure modules; every SQL statement stays in
``workbench.store``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
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
from workbench.store import Claim, Presence, Store
from workbench.text_safety import one_line
from workbench.tui.actions import ACTIONS
from workbench.tui.keymap import Keymap, textual_bindings
from workbench.tui.keytable import describe
from workbench.tui.live import HEARTBEAT_INTERVAL, POLL_INTERVAL, LiveFollower, LiveUpdate
from workbench.tui.screens.articles import SEED_PUBLISHED, ArticlesScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.prompts import FetchDialog, ImportForm, TextPrompt
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
        self.live = LiveFollower()
        self._polling = False
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

    def on_unmount(self) -> None:
        """Leave no presence behind on a clean exit (a crash expires after 30 s)."""
        with suppress(Exception):  # exiting anyway; the row expires by itself
            self.store.release_presence()

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

    # Live updates and presence --------------------------------------------------------

    def _tick(self) -> None:
        if not self._polling:  # a slow poll (a long write lock elsewhere) is not stacked
            self._polling = True
            self._poll_worker()

    @work(thread=True, group="live", exit_on_error=False)
    def _poll_worker(self) -> None:
        try:
            update = self.live.poll(self.store)
        except Exception:  # noqa: BLE001 - a failed look is retried at the next tick
            update = None
        self.call_from_thread(self._live_update, update)

    def _live_update(self, update: LiveUpdate | None) -> None:
        self._polling = False
        if update is None:
            return
        self.presence = update.presence
        for screen in self.screen_stack:
            handler = getattr(screen, "live_update", None)
            if handler is not None:
                handler(update)

    def others_on(self, claim_id: int | None) -> list[Presence]:
        """Other sessions on ``claim_id`` as of the latest poll (not mine)."""
        mine = self.store.session_id
        return [p for p in self.presence
                if claim_id is not None and p.claim_id == claim_id and p.session != mine]

    def set_presence(self, claim_id: int | None, screen: Any = None) -> None:
        """Say "I am on this claim"; ``screen.show_presence(claim_id, others)`` gets the
        others already on it."""
        self.presence_claim_id = claim_id
        self._presence_worker(claim_id, screen)

    @work(thread=True, group="presence", exit_on_error=False)
    def _presence_worker(self, claim_id: int | None, screen: Any) -> None:
        try:
            others = self.store.claim_presence(claim_id)
        except Exception:  # noqa: BLE001 - presence is advice; never stop a review for it
            return
        if screen is not None:
            self.call_from_thread(screen.show_presence, claim_id, others)

    def _heartbeat(self) -> None:
        self._heartbeat_worker(self.presence_claim_id)

    @work(thread=True, group="heartbeat", exit_on_error=False)
    def _heartbeat_worker(self, claim_id: int | None) -> None:
        with suppress(Exception):  # the next heartbeat tries again
            self.store.touch_presence(claim_id)

    # Sources ---------------------------------------------------------------------------

    def fetch_source(self, claim_id: int, url: str, note: str | None, quote: str | None,
                     done: Callable[[str], Any]) -> None:
        """Fetch ``url`` in a worker behind a progress dialog (esc cancels) and attach
        it; ``done(message)`` runs on the UI thread afterwards, also after a cancel."""
        cancel = threading.Event()
        dialog = FetchDialog(url, cancel)
        self.push_screen(dialog)
        self._fetch_worker(claim_id, url, note, quote, cancel, dialog, done)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _fetch_worker(self, claim_id: int, url: str, note: str | None, quote: str | None,
                      cancel: threading.Event, dialog: FetchDialog,
                      done: Callable[[str], Any]) -> None:
        severity = "information"
        try:
            from workbench.fetch.service import (
                FetchCancelled,
                add_fetched_source,
                guard_from_config,
            )

            def progress(stage: str, received: int, expected: int | None) -> None:
                self.call_from_thread(dialog.show_progress, stage, received, expected)

            try:
                added = add_fetched_source(
                    self.store, claim_id, url, note, quote, guard=guard_from_config(self.config),
                    cancel_event=cancel, progress=progress)
            except FetchCancelled:
                message, severity = "fetch cancelled; nothing was stored", "warning"
            else:
                snap = added.snapshot
                if snap.outcome == "failed":
                    message = f"source stored, but the fetch failed: {one_line(snap.reason or '')}"
                    severity = "warning"
                elif snap.outcome == "link":
                    message = f"source stored as a link ({one_line(snap.reason or '')})"
                else:
                    message = f"source stored: {one_line(snap.title or url)}"
        except WorkbenchError as err:
            message, severity = f"could not add the source: {err}", "error"
        except Exception as err:  # noqa: BLE001 - report, never crash mid-review
            message, severity = f"could not add the source: {err}", "error"
        self.call_from_thread(self._fetch_done, dialog, message, severity, done)

    def _fetch_done(self, dialog: FetchDialog, message: str, severity: str,
                    done: Callable[[str], Any]) -> None:
        if dialog.is_attached and self.screen is dialog:
            dialog.dismiss(None)
        self.notify(message, severity=severity, timeout=8)  # type: ignore[arg-type]
        done(message)

    def refresh_sources(self, claim_id: int, done: Callable[[str], Any]) -> None:
        """Refetch a claim's sources in a worker; ``done(message)`` afterwards."""
        self.notify("refetching the claim's sources …", timeout=2)
        self._refresh_worker(claim_id, done)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _refresh_worker(self, claim_id: int, done: Callable[[str], Any]) -> None:
        try:
            from workbench.fetch.service import guard_from_config, refresh_sources

            results = refresh_sources(self.store, claim_id, guard=guard_from_config(self.config))
        except Exception as err:  # noqa: BLE001 - report, never crash mid-review
            message = f"refetch failed: {err}"
        else:
            states = ", ".join(r.state for r in results) or "no sources to refetch"
            flags = sum(len(r.flags) for r in results)
            message = f"refetched: {states}" + (f"; {flags} new flag(s)" if flags else "")
        self.call_from_thread(self.notify, message, timeout=8)
        self.call_from_thread(done, message)

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
        self.scan_matches(article_id)

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

    def thresholds(self) -> Any:
        from workbench.matching.service import Thresholds

        return Thresholds(self.config.match_suggest, self.config.match_auto_link)

    def find_matches(self, screen: ReviewScreen, claim: Claim) -> None:
        """Fill the matches panel of ``screen`` for ``claim`` (in a worker)."""
        self._matches_worker(screen, claim.id)

    @work(thread=True, exclusive=True, group="matches")
    def _matches_worker(self, screen: ReviewScreen, claim_id: int) -> None:
        try:
            # Imported on first use: nothing of matching loads at start.
            from workbench.matching.service import matches_for_claim

            matches = matches_for_claim(self.store, claim_id, thresholds=self.thresholds())
        except Exception as err:  # noqa: BLE001 - the panel reports it; review goes on
            self.call_from_thread(screen.show_matches, claim_id, None, str(err))
            return
        self.call_from_thread(screen.show_matches, claim_id, matches, None)

    def scan_matches(self, article_id: int) -> None:
        """After an import: look for earlier checked claims like each new claim (in a
        worker), link the near-certain ones, and mark the claims that have matches."""
        self._scan_worker(article_id)

    @work(thread=True, group="match-scan", exit_on_error=False)
    def _scan_worker(self, article_id: int) -> None:
        try:
            from workbench.matching.service import matches_for_claim

            thresholds = self.thresholds()
            found: set[int] = set()
            claims = [row.id for row in self.store.claim_rows(article_id)]
            for claim_id in claims:
                if matches_for_claim(self.store, claim_id, thresholds=thresholds,
                                     auto_link=True):
                    found.add(claim_id)
        except Exception as err:  # noqa: BLE001 - matching is advice; review goes on
            self.call_from_thread(self.notify, f"matching unavailable: {err}",
                                  severity="warning")
            return
        self.call_from_thread(self._scanned, article_id, found, len(claims))

    def _scanned(self, article_id: int, found: set[int], total: int) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen) and screen.article_id == article_id:
                screen.mark_matched(found)
        if found:
            self.notify(f"earlier checked claims resemble {len(found)} of {total} new claims "
                        "(marked ≈)")


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
