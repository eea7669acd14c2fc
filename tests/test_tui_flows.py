"""Pilot tests of the review flows at 80x24, asserting on the database and widgets."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
import test_tui_support as support
from test_fetch_support import serving
from test_tui_support import IDENTITY, add_article, make_app, reviewing, settle
from textual.widgets import Input, Static

from workbench import csv_export
from workbench.config import DEFAULT_SCALE, Config
from workbench.store import Store
from workbench.tui.screens.articles import ArticlesScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.prompts import SourceForm, TextPrompt
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.search import SearchScreen
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.detail import MatchesPanel
from workbench.urls import url_problem

SIZE = (80, 24)
frozen_store = support.frozen_store


def plain(widget: Static) -> str:
    """What a Static shows, as plain text."""
    return str(widget.render())


def verdicts(store: Store, article_id: int) -> list[str | None]:
    return [c.verdict for c in store.claims(article_id)]


async def test_open_verdict_next_undo(frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        claims = screen.query_one(ClaimList)
        assert claims.current is not None and claims.current.ordinal == 1
        assert "0/4 reviewed" in plain(screen.query_one("#review-status", Static))

        await pilot.press("1")
        assert claims.current.ordinal == 2  # moved on at once, before the write landed
        await settle(pilot)
        assert verdicts(frozen_store, article_id) == [DEFAULT_SCALE[0], None, None, None]
        assert "1/4 reviewed" in plain(screen.query_one("#review-status", Static))

        await pilot.press("5")
        await settle(pilot)
        assert verdicts(frozen_store, article_id)[:2] == [DEFAULT_SCALE[0], DEFAULT_SCALE[4]]
        assert claims.current.ordinal == 3

        await pilot.press("z")
        await settle(pilot)
        assert claims.current.ordinal == 2  # back on the undone claim
        assert verdicts(frozen_store, article_id)[:2] == [DEFAULT_SCALE[0], None]
        claim_2 = claims.current.id
        history = frozen_store.verdict_history(claim_2)
        assert [v.label for v in history] == [DEFAULT_SCALE[4], None]  # both kept
        assert "1/4 reviewed" in plain(screen.query_one("#review-status", Static))


async def test_last_unreviewed_then_everything_reviewed(frozen_store: Store, tmp_path: Path
                                                        ) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1", "2", "3", "4")
        await settle(pilot)
        assert None not in verdicts(frozen_store, article_id)
        assert "4/4 reviewed" in plain(app.screen.query_one("#review-status", Static))


async def test_unused_verdict_key_writes_nothing(frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("9")  # the default scale has 6 labels
        await settle(pilot)
        assert verdicts(frozen_store, article_id) == [None] * 4
        assert app.screen.query_one(ClaimList).current.ordinal == 1


async def test_undo_with_nothing_to_undo_writes_nothing(frozen_store: Store, tmp_path: Path
                                                        ) -> None:
    async with reviewing(frozen_store, tmp_path) as (app, pilot):
        await pilot.press("z")
        await settle(pilot)
        first = app.screen.query_one(ClaimList).current
        assert frozen_store.verdict_history(first.id) == []


async def test_pending_note_goes_with_the_next_verdict(frozen_store: Store, tmp_path: Path
                                                       ) -> None:
    async with reviewing(frozen_store, tmp_path) as (app, pilot):
        first = app.screen.query_one(ClaimList).current
        await pilot.press("n")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")  # empty note: refused, stays open
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"count from police", "enter")
        await settle(pilot)
        assert "note pending" in plain(app.screen.query_one("#review-status", Static))
        await pilot.press("2")
        await settle(pilot)
        history = frozen_store.verdict_history(first.id)
        assert [(v.label, v.note) for v in history] == [(DEFAULT_SCALE[1], "count from police")]


async def test_add_source_and_bad_url(frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    loopback = Config(fetch_allow_hosts=("127.0.0.1",))  # tests never reach public hosts
    app = make_app(frozen_store, tmp_path, article_id=article_id, config=loopback)
    with serving() as server:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            claim = app.screen.query_one(ClaimList).current
            await pilot.press("s")
            assert isinstance(app.screen, SourceForm)
            await pilot.press(*"javascript:alert(1)", "enter", "enter", "enter")
            assert isinstance(app.screen, SourceForm)  # refused with an inline message
            assert "http" in plain(app.screen.query_one(".error", Static))
            await settle(pilot)
            assert frozen_store.sources(claim.id) == []
            url_input = app.screen.query_one("#source-url", Input)
            url_input.value = server.url("/plain")
            await pilot.press("enter")
            await pilot.press(*"police count", "enter", *"about 1,200", "enter")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
            [source] = frozen_store.sources(claim.id)
            assert (source.url, source.note, source.quote) == (
                server.url("/plain"), "police count", "about 1,200")
            assert "127.0.0.1" in plain(app.screen.query_one("#detail-sources", Static))


@pytest.mark.parametrize("url", ["http://example.org:99999/", "http://:80/x", "ftp://x.example/",
                                 "https://a.example/\u202eb", ""])
async def test_source_form_refuses_what_every_entry_point_refuses(
        frozen_store: Store, tmp_path: Path, url: str) -> None:
    app = make_app(frozen_store, tmp_path, article_id=add_article(frozen_store))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        await pilot.press("s")
        app.screen.query_one("#source-url", Input).value = url
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceForm)
        problem = url_problem(url)
        assert problem and problem in plain(app.screen.query_one(".error", Static))
        assert frozen_store.sources(claim.id) == []


async def test_escape_cancels_a_form_without_writing(frozen_store: Store, tmp_path: Path
                                                     ) -> None:
    async with reviewing(frozen_store, tmp_path) as (app, pilot):
        claim = app.screen.query_one(ClaimList).current
        await pilot.press("s", *"https://x.example", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert frozen_store.sources(claim.id) == []


async def test_filters_and_jump(frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claims = app.screen.query_one(ClaimList)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert [r.ordinal for r in claims.rows] == [2, 3, 4]
        await pilot.press("v", "enter")  # first label of the scale
        await settle(pilot)
        assert [r.ordinal for r in claims.rows] == [1]
        await pilot.press("k", "down", "down", "enter")  # third kind: quote
        await settle(pilot)
        assert [r.ordinal for r in claims.rows] == [2]
        await pilot.press("a")
        await settle(pilot)
        assert len(claims.rows) == 4
        await pilot.press("g", *"9", "enter")
        assert isinstance(app.screen, TextPrompt)  # out of range: refused
        await pilot.press("escape", "g", "3", "enter")
        await settle(pilot)
        assert claims.current.ordinal == 3


async def test_search_opens_the_claim_in_its_article(frozen_store: Store, tmp_path: Path
                                                     ) -> None:
    add_article(frozen_store)
    other = add_article(frozen_store, ["Nothing to see here.", "Springfield voted in 2024."],
                        title="Vote")
    app = make_app(frozen_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"springfield")
        await pilot.pause(0.3)  # search runs once typing pauses
        await settle(pilot)
        results = app.screen.query_one(ClaimList)
        assert len(results.rows) == 2
        assert "2 claims match" in plain(app.screen.query_one("#search-status", Static))
        await pilot.press("enter")  # from the query box into the results
        await settle(pilot)
        target = results.current
        assert target is not None and target.article_id == other  # newest first
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one(ClaimList).current.id == target.id


async def test_search_with_fts_syntax_is_literal(frozen_store: Store, tmp_path: Path) -> None:
    add_article(frozen_store)
    app = make_app(frozen_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'NEAR(" * :', "enter")
        await settle(pilot)
        assert app.screen.query_one(ClaimList).rows == []


async def test_export_csv_and_refuse_overwrite(frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")
        await settle(pilot)
        out = tmp_path / f"article-{article_id}-verdicts.csv"
        lines = out.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 5 and DEFAULT_SCALE[0] in lines[1]
        assert any(str(out) in n.message for n in app._notifications)
        await pilot.press("e", "enter")  # the same name again: refused
        assert isinstance(app.screen, TextPrompt)
        assert "exists" in plain(app.screen.query_one(".error", Static))
        assert out.read_text(encoding="utf-8").splitlines() == lines


async def test_export_leaves_the_shared_connection_free(
        frozen_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The export reads on its own connection: heartbeats, polls and writes of the
    app's shared connection go on while it runs. Output as from the store itself,
    blind review included (the export reads as the app's reviewer)."""
    article_id = add_article(frozen_store)
    claims = list(frozen_store.claims(article_id))
    frozen_store.set_review_settings(two_person=True, blind=True)
    frozen_store.add_verdict(claims[0].id, DEFAULT_SCALE[0])  # mine: shown to me
    support.colleague_verdict(frozen_store.path, "erin", claims[1].id, DEFAULT_SCALE[2])
    expected = io.StringIO(newline="")
    csv_export.export_csv(frozen_store, expected, article_id=article_id)
    assert "(blind)" in expected.getvalue() and DEFAULT_SCALE[0] in expected.getvalue()
    free: list[bool] = []

    def shared_connection_free() -> bool:
        probe = threading.Thread(target=frozen_store.data_version, daemon=True)
        probe.start()
        probe.join(2.0)
        return not probe.is_alive()

    def spying_write_csv(rows, out, **kwargs):  # noqa: ANN001, ANN003, ANN202
        def checked():  # noqa: ANN202
            for row in rows:
                free.append(shared_connection_free())  # mid-export, rows being read
                yield row
        return real_write_csv(checked(), out, **kwargs)

    real_write_csv = csv_export.write_csv
    monkeypatch.setattr(csv_export, "write_csv", spying_write_csv)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", "enter")
        await settle(pilot)
    out = tmp_path / f"article-{article_id}-verdicts.csv"
    assert free and all(free)
    assert out.read_bytes() == expected.getvalue().encode("utf-8")


