"""The key table of the effective keymap, for the help screen, ``workbench keys`` and README.

``python -m workbench.tui.keytable`` prints the default keymap as a Markdown table
(pasted into README.md), so the documentation is generated from the same action
registry and ``keybindings.toml`` the app uses.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.keys import format_key

from workbench.tui.actions import ACTIONS, SCOPES, Action
from workbench.tui.keymap import Keymap, load_keymap

SCOPE_TITLES = {"app": "everywhere", "articles": "articles", "review": "review",
                "search": "search"}


def display_keys(keys: Sequence[str]) -> str:
    """Keys as a reviewer reads them: ``question_mark`` → ``?``; unbound → ``(none)``."""
    return ", ".join(format_key(k) for k in keys) if keys else "(none)"


def describe(action: Action, scale: Sequence[str] | None = None) -> str:
    """The action's description, with the verdict label when a scale is known."""
    if scale is not None and action.id.startswith("verdict-"):
        n = int(action.id.split("-")[1])
        if n > len(scale):
            return f"(unused: the scale has {len(scale)} verdicts)"
        return f"Set verdict “{scale[n - 1]}” and move to the next unreviewed claim"
    return action.description


def rows(keymap: Keymap, scale: Sequence[str] | None = None) -> list[tuple[str, str, str, str]]:
    """``(screens, keys, id, description)`` for every action, by screen order."""
    order = {s: i for i, s in enumerate(SCOPES)}
    ordered = sorted(ACTIONS, key=lambda a: order[a.scopes[0]])
    return [
        (", ".join(SCOPE_TITLES[s] for s in a.scopes), display_keys(keymap.keys(a.id)), a.id,
         describe(a, scale))
        for a in ordered
    ]


def markdown_table(keymap: Keymap, scale: Sequence[str] | None = None) -> str:
    """The README's key table."""
    lines = ["| Screen | Keys | Action id | What it does |", "|---|---|---|---|"]
    for screens, keys, action_id, text in rows(keymap, scale):
        cell = keys.replace("|", "\\|")
        lines.append(f"| {screens} | `{cell}` | `{action_id}` | {text} |")
    return "\n".join(lines)


def main() -> None:
    print(markdown_table(load_keymap(user=False)))


if __name__ == "__main__":
    main()
