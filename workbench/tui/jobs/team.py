"""Following other reviewers: the live poll, presence and the heartbeat."""

from __future__ import annotations

import asyncio
import threading
import time
from contextlib import suppress
from typing import Any

from textual import work

from workbench.store import Presence
from workbench.tui.live import LiveUpdate

RELEASE_WAIT = 2.0
"""Seconds an exiting app waits for its presence row to be deleted. The delete is a
write: under another reviewer's long write lock it may wait 2x15 s. It goes on in
the background after that (a crash or kill just lets the row expire after 30 s)."""


class LiveAndPresence:
    """Mixed into :class:`~workbench.tui.app.WorkbenchApp`: polls, tells screens."""

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

    async def release_presence_on_exit(self, bound: float = RELEASE_WAIT) -> None:
        """Delete this session's presence on a thread, waiting at most ``bound`` s.

        Not a Textual worker: at unmount the app has already closed its workers.
        The event loop keeps running while the thread waits for the write lock.
        """
        done = threading.Event()

        def release() -> None:
            with suppress(Exception):  # exiting anyway; the row expires by itself
                self.store.release_presence()
            done.set()

        threading.Thread(target=release, name="workbench-release-presence",
                         daemon=True).start()
        deadline = time.monotonic() + bound
        while not done.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
