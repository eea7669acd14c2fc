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
from workbench.atomic_file import atomic_text_file
from workbench.config import DEFAULT_SCALE, Config
from workbench.store import Store
from workbench.tui.screens.articles import ArticlesScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.prompts import ExportForm, SourceForm, TextPrompt
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.search import SearchScreen
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.detail import MatchesPanel
from workbench.urls import url_problem

SIZE = (80, 24)
frozen_store = support.frozen_store

EXPORT_DEFAULTS = ("e", "enter")
"""Open the export form and press Enter: the defaults (this article or all, all claims,
the default file), exported at once."""


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


async def test_a_search_that_reports_after_escape_ends_quietly(frozen_store: Store,
                                                                 tmp_path: Path) -> None:
    """Escape closes the search while its query is still in the database: the
    result reaches a screen that is gone and is dropped, with no error."""
    add_article(frozen_store)
    app = make_app(frozen_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        real = frozen_store.count_search
        held, release = threading.Event(), threading.Event()

        def slow(text: str) -> int:
            held.set()
            release.wait(10)
            return real(text)

        frozen_store.count_search = slow  # type: ignore[method-assign]
        await pilot.press("slash", *"turnout", "enter")
        assert await support.wait_until(pilot, held.is_set)
        await pilot.press("escape")
        assert isinstance(app.screen, ArticlesScreen)
        release.set()
        await settle(pilot)
        del frozen_store.count_search
        assert app.is_running and app._exception is None
    assert app._exception is None


async def test_matches_that_arrive_after_escape_end_quietly(
        frozen_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The matches lookup of the claim on screen is still running when escape closes
    the review: its result reaches a screen that is gone and is dropped."""
    from workbench.matching import service

    article_id = add_article(frozen_store)
    held, release = threading.Event(), threading.Event()
    real = service.matches_for_claim

    def slow(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        held.set()
        release.wait(10)
        return result

    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(service, "matches_for_claim", slow)
        await pilot.press("down")
        assert await support.wait_until(pilot, held.is_set)
        await pilot.press("escape")
        assert isinstance(app.screen, ArticlesScreen)
        release.set()
        await settle(pilot)
        assert app.is_running and app._exception is None
    assert app._exception is None


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
        assert isinstance(app.screen, ExportForm)
        await pilot.press(*EXPORT_DEFAULTS[1:])
        await settle(pilot)
        out = tmp_path / f"article-{article_id}-verdicts.csv"
        lines = out.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 5 and DEFAULT_SCALE[0] in lines[1]
        assert any(f"exported 4 claims to {out}" == n.message for n in app._notifications)
        await pilot.press("e", "enter")  # the same name again: refused at once
        assert isinstance(app.screen, ExportForm)
        assert "exists" in plain(app.screen.query_one(".error", Static))
        assert app.screen.focused is app.screen.query_one("#export-path", Input)
        await pilot.press("tab", "enter")  # and again with Enter from another field
        assert isinstance(app.screen, ExportForm)
        assert app.screen.focused is app.screen.query_one("#export-path", Input)
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
        await pilot.press(*EXPORT_DEFAULTS)
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
        await pilot.press(*EXPORT_DEFAULTS)
        await settle(pilot)
        assert out.read_text(encoding="utf-8") == "someone else's file"
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
        [note] = [n for n in app._notifications if "export failed" in n.message]
        assert "not overwritten" in note.message and note.severity == "error"


def expected_export(store: Store, path: Path, **selection: object) -> bytes:
    """What ``export_csv`` itself writes to a file for ``selection``."""
    with atomic_text_file(path, overwrite=False) as handle:
        csv_export.export_csv(store, handle, **selection)
    return path.read_bytes()


def csv_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.suffix in (".csv", ".tmp"))


async def test_export_form_published_with_excel_is_what_export_csv_writes(
        frozen_store: Store, tmp_path: Path) -> None:
    """Two-person review: 2 claims approved (published), 1 pending, 1 unreviewed; a
    published claim of another article stays out of this article's export."""
    article_id = add_article(frozen_store)
    other = add_article(frozen_store, ["A second article said 3 ships sank."], title="Ships")
    frozen_store.set_review_settings(two_person=True)
    claims = [*frozen_store.claims(article_id), *frozen_store.claims(other)]
    for claim, label in zip(claims, [DEFAULT_SCALE[0], DEFAULT_SCALE[4], DEFAULT_SCALE[2],
                                     None, DEFAULT_SCALE[4]], strict=True):
        if label:
            frozen_store.add_verdict(claim.id, label)
    erin = Store(frozen_store.path, _reviewer="erin")
    try:
        for claim in (claims[0], claims[1], claims[4]):
            erin.approve_verdict(claim.id)
    finally:
        erin.close()
    expected = expected_export(frozen_store, tmp_path / "expected.bin", article_id=article_id,
                               status="published", bom=True)
    assert expected.startswith(b"\xef\xbb\xbf") and expected.count(b"\r\n") == 3
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # file → claims; right ×3 chooses "published"; since, verdict empty; tick Excel
        await pilot.press("e", "tab", "right", "right", "right", "tab", "tab", "tab",
                          "space", "enter")
        await settle(pilot)
        out = tmp_path / f"article-{article_id}-verdicts.csv"
        assert out.read_bytes() == expected
        assert any(n.message == f"exported 2 published claims to {out} (Excel, UTF-8 BOM)"
                   for n in app._notifications)


async def test_export_form_since_and_verdict_label(frozen_store: Store, tmp_path: Path
                                                   ) -> None:
    """The verdict is typed in any case and canonicalised; a since after every verdict
    selects nothing and still writes the header (and says 0 claims)."""
    article_id = add_article(frozen_store)
    claims = list(frozen_store.claims(article_id))
    for claim, label in zip(claims, [DEFAULT_SCALE[4], DEFAULT_SCALE[0], DEFAULT_SCALE[4]],
                            strict=False):
        frozen_store.add_verdict(claim.id, label)  # all at FROZEN_NOW, 2025-11-08T09:30Z
    expected = expected_export(frozen_store, tmp_path / "expected.bin", article_id=article_id,
                               since="2025-11-08T00:00:00Z", verdict=DEFAULT_SCALE[4])
    assert expected.count(b"\r\n") == 3
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", "tab", "tab", *"2025-11-08", "tab",
                          *DEFAULT_SCALE[4].upper(), "enter")
        await settle(pilot)
        out = tmp_path / f"article-{article_id}-verdicts.csv"
        assert out.read_bytes() == expected
        assert any(n.message == f"exported 2 claims with verdict {DEFAULT_SCALE[4]}"
                                f" since 2025-11-08T00:00:00Z to {out}"
                   for n in app._notifications)

        await pilot.press("e")
        path = app.screen.query_one("#export-path", Input)
        path.value = str(tmp_path / "later.csv")
        await pilot.press("tab", "tab", *"2025-11-08T10:00", "enter")
        await settle(pilot)
        assert (tmp_path / "later.csv").read_bytes() == expected.split(b"\r\n")[0] + b"\r\n"
        assert any(n.message == "exported 0 claims with a verdict since 2025-11-08T10:00:00Z"
                                f" to {tmp_path / 'later.csv'}" for n in app._notifications)


@pytest.mark.parametrize(("field", "typed", "problem"), [
    ("since", "last tuesday",
     "since: 'last tuesday' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
    ("since", "2025-13-01", "since: '2025-13-01' is not a date"),
    ("verdict", "Fals", "unknown verdict 'Fals'; choose one of: True, Mostly true"),
])
async def test_export_form_refuses_a_bad_since_or_verdict(
        frozen_store: Store, tmp_path: Path, field: str, typed: str, problem: str) -> None:
    """Inline (a since error on one line), from Enter in the field and from another field;
    nothing is written."""
    article_id = add_article(frozen_store)
    frozen_store.add_verdict(next(frozen_store.claims(article_id)).id, DEFAULT_SCALE[4])
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", "tab", "tab")
        if field == "verdict":
            await pilot.press("tab")
        form = app.screen
        assert isinstance(form, ExportForm)
        field_input = form.query_one(f"#export-{field}", Input)
        assert form.focused is field_input
        await pilot.press(*typed, "enter")  # (a verdict's suggestion is not taken)
        error = form.query_one(".error", Static)
        assert problem in plain(error) and "Traceback" not in plain(error)
        assert form.focused is field_input and app.screen is form
        await pilot.press("shift+tab", "enter")  # from another field: back to this one
        await settle(pilot)
        assert app.screen is form and form.focused is field_input
        assert problem in plain(error)
        assert error.region.height == (1 if field == "since" else 2)  # the scale's labels
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert csv_files(tmp_path) == []


async def test_export_form_escape_writes_nothing(frozen_store: Store, tmp_path: Path) -> None:
    add_article(frozen_store)
    app = make_app(frozen_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ArticlesScreen)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ExportForm)
        assert form.query_one("#export-path", Input).value == str(tmp_path / "all-verdicts.csv")
        await pilot.press("tab", "right", "tab", *"2025-01-01", "tab", "tab", "space")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ArticlesScreen)
        assert csv_files(tmp_path) == []


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
