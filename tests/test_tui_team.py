"""Several reviewers on one database: live updates, verdict conflicts, presence and
two-person review, each driven through real apps (Pilot) on a real SQLite file."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import test_tui_support as support
from test_tui_support import add_article, make_app, settle, wait_until
from textual.widgets import Static

from workbench.config import DEFAULT_SCALE
from workbench.store import Store
from workbench.tui.render import BLIND, row_text, short_label
from workbench.tui.screens.articles import ArticlesScreen
from workbench.tui.screens.prompts import ChoicePrompt, ConflictDialog
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.claim_list import ClaimList

SIZE = (80, 24)
frozen_store = support.frozen_store


def plain(widget: Static) -> str:
    return str(widget.render())


def colleague(db_path: Path, name: str) -> Store:
    """A second process's connection (its own data_version), as another reviewer."""
    return Store(db_path, _reviewer=name)


def list_text(screen: ReviewScreen) -> list[str]:
    claims = screen.query_one(ClaimList)
    return [row_text(r, state=(claims.states or {}).get(r.id)).plain for r in claims.rows]


async def test_a_verdict_written_elsewhere_shows_within_a_second(
        frozen_store: Store, db_path: Path, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        first = screen.query_one(ClaimList).current
        assert first is not None and first.verdict is None
        alice = colleague(db_path, "alice")
        alice.add_verdict(first.id, DEFAULT_SCALE[4], note="from the other desk")
        written = time.monotonic()

        def shown() -> bool:
            row = screen.query_one(ClaimList).rows[0]
            title = plain(screen.query_one("#detail-title", Static))
            history = plain(screen.query_one("#detail-history", Static))
            return (row.verdict == DEFAULT_SCALE[4] and DEFAULT_SCALE[4] in title
                    and "from the other desk" in history)

        assert await wait_until(pilot, shown, bound=3.0)
        assert time.monotonic() - written < 2.0  # polled every 0.25 s: well within 1 s
        assert "1/4 reviewed" in plain(screen.query_one("#review-status", Static))


async def test_two_apps_set_one_claim_and_the_second_chooses(
        frozen_store: Store, db_path: Path, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    bob_store = colleague(db_path, "bob")
    alice = make_app(frozen_store, tmp_path, article_id=article_id)
    bob = make_app(bob_store, tmp_path, article_id=article_id)
    async with alice.run_test(size=SIZE) as pa, bob.run_test(size=SIZE) as pb:
        await settle(pa)
        await settle(pb)
        claim = bob.screen.query_one(ClaimList).current
        assert claim is not None and claim.ordinal == 1
        # Hold bob's next look at the database so alice's commit lands between what
        # bob saw and his key: the race the dialog exists for.
        bob._polling = True
        await pa.press("1")
        await settle(pa)
        assert frozen_store.claim(claim.id).verdict == DEFAULT_SCALE[0]
        await pb.press("5")
        assert await wait_until(pb, lambda: isinstance(bob.screen, ConflictDialog))
        dialog = bob.screen
        theirs = plain(dialog.query_one("#conflict-theirs", Static))
        yours = plain(dialog.query_one("#conflict-yours", Static))
        assert DEFAULT_SCALE[0] in theirs and "reviewer" in theirs
        assert DEFAULT_SCALE[4] in yours
        assert [v.label for v in bob_store.verdict_history(claim.id)] == [DEFAULT_SCALE[0]]
        bob._polling = False
        await pb.press("down", "enter")  # keep yours
        await settle(pb)
        history = bob_store.verdict_history(claim.id)
        assert [(v.label, v.reviewer) for v in history] == [
            (DEFAULT_SCALE[0], "reviewer"), (DEFAULT_SCALE[4], "bob")]
        assert isinstance(bob.screen, ReviewScreen)
        assert bob.screen.query_one(ClaimList).rows[0].verdict == DEFAULT_SCALE[4]
        # alice's app follows: her list shows bob's verdict without a key press.
        assert await wait_until(
            pa, lambda: alice.screen.query_one(ClaimList).rows[0].verdict == DEFAULT_SCALE[4])


async def test_keep_theirs_writes_nothing_and_the_next_key_is_no_conflict(
        frozen_store: Store, db_path: Path, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    claim = next(frozen_store.claims(article_id))
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app._polling = True  # as above: the colleague's commit lands before our next look
        colleague(db_path, "carol").add_verdict(claim.id, DEFAULT_SCALE[2])
        await pilot.press("3")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        app._polling = False
        await pilot.press("escape")  # keep theirs
        await settle(pilot)
        assert [v.reviewer for v in frozen_store.verdict_history(claim.id)] == ["carol"]
        await pilot.press("home", "2")  # now knowingly replacing carol's: no dialog
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert [v.label for v in frozen_store.verdict_history(claim.id)] == [
            DEFAULT_SCALE[2], DEFAULT_SCALE[1]]


async def test_presence_shows_who_else_is_on_the_claim_and_is_released_on_exit(
        frozen_store: Store, db_path: Path, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    dave_store = colleague(db_path, "dave")
    me = make_app(frozen_store, tmp_path, article_id=article_id)
    dave = make_app(dave_store, tmp_path, article_id=article_id)
    async with me.run_test(size=SIZE) as pm:
        await settle(pm)
        presence = me.screen.query_one("#detail-presence", Static)
        assert not presence.display  # nobody else yet
        async with dave.run_test(size=SIZE) as pd:
            await settle(pd)
            expected = f"dave@{socket.gethostname()} is on claim "
            claim_id = me.screen.query_one(ClaimList).current.id
            assert await wait_until(pm, lambda: presence.display and expected + str(claim_id)
                                    in plain(presence))
            # dave sees me too, under my reviewer name
            dave_sees = dave.screen.query_one("#detail-presence", Static)
            assert await wait_until(pd, lambda: "reviewer@" in plain(dave_sees))
            await pd.press("down")  # dave moves on: I no longer see him on my claim
            assert await wait_until(pm, lambda: not presence.display)
        # dave's app exited: his session is gone at once, not after 30 s
        assert [p.reviewer for p in frozen_store.presence()] == ["reviewer"]
    assert frozen_store.presence() == []


async def test_exit_does_not_wait_on_a_locked_database(
        frozen_store: Store, db_path: Path, tmp_path: Path) -> None:
    """Releasing presence is a write; under another writer's lock it may wait 2x15 s.
    It runs off the event loop and the exit waits for it only briefly."""
    app = make_app(frozen_store, tmp_path, article_id=add_article(frozen_store))
    blocker = sqlite3.connect(db_path, isolation_level=None)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert [p.reviewer for p in frozen_store.presence()] == ["reviewer"]
            blocker.execute("BEGIN IMMEDIATE")  # another reviewer's long write
            ticks: list[float] = []
            loop = asyncio.get_running_loop()
            for delay in (0.1, 0.3, 0.5):
                loop.call_later(delay, lambda: ticks.append(time.monotonic()))
            started = time.monotonic()
            await pilot.press("ctrl+q")
        took = time.monotonic() - started
        assert took < 5, f"exit took {took:.1f} s"
        assert len(ticks) >= 2  # the loop kept running while the release waited
    finally:
        blocker.execute("ROLLBACK")  # the release now lands by itself
        blocker.close()
    deadline = time.monotonic() + 10
    while frozen_store.presence() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert frozen_store.presence() == []


async def test_blind_two_person_review_hides_then_approves(
        frozen_store: Store, db_path: Path, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    frozen_store.set_review_settings(two_person=True, blind=True)
    first = next(frozen_store.claims(article_id))
    erin = colleague(db_path, "erin")
    erin.add_verdict(first.id, DEFAULT_SCALE[3], note="erin's reasons")
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("home")
        await settle(pilot)
        rows = list_text(screen)
        assert BLIND[:6] in rows[0] and DEFAULT_SCALE[3][:6] not in rows[0]
        assert short_label(DEFAULT_SCALE[3], 6) not in rows[0]
        title = plain(screen.query_one("#detail-title", Static))
        history = plain(screen.query_one("#detail-history", Static))
        assert "blind" in title and DEFAULT_SCALE[3] not in title
        assert DEFAULT_SCALE[3] not in history and "erin's reasons" not in history
        assert "two-person, blind" in plain(screen.query_one("#review-status", Static))
        svg = app.export_screenshot()
        assert DEFAULT_SCALE[3] not in svg

        await pilot.press("w")  # waiting for me
        await settle(pilot)
        assert [r.id for r in screen.query_one(ClaimList).rows] == [first.id]
        await pilot.press("o")
        assert isinstance(app.screen, ChoicePrompt)  # blind: my own label
        await pilot.press("down", "down", "down", "enter")  # the 4th label, as erin
        await settle(pilot)
        state = frozen_store.review_state(first.id)
        assert state.state == "published" and state.second_reviewer == "reviewer"
        assert short_label(DEFAULT_SCALE[3], 6) in list_text(screen)[0]  # "M.fal…"


async def test_verdict_key_on_someone_elses_pending_verdict_is_a_second_review(
        frozen_store: Store, db_path: Path, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    frozen_store.set_review_settings(two_person=True, blind=False)
    first = next(frozen_store.claims(article_id))
    colleague(db_path, "erin").add_verdict(first.id, DEFAULT_SCALE[0])
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("home")
        await settle(pilot)
        screen = app.screen
        assert DEFAULT_SCALE[0][:6] in list_text(screen)[0] and "?" in list_text(screen)[0]
        await pilot.press("5")  # I disagree: disputed, queued for a third reviewer
        await settle(pilot)
        assert frozen_store.review_state(first.id).state == "disputed"
        assert [v.reviewer for v in frozen_store.verdict_history(first.id)] == ["erin"]
        assert "!" in list_text(screen)[0]
        # A third reviewer's verdict key resolves it.
        frank = make_app(colleague(db_path, "frank"), tmp_path, article_id=article_id)
        async with frank.run_test(size=SIZE) as pf:
            await settle(pf)
            await pf.press("home")
            await settle(pf)
            await pf.press("1")
            await settle(pf)
        state = frozen_store.review_state(first.id)
        assert state.state == "published" and state.label == DEFAULT_SCALE[0]
        assert await wait_until(pilot, lambda: "!" not in list_text(screen)[0])


async def test_approve_is_refused_when_two_person_review_is_off(
        frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert any("two-person review is off" in n.message for n in app._notifications)
        assert frozen_store.verdict_history(app.screen.query_one(ClaimList).current.id) == []


async def test_articles_screen_counts_do_not_reveal_blind_labels(
        frozen_store: Store, db_path: Path, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    frozen_store.set_review_settings(two_person=True, blind=True)
    claims = list(frozen_store.claims(article_id))
    colleague(db_path, "erin").add_verdict(claims[0].id, DEFAULT_SCALE[3])
    frozen_store.add_verdict(claims[1].id, DEFAULT_SCALE[0])
    app = make_app(frozen_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles-table")
        breakdown = str(table.get_row_at(0)[2])
        assert DEFAULT_SCALE[3] not in breakdown
        assert "blind 1" in breakdown and f"{DEFAULT_SCALE[0]} 1" in breakdown


def detail_title(screen: ReviewScreen) -> str:
    return plain(screen.query_one("#detail-title", Static))


def verdict_cell(screen: ReviewScreen, index: int) -> str:
    """The verdict column of a list row as drawn: ``?True``, `` True``, ``·``."""
    claims = screen.query_one(ClaimList)
    row = claims.rows[index]
    return row_text(row, state=(claims.states or {}).get(row.id), compact=True).plain[4:11]


async def test_undo_in_two_person_review_shows_the_state_the_store_has(
        frozen_store: Store, db_path: Path, tmp_path: Path) -> None:
    """The undo lands after the reviewer has moved on (an earlier write still held the
    queue, as a colleague's write lock would): the undone claim's row must not keep
    the pending mark, and its detail must read the state the store has."""
    article_id = add_article(frozen_store)
    frozen_store.set_review_settings(two_person=True)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        first = screen.query_one(ClaimList).current
        assert first is not None and first.ordinal == 1
        await pilot.press("1")
        await settle(pilot)
        assert frozen_store.review_state(first.id).state == "pending"
        assert verdict_cell(screen, 0) == "?True  "

        gate = threading.Event()
        app.submit_write(lambda store: gate.wait(10))  # the write queue is busy
        await pilot.press("z")  # queued behind it; the cursor goes back to claim 1
        assert await wait_until(pilot, lambda: "Claim 1 of" in detail_title(screen))
        assert "pending" in detail_title(screen)  # the undo has not landed yet
        await pilot.press("down")  # the reviewer moves on before it lands
        assert await wait_until(pilot, lambda: "Claim 2 of" in detail_title(screen))
        gate.set()
        await settle(pilot)

        assert frozen_store.review_state(first.id).state == "unreviewed"
        assert verdict_cell(screen, 0).strip() == "·"  # no "?True" left behind
        assert screen.needs_me(screen.query_one(ClaimList).rows[0])
        await pilot.press("up")
        await settle(pilot)
        assert "Claim 1 of" in detail_title(screen)
        assert detail_title(screen).endswith("unreviewed")


async def test_undo_back_to_my_earlier_verdict_shows_it_pending_again(
        frozen_store: Store, db_path: Path, tmp_path: Path) -> None:
    """A colleague published my verdict, I changed my mind and then undid that: the
    restored verdict is a new row, pending again, under my name."""
    article_id = add_article(frozen_store)
    frozen_store.set_review_settings(two_person=True)
    first = next(frozen_store.claims(article_id))
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("1")  # True, then erin agrees: published
        await settle(pilot)
        colleague(db_path, "erin").approve_verdict(first.id)
        assert await wait_until(pilot, lambda: verdict_cell(screen, 0) == " True  ")
        await pilot.press("home", "5")  # I change it to False: pending
        await settle(pilot)
        assert verdict_cell(screen, 0) == "?False "

        gate = threading.Event()
        app.submit_write(lambda store: gate.wait(10))
        await pilot.press("z")
        assert await wait_until(pilot, lambda: "Claim 1 of" in detail_title(screen))
        await pilot.press("down")
        assert await wait_until(pilot, lambda: "Claim 2 of" in detail_title(screen))
        gate.set()
        await settle(pilot)

        state = frozen_store.review_state(first.id)
        assert (state.state, state.label, state.reviewer) == ("pending", "True", "reviewer")
        assert verdict_cell(screen, 0) == "?True  "
        await pilot.press("up")
        await settle(pilot)
        assert "True (pending, by reviewer)" in detail_title(screen)


async def test_a_detail_read_that_straddles_an_undo_is_read_again(
        frozen_store: Store, db_path: Path, tmp_path: Path) -> None:
    """The detail worker read claim 1 before the undo landed but reports after it (a
    slow source report, a busy machine): its stale state must not win."""
    article_id = add_article(frozen_store)
    frozen_store.set_review_settings(two_person=True)
    first = next(frozen_store.claims(article_id))
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("1")
        await settle(pilot)

        real_state = frozen_store.review_state
        read, release = threading.Event(), threading.Event()

        def slow_state(claim_id: int):  # noqa: ANN202 - the store's own signature
            state = real_state(claim_id)  # read now, reported late: once
            if claim_id == first.id and not read.is_set():
                read.set()
                release.wait(10)
            return state

        frozen_store.review_state = slow_state  # type: ignore[method-assign]
        gate = threading.Event()
        app.submit_write(lambda store: gate.wait(10))
        await pilot.press("z")  # the cursor is on claim 1: its detail is read …
        assert await wait_until(pilot, read.is_set)  # … (still pending) and held
        gate.set()  # the undo lands meanwhile
        assert await wait_until(pilot, lambda: app.writes_pending == 0)
        release.set()
        await settle(pilot)
        del frozen_store.review_state

        assert real_state(first.id).state == "unreviewed"
        assert verdict_cell(screen, 0).strip() == "·"
        assert "Claim 1 of" in detail_title(screen)
        assert detail_title(screen).endswith("unreviewed")


async def test_a_verdict_that_lands_after_the_review_screen_closed_ends_quietly(
        frozen_store: Store, tmp_path: Path) -> None:
    """A verdict key, then escape at once while an earlier write still holds the
    queue: the verdict lands after the screen is gone, and redrawing its row there
    failed (NoMatches) in the write worker, which took the app down. The verdict is
    stored; the closed screen is left alone."""
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        gate = threading.Event()
        app.submit_write(lambda store: gate.wait(10))  # an earlier write, still running
        await pilot.press("1", "escape")
        assert isinstance(app.screen, ArticlesScreen)
        gate.set()
        await settle(pilot)
        row = frozen_store.claim_row(claim.id)
        assert row is not None and row.verdict == DEFAULT_SCALE[0]
        assert app.is_running and app._exception is None
    assert app._exception is None  # run_test re-raises a failed worker on the way out


@pytest.mark.parametrize(("key", "read"), [("r", "claim_rows"), ("down", "verdict_history")])
async def test_a_read_that_reports_after_the_review_screen_closed_ends_quietly(
        frozen_store: Store, tmp_path: Path, key: str, read: str) -> None:
    """A key starts a read (``r`` the list, ``↓`` the detail) and escape closes the
    screen while the read's thread is still in the database: the read reports to a
    screen that is gone, and ends without an error reaching the app."""
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        real = getattr(frozen_store, read)
        held, release = threading.Event(), threading.Event()

        def slow(*args: Any, **kwargs: Any) -> Any:
            result = real(*args, **kwargs)
            held.set()
            release.wait(10)
            return result

        setattr(frozen_store, read, slow)
        await pilot.press(key)
        assert await wait_until(pilot, held.is_set)
        await pilot.press("escape")
        assert isinstance(app.screen, ArticlesScreen)
        release.set()
        await settle(pilot)
        delattr(frozen_store, read)
        assert app.is_running and app._exception is None
    assert app._exception is None  # run_test re-raises a failed worker on the way out


async def test_a_superseded_detail_read_does_not_replace_the_cursors_claim(
        frozen_store: Store, tmp_path: Path) -> None:
    """The reviewer rests on claim 2 (its detail read is slow), then moves on to claim
    3, whose read reports first. Claim 2's read, superseded, must not draw claim 2's
    detail beside a cursor on claim 3: a verdict key there would judge claim 3 by
    what claim 2 says."""
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        claims = screen.query_one(ClaimList)
        second = claims.rows[1]
        real = frozen_store.verdict_history
        held, release = threading.Event(), threading.Event()

        def slow(claim_id: int) -> Any:
            result = real(claim_id)
            if claim_id == second.id and not held.is_set():
                held.set()
                release.wait(10)
            return result

        frozen_store.verdict_history = slow  # type: ignore[method-assign]
        await pilot.press("down")
        assert await wait_until(pilot, held.is_set)  # claim 2's read, held
        await pilot.press("down")
        assert await wait_until(pilot, lambda: "Claim 3 of" in detail_title(screen))
        release.set()
        await settle(pilot)
        del frozen_store.verdict_history
        assert claims.current is not None and claims.current.ordinal == 3
        assert "Claim 3 of" in detail_title(screen)
        assert screen.shown_claim_id == claims.current.id


async def test_a_superseded_list_read_does_not_replace_the_newer_filter(
        frozen_store: Store, tmp_path: Path) -> None:
    """``u`` (only unreviewed) reads slowly; ``a`` (all claims) right after reports
    first. The superseded read must not put the unreviewed rows back under the
    "all claims" label."""
    article_id = add_article(frozen_store)
    first = next(frozen_store.claims(article_id))
    frozen_store.add_verdict(first.id, DEFAULT_SCALE[0])
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        claims = screen.query_one(ClaimList)
        assert len(claims.rows) == 4
        real = frozen_store.claim_rows
        held, release = threading.Event(), threading.Event()

        def slow(*args: Any, **kwargs: Any) -> Any:
            result = real(*args, **kwargs)
            if kwargs.get("status") == "unreviewed" and not held.is_set():
                held.set()
                release.wait(10)
            return result

        frozen_store.claim_rows = slow  # type: ignore[method-assign]
        await pilot.press("u")
        assert await wait_until(pilot, held.is_set)  # the unreviewed read, held
        await pilot.press("a")
        await settle(pilot)
        assert len(claims.rows) == 4
        release.set()
        await settle(pilot)
        del frozen_store.claim_rows
        status = plain(screen.query_one("#review-status", Static))
        assert "all claims (4)" in status
        assert len(claims.rows) == 4
