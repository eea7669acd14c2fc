"""The keymap: shipped defaults, user overrides and every validation error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli.main import cli
from workbench.tui.actions import ACTIONS
from workbench.tui.keymap import (
    RESERVED_BY_MULTIPLEXERS,
    KeymapError,
    default_keymap_path,
    key_problem,
    load_keymap,
    normalise_key,
    user_keymap_path,
)
from workbench.tui.keytable import markdown_table


def write(tmp_path: Path, text: str, name: str = "keys.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(KeymapError) as info:
        load_keymap(path)
    return info.value.problems


def test_default_file_binds_every_action_with_a_comment() -> None:
    text = default_keymap_path().read_text(encoding="utf-8")
    keymap = load_keymap(user=False)
    for action in ACTIONS:
        binding = keymap.bindings[action.id]
        assert binding.keys, action.id
        line = text.splitlines()[binding.origin.line - 1]
        assert re.match(rf"{re.escape(action.id)}\s*=.*#\s*\S", line), line


def test_defaults_avoid_multiplexer_prefixes_and_unsendable_keys() -> None:
    keymap = load_keymap(user=False)
    keys = {k for b in keymap.bindings.values() for k in b.keys}
    assert not keys & set(RESERVED_BY_MULTIPLEXERS)
    assert all(key_problem(k) is None for k in keys)
    assert "ctrl+enter" not in keys


def test_user_file_overrides_a_subset(tmp_path: Path) -> None:
    path = write(tmp_path, '[bindings]\nundo = "ctrl+z"\nverdict-1 = ["t", "!"]\n')
    keymap = load_keymap(path)
    assert keymap.keys("undo") == ("ctrl+z",)
    assert keymap.keys("verdict-1") == ("t", "exclamation_mark")
    assert keymap.bindings["undo"].origin.path == path
    assert keymap.bindings["undo"].origin.line == 2
    assert keymap.keys("verdict-2") == ("2",)  # untouched: the default
    assert keymap.bindings["verdict-2"].origin.path == default_keymap_path()


def test_user_file_in_config_dir_is_read(tmp_path: Path) -> None:
    user = user_keymap_path()
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text('[bindings]\njump = "colon"\n', encoding="utf-8")
    assert load_keymap().keys("jump") == ("colon",)
    assert load_keymap(user=False).keys("jump") == ("g",)


def test_empty_string_unbinds(tmp_path: Path) -> None:
    keymap = load_keymap(write(tmp_path, '[bindings]\ncopy-url = ""\n'))
    assert keymap.keys("copy-url") == ()


def test_unknown_id_suggests_the_nearest(tmp_path: Path) -> None:
    path = write(tmp_path, '[bindings]\n\nundoo = "ctrl+z"\n')
    [problem] = problems(path)
    assert problem.startswith(f"{path}:3: unknown action id 'undoo'")
    assert "did you mean 'undo'?" in problem


def test_malformed_keys_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, '[bindings]\nundo = "ctlr+z"\njump = "entr"\nnote = "ctrl+"\n')
    found = problems(path)
    assert len(found) == 3
    assert f"{path}:2: malformed key 'ctlr+z': unknown modifier 'ctlr'" in found[0]
    assert "did you mean 'ctrl'" in found[0]
    assert f"{path}:3:" in found[1] and "unknown key name 'entr'" in found[1]
    assert "did you mean 'enter'" in found[1]
    assert f"{path}:4:" in found[2]


def test_keys_terminals_cannot_send(tmp_path: Path) -> None:
    [problem] = problems(write(tmp_path, '[bindings]\nundo = "ctrl+enter"\n'))
    assert "cannot be sent" in problem


def test_clash_on_one_screen_names_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, '[bindings]\nundo = "u"\n')
    [problem] = problems(path)
    assert problem.startswith(f"{path}:2: key 'u' is bound to both 'undo' and "
                              "'filter-unreviewed'")
    assert f"({default_keymap_path()}:" in problem and "review screen" in problem


def test_app_key_clashes_with_every_screen(tmp_path: Path) -> None:
    found = problems(write(tmp_path, '[bindings]\nhelp = "i"\n'))
    assert any("'help'" in p and "'import-file'" in p and "articles screen" in p for p in found)


def test_same_key_on_different_screens_is_fine(tmp_path: Path) -> None:
    keymap = load_keymap(write(tmp_path, '[bindings]\nimport-file = "n"\n'))
    assert keymap.keys("import-file") == ("n",) and keymap.keys("note") == ("n",)


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    path = write(tmp_path, '[bindings]\nnope = "x"\nundo = "hyperr+z"\njump = "u"\n'
                           'quit = 3\n[extra]\n')
    found = problems(path)
    assert len(found) == 5
    message = str(KeymapError(found))
    assert message.startswith("keybindings have 5 problems")
    assert message.count("\n") == 5


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[bindings]\nundo = "z\n')
    [problem] = problems(path)
    assert problem.startswith(f"{path}:2: invalid TOML")


def test_missing_keys_file(tmp_path: Path) -> None:
    [problem] = problems(tmp_path / "absent.toml")
    assert "no such keybindings file" in problem


@pytest.mark.parametrize(("given", "expected"), [
    ("?", "question_mark"), ("/", "slash"), ("ctrl+/", "ctrl+slash"), ("A", "A"),
    (" f5 ", "f5"),
])
def test_normalise_key(given: str, expected: str) -> None:
    assert normalise_key(given) == expected


def test_keys_command_prints_origin(tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path, '[bindings]\nundo = "ctrl+z"\n')
    result = CliRunner().invoke(cli, ["--db", str(db_path), "keys", "--keys", str(path)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("undo "))
    assert "ctrl+z" in lines[at] and f"from {path}:2" in lines[at + 1]
    assert f"from {default_keymap_path()}" in result.output


def test_bad_keymap_refuses_to_start_without_traceback(tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path, '[bindings]\nundoo = "z"\nundo = "ctlr+z"\n')
    result = subprocess.run(
        [str(Path(sys.executable).parent / "workbench"), "--db", str(db_path), "--keys",
         str(path)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: keybindings have 2 problems")
    assert f"{path}:2:" in result.stderr and f"{path}:3:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not db_path.exists()  # refused before the database was opened


def test_readme_table_is_generated_from_the_registry() -> None:
    table = markdown_table(load_keymap(user=False))
    for action in ACTIONS:
        assert f"`{action.id}`" in table
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    if "## The review TUI" in readme:
        assert table in readme