async def test_export_never_replaces_a_file_that_appears_meanwhile(
        frozen_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article_id = add_article(frozen_store)
    out = tmp_path / f"article-{article_id}-verdicts.csv"

    def racing_write_csv(rows, handle, **kwargs):  # noqa: ANN001, ANN003, ANN202
        out.write_text("someone else's file", encoding="utf-8")  # after the prompt's check
        return real_write_csv(rows, handle, **kwargs)

    real_write_csv = csv_export.write_csv
    monkeypatch.setattr(csv_export, "write_csv", racing_write_csv)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", "enter")
        await settle(pilot)
        assert out.read_text(encoding="utf-8") == "someone else's file"
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
        [note] = [n for n in app._notifications if "export failed" in n.message]
        assert "not overwritten" in note.message and note.severity == "error"


async def test_empty_database_offers_the_seed(frozen_store: Store, tmp_path: Path) -> None:
    app = make_app(frozen_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ArticlesScreen)
        assert "sample article" in plain(app.screen.query_one("#articles-empty", Static))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        [article] = list(frozen_store.articles())
        assert article.published == "2025-11-08" and article.claim_count > 0
        assert len(app.screen.query_one(ClaimList).rows) == article.claim_count
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")  # again: a duplicate, opened rather than imported twice
        await settle(pilot)
        assert len(list(frozen_store.articles())) == 1


async def test_import_of_a_missing_file_writes_nothing(frozen_store: Store, tmp_path: Path
                                                       ) -> None:
    app = make_app(frozen_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i", *"/nonexistent/article.txt", "enter", "enter")
        await settle(pilot)
        assert list(frozen_store.articles()) == []
        assert any("no such file" in n.message for n in app._notifications)


async def test_articles_screen_lists_progress_and_opens(frozen_store: Store, tmp_path: Path
                                                        ) -> None:
    article_id = add_article(frozen_store)
    claim = next(frozen_store.claims(article_id))
    frozen_store.add_verdict(claim.id, "False")
    app = make_app(frozen_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles-table")
        row = [str(c) for c in table.get_row_at(0)]
        assert row[1] == "1/4" and row[2] == "False 1" and row[3] == "Rally turnout"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_help_lists_the_active_keymap(frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_palette_offers_every_action_of_the_screen(frozen_store: Store, tmp_path: Path
                                                         ) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        helps = [c.help for c in app.get_system_commands(app.screen)]
        for action_id in ("undo", "add-source", "verdict-6", "export-csv", "quit", "search"):
            assert any(h.startswith(action_id + " ") for h in helps), action_id
        assert not any(h.startswith("verdict-7 ") for h in helps)  # beyond the scale
        assert not any(h.startswith("import-seed ") for h in helps)  # other screen


async def test_header_and_matches_panel(frozen_store: Store, tmp_path: Path) -> None:
    checked = add_article(frozen_store)
    first = next(frozen_store.claims(checked))
    frozen_store.add_verdict(first.id, DEFAULT_SCALE[4])
    again = add_article(frozen_store, ["Officials said 1,200 people attended the rally.",
                                       "Nothing else happened."], title="Again")
    app = make_app(frozen_store, tmp_path, article_id=again)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert IDENTITY in plain(app.screen.query_one("#review-top", Static))
        panel = app.screen.query_one(MatchesPanel)
        await settle(pilot)
        shown = plain(panel)
        assert MatchesPanel.PLACEHOLDER not in shown
        assert "attended the rally on Friday" in shown and DEFAULT_SCALE[4] in shown
        panel.show_matches(["an earlier [bold]claim[/]"])
        assert "[bold]claim[/]" in plain(panel)
        panel.show_unavailable("[red]boom[/]")
        assert "[red]boom[/]" in plain(panel)
