"""The claim list's order: most check-worthy first by default, ``b`` for article order."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import test_tui_support as support
from test_tui_support import claims_of, make_app, reviewing, settle
from textual.widgets import Static

from workbench.config import DEFAULT_SCALE
from workbench.store import Store
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.claim_list import ClaimList

SIZE = (80, 24)
frozen_store = support.frozen_store

SENTENCES = [
    "Officials said 1,200 people attended the rally on Friday.",
    "The band played until midnight.",
    'The mayor said "turnout doubled since 2020".',
    "Police counted 900 people at noon.",
    "Rain fell later.",
]
SCORES = [0.2, 0.9, 0.5, 0.9, 0.1]
BY_SCORE = [2, 4, 3, 1, 5]
"""Ordinals by score descending; 2 and 4 tie at 0.9 and keep article order."""


def add_scored_article(store: Store) -> int:
    text = " ".join(SENTENCES)
    claims = [replace(c, score=s) for c, s in zip(claims_of(text, SENTENCES), SCORES,
                                                   strict=True)]
    return store.insert_article(text, claims, title="Rally", url="https://example.org/r",
                                published="2025-11-08")


def shown(screen: ReviewScreen) -> list[int]:
    return [r.ordinal for r in screen.query_one(ClaimList).rows]


def status(screen: ReviewScreen) -> str:
    return str(screen.query_one("#review-status", Static).render())


def test_store_orders_in_sql(frozen_store: Store) -> None:
    article_id = add_scored_article(frozen_store)
    assert [r.ordinal for r in frozen_store.claim_rows(article_id)] == [1, 2, 3, 4, 5]
    assert [r.ordinal for r in frozen_store.claim_rows(article_id, order="score")] == BY_SCORE
    first = frozen_store.claim_rows(article_id, order="score")[0]
    frozen_store.add_verdict(first.id, DEFAULT_SCALE[0])
    unreviewed = frozen_store.claim_rows(article_id, status="unreviewed", order="score")
    assert [r.ordinal for r in unreviewed] == [4, 3, 1, 5]
    with pytest.raises(ValueError, match="unknown claim order"):
        frozen_store.claim_rows(article_id, order="ordinal; DROP TABLE claims")


async def test_default_order_is_check_worthiness_and_t_switches(frozen_store: Store,
                                                                tmp_path: Path) -> None:
    article_id = add_scored_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        claims = screen.query_one(ClaimList)
        assert shown(screen) == BY_SCORE
        assert claims.current.ordinal == 2  # the top of the list, unreviewed
        assert "most check-worthy first" in status(screen)
        assert "b switches" in status(screen)

        await pilot.press("down", "down")  # on ordinal 3
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert shown(screen) == [1, 2, 3, 4, 5]
        assert "article order" in status(screen)
        assert claims.current.ordinal == 3  # the cursor stayed on its claim

        await pilot.press("b")
        await settle(pilot)
        assert shown(screen) == BY_SCORE
        assert "most check-worthy first" in status(screen)
        assert claims.current.ordinal == 3


async def test_verdict_moves_to_next_unreviewed_in_score_order(frozen_store: Store,
                                                               tmp_path: Path) -> None:
    article_id = add_scored_article(frozen_store)
    by_ordinal = {c.ordinal: c.id for c in frozen_store.claims(article_id)}
    frozen_store.add_verdict(by_ordinal[3], DEFAULT_SCALE[2])  # reviewed already
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claims = app.screen.query_one(ClaimList)
        assert claims.current.ordinal == 2
        await pilot.press("1")
        assert claims.current.ordinal == 4  # next in the list, not ordinal 3
        await pilot.press("2")
        assert claims.current.ordinal == 1  # 3 is reviewed: skipped
        await pilot.press("3")
        assert claims.current.ordinal == 5
        await settle(pilot)
        assert frozen_store.claim(by_ordinal[2]).verdict == DEFAULT_SCALE[0]
        assert frozen_store.claim(by_ordinal[4]).verdict == DEFAULT_SCALE[1]
        assert frozen_store.claim(by_ordinal[1]).verdict == DEFAULT_SCALE[2]


async def test_verdict_moves_to_next_unreviewed_in_article_order(frozen_store: Store,
                                                                 tmp_path: Path) -> None:
    article_id = add_scored_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        claims = app.screen.query_one(ClaimList)
        assert claims.current.ordinal == 2  # the cursor stays where it was
        await pilot.press("1")
        assert claims.current.ordinal == 3  # article order now, not score order (4)
        await pilot.press("home", "1")
        assert claims.current.ordinal == 3
        await settle(pilot)
        assert "article order" in status(app.screen)


async def test_jump_goes_by_ordinal_in_either_order(frozen_store: Store, tmp_path: Path
                                                    ) -> None:
    article_id = add_scored_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claims = app.screen.query_one(ClaimList)
        await pilot.press("g", "1", "enter")
        await settle(pilot)
        assert claims.current.ordinal == 1
        assert claims.cursor == BY_SCORE.index(1)
        await pilot.press("b", "g", "5", "enter")
        await settle(pilot)
        assert claims.current.ordinal == 5
        assert claims.cursor == 4


async def test_order_carries_over_to_the_next_article(frozen_store: Store, tmp_path: Path
                                                      ) -> None:
    article_id = add_scored_article(frozen_store)
    async with reviewing(frozen_store, tmp_path, article_id) as (app, pilot):
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        app.open_review(article_id)
        await settle(pilot)
        assert shown(app.screen) == [1, 2, 3, 4, 5]
