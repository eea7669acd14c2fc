"""Untrusted text shows literally; keymap overrides reach the running app; CLI entry."""

from __future__ import annotations

from pathlib import Path

import test_tui_support as support
from click.testing import CliRunner
from test_tui_support import add_article, make_app, settle
from textual.content import Content
from textual.widgets import Static
from textual.widgets._toast import Toast

from workbench.cli.main import cli
from workbench.config import DEFAULT_SCALE, Config
from workbench.store import Store
from workbench.tui.render import row_text
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.top_bar import TopBar

frozen_store = support.frozen_store

HOSTILE = [
    "Officials said [bold red]1,200[/] people came.",
    "See [link=https://evil.example]the proof[/link] of 3 deaths.",
    "Turnout \x1b[31mdoubled\x1b[0m to 40 percent\x1b]0;pwned\x07 here.",
    "Bidi \u202eevil\u202c text and a bell\x07 and 5 votes.",
]


async def test_markup_and_escapes_in_data_show_literally(frozen_store: Store, tmp_path: Path
                                                         ) -> None:
    article_id = add_article(frozen_store, HOSTILE, title="[b]Title[/b] \x1b[2J")
    claim = next(frozen_store.claims(article_id))
    frozen_store.add_source(claim.id, "https://a.example/[x]", note="[i]note[/i]",
                            quote="\x1b[1mq")
    frozen_store.add_verdict(claim.id, DEFAULT_SCALE[0], note="[red]why[/red]")
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        screen = app.screen
        await pilot.press("home")  # the cursor opened on the first unreviewed claim
        await settle(pilot)
        top = str(screen.query_one(TopBar).render())
        assert "[b]Title[/b]" in top and "\x1b" not in top
        context = str(screen.query_one("#detail-context", Static).render())
        assert "[bold red]1,200[/]" in context
        assert "[link=https://evil.example]the proof[/link]" in context
        assert "\x1b" not in context and "\x07" not in context and "\u202e" not in context
        assert "pwned" not in context  # the OSC title payload is removed whole
        sources = str(screen.query_one("#detail-sources", Static).render())
        assert "https://a.example/[x]" in sources and "[i]note[/i]" in sources
        history = str(screen.query_one("#detail-history", Static).render())
        assert "[red]why[/red]" in history
        rows = [row_text(r).plain for r in screen.query_one(ClaimList).rows]
        assert "[bold red]1,200[/]" in rows[0]
        assert all("\x1b" not in r and "\x07" not in r for r in rows)
        # The rendered screen (what the terminal receives) carries no raw ESC from data.
        svg = app.export_screenshot()
        assert "red]1,200[/]" in svg.replace("&#160;", " ")  # may wrap after "[bold"
        assert "pwned" not in svg
        await pilot.press("down", "down")  # moving over hostile rows does not crash
        await settle(pilot)


async def test_no_notification_parses_markup(frozen_store: Store, tmp_path: Path) -> None:
    app = make_app(frozen_store, tmp_path, article_id=add_article(frozen_store))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify("app: [/bold] oops")
        app.screen.notify("screen: [@click=app.quit]x[/]")  # Widget.notify: markup=True
        await pilot.pause()
        assert [n.markup for n in app._notifications] == [False, False]
        await settle(pilot)
        shown = [str(t.render()) for t in app.screen.query(Toast)]
        assert any("app: [/bold] oops" in t for t in shown)
        assert any("screen: [@click=app.quit]x[/]" in t for t in shown)
        assert app.is_running


async def test_palette_commands_show_config_labels_literally(frozen_store: Store,
                                                             tmp_path: Path) -> None:
    scale = ("[/bold] false", "[@click=app.quit]true[/]")
    app = make_app(frozen_store, tmp_path, article_id=add_article(frozen_store),
                   config=Config(scale=scale))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = [(Content.from_markup(c.title).plain, Content.from_markup(c.help).plain)
                 for c in app.get_system_commands(app.screen)]
        assert any(scale[0] in title for title, _ in shown)
        assert any(scale[1] in title for title, _ in shown)


async def test_keymap_override_reaches_the_app(frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    keys = tmp_path / "keys.toml"
    keys.write_text('[bindings]\nverdict-1 = "t"\nverdict-2 = ""\n', encoding="utf-8")
    app = make_app(frozen_store, tmp_path, article_id=article_id, keys_path=keys)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1", "2")  # the old keys do nothing now
        await settle(pilot)
        assert [c.verdict for c in frozen_store.claims(article_id)] == [None] * 4
        await pilot.press("t")
        await settle(pilot)
        assert next(frozen_store.claims(article_id)).verdict == DEFAULT_SCALE[0]


def test_review_unknown_article_is_one_line_error(db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(db_path), "review", "99"])
    assert result.exit_code == 1
    assert result.output.strip() == "error: no article with id 99"


def test_review_with_bad_keys_file_is_refused(db_path: Path, tmp_path: Path) -> None:
    keys = tmp_path / "k.toml"
    keys.write_text('[bindings]\nquit = "ctrl+qq"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "review", "--keys", str(keys)])
    assert result.exit_code == 1
    assert "malformed key 'ctrl+qq'" in result.output and f"{keys}:2" in result.output
