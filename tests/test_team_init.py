"""``workbench init --shared``: the team directory and files get the group and modes
that let every member write (WAL needs it) and keep everyone else out."""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.store import Store
from workbench.team.sharing import sharing_problems


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_shared_init_sets_group_modes_and_wal(tmp_path: Path) -> None:
    group = grp.getgrgid(os.getgid()).gr_name  # a group this account may use
    db = tmp_path / "team" / "team.db"
    result = run("init", "--shared", str(db), "--group", group)
    assert result.exit_code == 0, result.output
    assert f"team database ready: {db}" in result.output
    directory = db.parent.stat()
    assert stat.S_IMODE(directory.st_mode) == 0o2770
    assert stat.S_IMODE(db.stat().st_mode) == 0o660
    assert db.stat().st_gid == os.getgid()
    store = Store(db)  # files created now inherit the group and mode 660
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    wal = Path(f"{db}-wal")
    assert wal.exists() and stat.S_IMODE(wal.stat().st_mode) & 0o660 == 0o660
    assert sharing_problems(db) == []
    store.close()


def test_a_directory_path_gets_workbench_db_inside(tmp_path: Path) -> None:
    group = grp.getgrgid(os.getgid()).gr_name
    (tmp_path / "team").mkdir()
    result = run("init", "--shared", str(tmp_path / "team"), "--group", group)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "team" / "workbench.db").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--group", "whatever"], "error: --group goes with --shared PATH"),
    (["--shared", "X"], "error: --shared needs --group GROUP"),
    (["--shared", "X", "--group", "no-such-group-wb"], "error: no group named 'no-such-group-wb'"),
])
def test_bad_init_is_one_line_and_creates_nothing(tmp_path: Path, args: list[str],
                                                  message: str) -> None:
    args = [str(tmp_path / "t.db") if a == "X" else a for a in args]
    result = run("init", *args)
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1
    assert not (tmp_path / "t.db").exists()


def test_plain_init_creates_the_personal_database(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "mine.db"), "init")
    assert result.exit_code == 0 and "database ready" in result.output
    assert (tmp_path / "mine.db").exists()
