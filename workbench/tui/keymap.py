"""Loading, layering and validating ``keybindings.toml``.

The shipped default file binds every action of :mod:`workbench.tui.actions`; a
user's file (in the config dir, or ``--keys PATH`` instead of it) overrides any
subset. Textual's own keymap silently ignores unknown ids, accepts any key string
and resolves clashes by precedence, so a typo would just make a key dead. Here all
problems are collected and reported together, each with its file and line, and the
app refuses to start until they are fixed.

Pure: reads the files it is given, never touches the terminal or the database.
"""

from __future__ import annotations

import difflib
import re
import string
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from textual.binding import Binding as TextualBinding
from textual.keys import Keys, _character_to_key

from workbench.errors import WorkbenchError
from workbench.paths import config_dir, resource_path
from workbench.tui.actions import ACTIONS, ACTIONS_BY_ID, Action

MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
RESERVED_BY_MULTIPLEXERS = {"ctrl+a": "GNU screen", "ctrl+b": "tmux"}
"""Prefix keys that never reach an app running inside screen or tmux."""

_UNSENDABLE = {"ctrl+enter", "shift+enter", "ctrl+shift+enter", "ctrl+tab", "ctrl+shift+tab",
               "ctrl+return", "shift+return"}
_SPECIAL_KEYS = {k.value for k in Keys if "+" not in k.value and not k.value.startswith("<")}
_CHARACTER_KEYS = {_character_to_key(ch) for ch in string.printable if ch.isprintable()}
_KNOWN_NAMES = sorted(_SPECIAL_KEYS | {k for k in _CHARACTER_KEYS if len(k) > 1})
_BINDING_LINE = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


@dataclass(frozen=True)
class Origin:
    """Where a binding was set: a file and a 1-based line (0 when unknown)."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


@dataclass(frozen=True)
class Binding:
    """The keys in force for one action, and the file line that set them."""

    action: Action
    keys: tuple[str, ...]
    origin: Origin


class KeymapError(WorkbenchError):
    """Every problem of the keymap files, one per line, each naming file and line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(
            f"keybindings have {count}; fix them to start workbench:\n  "
            + "\n  ".join(problems)
        )


@dataclass(frozen=True)
class Keymap:
    """The effective keymap: every action id with its keys and origin."""

    bindings: dict[str, Binding]

    def keys(self, action_id: str) -> tuple[str, ...]:
        return self.bindings[action_id].keys

    def key_string(self, action_id: str) -> str:
        """Textual's comma-separated form, as ``Binding.key`` expects."""
        return ",".join(self.keys(action_id))

    def textual_keymap(self) -> dict[str, str]:
        """For :meth:`textual.app.App.set_keymap`; unbound actions get :data:`UNBOUND`."""
        return {i: self.key_string(i) or UNBOUND for i in self.bindings}


def normalise_key(key: str) -> str:
    """Textual's long name of a key: ``"?"`` → ``"question_mark"``, modifiers kept."""
    key = key.strip()
    if len(key) == 1:
        return _character_to_key(key)
    *mods, base = key.split("+")
    if len(base) == 1:
        base = _character_to_key(base)
    return "+".join([*mods, base])


