"""The ``workbench`` group: global options, error handling, command registration.

Every :class:`~workbench.errors.WorkbenchError` becomes ``error: …`` on stderr and
exit status 1, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from workbench.config import Config, load_config
from workbench.errors import WorkbenchError
from workbench.paths import default_db_path
from workbench.store import Store, open_store


class AppContext:
    """What every command shares: the database path, opened on first use, and config."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._store: Store | None = None
        self._config: Config | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.db_path)
        return self._store

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config()
        return self._config

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


# Which module defines each command. Modules are imported only when their command
# runs, so `workbench verdict` never loads the TUI, httpx or trafilatura (a test
# checks this table against each module's COMMANDS).
COMMAND_MODULES: dict[str, str] = {
    "import": "articles", "articles": "articles", "claims": "articles",
    "verdict": "verdicts", "undo": "verdicts", "history": "verdicts",
    "source": "sources",
    "export": "export",
    "import-reviews": "interchange",
    "match": "matching", "matches": "matching", "link": "matching", "unlink": "matching",
    "embed": "matching",
    "review": "tui", "keys": "tui",
    "init": "team", "review-mode": "team", "queue": "team", "approve": "team",
    "resolve": "team", "stats": "team", "log": "team", "who": "team",
}


# Ids are SQLite integers: refuse anything outside 64 bits as a usage error instead
# of letting it overflow in the driver.
ROW_ID = click.IntRange(1, 2**63 - 1)
VERDICT_ID = click.IntRange(0, 2**63 - 1)  # --expect: 0 means "I saw no verdict"


class WorkbenchGroup(click.Group):
    """A click group that loads commands on demand and turns user errors into one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMAND_MODULES.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"workbench.cli.{module_name}")
        return next((c for c in module.COMMANDS if c.name == cmd_name), None)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Like click's, but a usage mistake is one line on stderr, not a usage dump."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as err:
            where = err.ctx.command_path if err.ctx else "workbench"
            click.echo(f"error: {err.format_message()} (see `{where} --help`)", err=True)
            sys.exit(err.exit_code)
        except click.ClickException as err:
            err.show()
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkbenchError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)


pass_app = click.make_pass_decorator(AppContext)


@click.group(cls=WorkbenchGroup, invoke_without_command=True)
@click.option(
    "--db", "db_path", type=click.Path(path_type=Path), default=None,
    help="Database file (default: $WORKBENCH_DB, else the user data dir).",
)
@click.option(
    "--keys", "keys_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Keybindings file for the TUI, instead of the one in the config dir.",
)
@click.version_option(package_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, keys_path: Path | None) -> None:
    """A terminal fact-checking workbench.

    Import an article, review its checkable claims, attach sources and verdicts,
    export them as CSV. With no command, opens the review TUI.
    """
    app = AppContext(db_path or default_db_path())
    ctx.obj = app
    ctx.meta["workbench.keys_path"] = keys_path
    ctx.call_on_close(app.close)
    if ctx.invoked_subcommand is None:
        open_tui(app)


def open_tui(app: AppContext) -> None:
    """Start the review TUI on the articles screen."""
    from workbench.cli.tui import launch
    from workbench.tui.keymap import load_keymap

    launch(app, load_keymap(click.get_current_context().meta.get("workbench.keys_path")))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="workbench")
