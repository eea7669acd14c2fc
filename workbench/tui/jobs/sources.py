"""Fetching and refetching sources in workers; quitting cancels both.

A fetch runs behind a progress dialog (escape cancels it); a refetch only says it
started. Every cancel event in flight is in ``_fetch_cancels``, which
:meth:`SourceJobs.cancel_fetches_on_exit` sets when the app closes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual import work

from workbench.text_safety import one_line
from workbench.tui.screens.prompts import FetchDialog


class SourceJobs:
    """Mixed into :class:`~workbench.tui.app.WorkbenchApp`."""

    def fetch_source(self, claim_id: int, url: str, note: str | None, quote: str | None,
                     done: Callable[[str], Any]) -> None:
        """Fetch ``url`` in a worker behind a progress dialog (esc cancels) and attach
        it; ``done(message)`` runs on the UI thread afterwards, also after a cancel."""
        cancel = threading.Event()
        self._fetch_cancels.add(cancel)
        dialog = FetchDialog(url, cancel)
        self.push_screen(dialog)
        self._fetch_worker(claim_id, url, note, quote, cancel, dialog, done)

    def cancel_fetches_on_exit(self) -> None:
        """The app is closing: stop every fetch and refetch within a fraction of a
        second (the fetch client checks the event while it waits for bytes), storing
        nothing more, as escape would. Otherwise a fetch runs on after the screens are
        gone (the exit waits for its thread) and stores what nobody sees arrive."""
        self._quitting = True
        for cancel in self._fetch_cancels:
            cancel.set()

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
        except Exception as err:  # noqa: BLE001 - report (WorkbenchError too), never crash
            message, severity = f"could not add the source: {err}", "error"
        self.call_from_thread(self._fetch_done, dialog, message, severity, done)

    def _fetch_done(self, dialog: FetchDialog, message: str, severity: str,
                    done: Callable[[str], Any]) -> None:
        self._fetch_cancels.discard(dialog.cancel)
        if self._quitting:  # the screens that asked are gone: nothing to show
            return
        if dialog.is_attached and self.screen is dialog:
            dialog.dismiss(None)
        self.notify(message, severity=severity, timeout=8)  # type: ignore[arg-type]
        done(message)

    def refresh_sources(self, claim_id: int, done: Callable[[str], Any]) -> None:
        """Refetch a claim's sources in a worker; ``done(message)`` afterwards.

        Cancellable like a fetch: its event joins ``_fetch_cancels``, so quitting
        stops it (the source being fetched appends nothing; sources refetched before
        keep their snapshots). There is no progress dialog, hence no escape."""
        cancel = threading.Event()
        self._fetch_cancels.add(cancel)
        self.notify("refetching the claim's sources …", timeout=2)
        self._refresh_worker(claim_id, cancel, done)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _refresh_worker(self, claim_id: int, cancel: threading.Event,
                        done: Callable[[str], Any]) -> None:
        try:
            from workbench.fetch.service import (
                FetchCancelled,
                guard_from_config,
                refresh_sources,
            )

            try:
                results = refresh_sources(self.store, claim_id,
                                          guard=guard_from_config(self.config),
                                          cancel_event=cancel)
            except FetchCancelled:
                message = "refetch cancelled; the sources refetched before it are kept"
            else:
                states = ", ".join(r.state for r in results) or "no sources to refetch"
                flags = sum(len(r.flags) for r in results)
                message = f"refetched: {states}" + (f"; {flags} new flag(s)" if flags else "")
        except Exception as err:  # noqa: BLE001 - report, never crash mid-review
            message = f"refetch failed: {err}"
        self.call_from_thread(self._refresh_done, cancel, message, done)

    def _refresh_done(self, cancel: threading.Event, message: str,
                      done: Callable[[str], Any]) -> None:
        self._fetch_cancels.discard(cancel)
        if self._quitting:  # the screens that asked are gone: nothing to show
            return
        self.notify(message, timeout=8)
        done(message)
