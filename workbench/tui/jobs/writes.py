"""The ordered writer: every database write on a worker thread, in key order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import work

from workbench.errors import WorkbenchError
from workbench.store import Store

T = TypeVar("T")


class OrderedWrites:
    """Mixed into :class:`~workbench.tui.app.WorkbenchApp` (state set in its ``__init__``)."""

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
