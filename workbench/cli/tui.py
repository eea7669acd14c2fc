"""``workbench review [ARTICLE_ID]``, ``workbench keys`` and the bare ``workbench`` launch."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.main import ROW_ID, AppContext, pass_app
from workbench.tui.keymap import Keymap, load_keymap
from workbench.tui.keytable import rows


def _keymap(ctx: click.Context, keys_path: Path | None) -> Keymap:
    """The effective keymap; ``--keys`` on the command wins over the global one."""
    root = ctx.find_root()
    path = keys_path or root.meta.get("workbench.keys_path")
    return load_keymap(path)


def launch(app: AppContext, keymap: Keymap, article_id: int | None = None) -> None:
    """Validate everything, then run the TUI (errors are one line before it starts)."""
    from workbench.tui.app import WorkbenchApp

    store = app.store
    config = app.config
    if article_id is not None:
        store.article(article_id)  # a clear error for an unknown id, before the screen
    WorkbenchApp(store, config, keymap, article_id=article_id).run()


@click.command("review")
@click.argument("article_id", type=ROW_ID, required=False)
@click.option("--keys", "keys_path", type=click.Path(path_type=Path, dir_okay=False),
              help="A keybindings.toml to use instead of the one in the config dir.")
@pass_app
@click.pass_context
def review_command(ctx: click.Context, app: AppContext, article_id: int | None,
                   keys_path: Path | None) -> None:
    """Open the review TUI, straight into ARTICLE_ID's claims when given."""
    launch(app, _keymap(ctx, keys_path), article_id)


@click.command("keys")
@click.option("--keys", "keys_path", type=click.Path(path_type=Path, dir_okay=False),
              help="A keybindings.toml to use instead of the one in the config dir.")
@click.pass_context
def keys_command(ctx: click.Context, keys_path: Path | None) -> None:
    """Print the effective keymap: each action's keys and the file line that set them."""
    keymap = _keymap(ctx, keys_path)
    for screens, keys, action_id, text in rows(keymap):
        origin = keymap.bindings[action_id].origin
        click.echo(f"{action_id:<18} {keys:<14} {screens:<16} {text}")
        click.echo(f"{'':<18} from {origin}")


COMMANDS = [review_command, keys_command]