def key_problem(key: str) -> str | None:
    """Why ``key`` (already normalised) cannot be bound, or None when it is fine."""
    if not key:
        return "empty key name"
    if key.endswith("+") or "++" in key:
        return f"malformed key {key!r}: a modifier without a key"
    *mods, base = key.split("+")
    for mod in mods:
        if mod not in MODIFIERS:
            hint = difflib.get_close_matches(mod, MODIFIERS, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            return f"malformed key {key!r}: unknown modifier {mod!r}{suggestion}"
    if len(set(mods)) != len(mods):
        return f"malformed key {key!r}: a modifier is repeated"
    if not _is_key_name(base):
        hint = difflib.get_close_matches(base, _KNOWN_NAMES, n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        return f"malformed key {key!r}: unknown key name {base!r}{suggestion}"
    if key in _UNSENDABLE or (mods and base.isdigit() and "ctrl" in mods):
        return f"key {key!r} cannot be sent by most terminals (or through tmux)"
    return None


def _is_key_name(name: str) -> bool:
    if name in _SPECIAL_KEYS or name in _CHARACTER_KEYS:
        return True
    if len(name) == 1:
        return name.isprintable()
    try:
        unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return False
    return True


def default_keymap_path() -> Path:
    """The shipped default ``keybindings.toml``."""
    return resource_path("keybindings.toml")


def user_keymap_path() -> Path:
    """Where a user's own ``keybindings.toml`` is looked for."""
    return config_dir() / "keybindings.toml"


def load_keymap(
    keys_path: Path | None = None, default_path: Path | None = None, *, user: bool = True
) -> Keymap:
    """The effective keymap: defaults, then the user's file (``keys_path`` if given).

    ``user=False`` gives the shipped defaults alone.

    Raises :class:`KeymapError` listing every problem found in either file.
    """
    default_path = default_path or default_keymap_path()
    problems: list[str] = []
    layers = [(default_path, True)]
    if keys_path is not None:
        if not keys_path.is_file():
            raise KeymapError([f"{keys_path}: no such keybindings file"])
        layers.append((keys_path, False))
    elif user and user_keymap_path().is_file():
        layers.append((user_keymap_path(), False))

    bindings: dict[str, Binding] = {}
    for path, is_default in layers:
        for binding in _read_layer(path, is_default, problems):
            bindings[binding.action.id] = binding
    for action in ACTIONS:
        if action.id not in bindings:
            problems.append(f"{default_path}: action {action.id!r} has no default binding")
    problems.extend(_clashes(bindings.values()))
    if problems:
        raise KeymapError(problems)
    return Keymap(bindings)


def _read_layer(path: Path, is_default: bool, problems: list[str]) -> list[Binding]:
    """The bindings one file sets; its problems are appended to ``problems``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        problems.append(f"{path}: cannot read: {err}")
        return []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"line (\d+)", str(err))
        where = f"{path}:{line.group(1)}" if line else str(path)
        problems.append(f"{where}: invalid TOML: {err}")
        return []
    lines = _binding_lines(text)
    for extra in sorted(set(data) - {"bindings"}):
        problems.append(f"{path}: unknown table or key {extra!r} (bindings go under [bindings])")
    table = data.get("bindings", {})
    if not isinstance(table, dict):
        problems.append(f"{path}: 'bindings' must be a table ([bindings])")
        return []
    found: list[Binding] = []
    for action_id, value in table.items():
        origin = Origin(path, lines.get(action_id, 0))
        action = ACTIONS_BY_ID.get(action_id)
        if action is None:
            hint = difflib.get_close_matches(action_id, list(ACTIONS_BY_ID), n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            problems.append(f"{origin}: unknown action id {action_id!r}{suggestion}")
            continue
        keys = _parse_keys(value, origin, problems, is_default)
        if keys is not None:
            found.append(Binding(action, keys, origin))
    return found


def _parse_keys(
    value: object, origin: Origin, problems: list[str], is_default: bool
) -> tuple[str, ...] | None:
    if isinstance(value, str):
        raw = [k for k in (part.strip() for part in value.split(",")) if k] if value else []
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        raw = [v.strip() for v in value]
    else:
        problems.append(f"{origin}: keys must be a string like \"ctrl+s,f2\" or a list of them")
        return None
    keys: list[str] = []
    ok = True
    for key in raw:
        norm = normalise_key(key)
        problem = key_problem(norm)
        if problem is None and is_default and norm in RESERVED_BY_MULTIPLEXERS:
            problem = f"{norm!r} is taken by {RESERVED_BY_MULTIPLEXERS[norm]}"
        if problem:
            problems.append(f"{origin}: {problem}")
            ok = False
        elif norm not in keys:
            keys.append(norm)
    return tuple(keys) if ok else None


def _binding_lines(text: str) -> dict[str, int]:
    """The line of each ``id = …`` inside ``[bindings]`` (tomllib keeps no positions)."""
    lines: dict[str, int] = {}
    in_bindings = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_bindings = stripped.split("#")[0].strip() == "[bindings]"
            continue
        match = _BINDING_LINE.match(line)
        if in_bindings and match:
            lines.setdefault(next(g for g in match.groups() if g), number)
    return lines


def _clashes(bindings: Iterable[Binding]) -> list[str]:
    """Two actions on one key in one screen (``app`` actions count in every screen)."""
    bindings = list(bindings)
    problems: list[str] = []
    reported: set[tuple[str, str, str]] = set()
    screens = [s for s in dict.fromkeys(s for b in bindings for s in b.action.scopes)
               if s != "app"]
    for screen in screens:
        owners: dict[str, list[Binding]] = {}
        for b in bindings:
            if screen in b.action.scopes or "app" in b.action.scopes:
                for key in b.keys:
                    owners.setdefault(key, []).append(b)
        for key, clash in owners.items():
            for first, second in zip(clash, clash[1:], strict=False):
                pair = tuple(sorted((first.action.id, second.action.id)))
                if (key, *pair) in reported:
                    continue
                reported.add((key, *pair))
                later, earlier = sorted((first, second), key=_origin_rank, reverse=True)
                problems.append(
                    f"{later.origin}: key {key!r} is bound to both {later.action.id!r} and "
                    f"{earlier.action.id!r} ({earlier.origin}) on the {screen} screen"
                )
    return problems


def _origin_rank(binding: Binding) -> tuple[int, int]:
    """Order bindings so a user's line is blamed before the default it collides with."""
    is_user = binding.origin.path != default_keymap_path()
    return (int(is_user), binding.origin.line)


@cache
def _default_keymap() -> Keymap:
    return load_keymap(user=False)


def textual_bindings(scope: str) -> list[TextualBinding]:
    """``BINDINGS`` for a screen, with ids, keyed by the shipped defaults.

    The app then applies the effective keymap by id (``App.set_keymap``), so a
    user's override reaches every screen that binds the action.
    """
    defaults = _default_keymap()
    return [
        TextualBinding(
            defaults.key_string(a.id) or UNBOUND, a.action, a.short,
            show=a.show, priority=a.priority, id=a.id,
        )
        for a in ACTIONS if scope in a.scopes
    ]


UNBOUND = "workbench-unbound"
"""A key name no terminal sends: an action the user unbound is mapped to it."""
