"""The one registry of user-facing TUI actions.

Every action has a stable ``id`` (what ``keybindings.toml`` names), the screens it
is bound on, the Textual action it runs and a one-line description. Screens build
their ``BINDINGS`` from here, the help screen and the command palette list from
here, and ``python -m workbench.tui.keytable`` prints the README table from here,
so the four can never disagree. Default keys live in the shipped
``keybindings.toml``, not in code: the file is the documented default keymap.
"""

from __future__ import annotations

from dataclasses import dataclass

SCOPES = ("app", "articles", "review", "search")
"""Where a binding lives. ``app`` bindings are active on every screen."""

MAX_VERDICT_KEYS = 9
"""Verdict actions ``verdict-1`` … ``verdict-9``; a scale uses the first N of them."""


@dataclass(frozen=True)
class Action:
    """One user-facing action."""

    id: str
    scopes: tuple[str, ...]
    action: str
    description: str
    priority: bool = False
    show: bool = True

    @property
    def short(self) -> str:
        """A footer-sized label."""
        return SHORT_LABELS.get(self.id, self.description.split(" (")[0])


def _verdict_actions() -> list[Action]:
    return [
        Action(
            f"verdict-{n}", ("review",), f"verdict({n})",
            f"Set verdict number {n} of the scale and move to the next unreviewed claim",
            show=n == 1,
        )
        for n in range(1, MAX_VERDICT_KEYS + 1)
    ]


ACTIONS: tuple[Action, ...] = (
    Action("quit", ("app",), "quit", "Quit workbench", priority=True),
    Action("help", ("app",), "help", "Show every key binding of the active keymap"),
    Action("command-palette", ("app",), "command_palette",
           "Open the command palette (every action by name)", priority=True, show=False),
    Action("back", ("review", "search"), "back", "Go back to the previous screen"),
    Action("refresh", ("articles", "review"), "refresh",
           "Reload from the database (see other reviewers' work)", show=False),
    Action("open-article", ("articles",), "open_article", "Review the selected article"),
    Action("import-file", ("articles",), "import_file", "Import an article file"),
    Action("import-seed", ("articles",), "import_seed", "Import the bundled sample article"),
    Action("search", ("articles", "review"), "search", "Search the claims of all articles"),
    Action("export-csv", ("articles", "review"), "export_csv",
           "Export verdicts to CSV (this article, or all on the articles screen)"),
    *_verdict_actions(),
    Action("note", ("review",), "note",
           "Add a rationale note to the claim's verdict (or to the next one you set)"),
    Action("undo", ("review",), "undo", "Undo your last verdict (history keeps both)"),
    Action("add-source", ("review",), "add_source", "Attach a source (URL, note, quote)"),
    Action("next-unreviewed", ("review",), "next_unreviewed",
           "Move to the next unreviewed claim", show=False),
    Action("filter-unreviewed", ("review",), "filter('unreviewed')",
           "Show only unreviewed claims"),
    Action("filter-all", ("review",), "filter('all')", "Show all claims"),
    Action("filter-kind", ("review",), "filter_kind", "Show claims of one kind"),
    Action("filter-verdict", ("review",), "filter_verdict", "Show claims with one verdict"),
    Action("jump", ("review",), "jump", "Jump to claim number N"),
    Action("toggle-sort", ("review",), "toggle_sort",
           "Switch the claim list between most check-worthy first and article order",
           show=False),
    Action("copy-claim", ("review", "search"), "copy_claim",
           "Copy the claim text to the clipboard (OSC 52)", show=False),
    Action("copy-url", ("review",), "copy_url",
           "Copy the latest source URL (or the article URL) to the clipboard", show=False),
    Action("refresh-sources", ("review",), "refresh_sources",
           "Refetch the claim's sources (flags a verdict whose source changed or died)",
           show=False),
    Action("approve", ("review",), "approve",
           "Second review: approve the verdict shown (blind mode: enter your own label)",
           show=False),
    Action("filter-queue", ("review",), "filter('queue')",
           "Show claims waiting for your second review or resolution", show=False),
    Action("match-next", ("review",), "match_next",
           "Highlight the next suggestion in the matches panel", show=False),
    Action("match-confirm", ("review",), "match_confirm",
           "Confirm the highlighted match (kept in the match history)", show=False),
    Action("match-reject", ("review",), "match_reject",
           "Reject the highlighted match (no longer suggested)", show=False),
    Action("match-reuse", ("review",), "match_reuse",
           "Reuse the highlighted match's verdict and sources for this claim", show=False),
    Action("open-result", ("search",), "open_result", "Open the selected claim in its article"),
)

SHORT_LABELS = {
    "quit": "Quit", "help": "Keys", "command-palette": "Palette", "back": "Back",
    "refresh": "Reload", "open-article": "Review", "import-file": "Import",
    "import-seed": "Sample", "search": "Search", "export-csv": "Export", "verdict-1": "Verdict",
    "note": "Note", "undo": "Undo", "add-source": "Source", "filter-unreviewed": "Unreviewed",
    "filter-all": "All", "filter-kind": "Kind", "filter-verdict": "By verdict", "jump": "Jump",
    "toggle-sort": "Order",
    "open-result": "Open", "refresh-sources": "Refetch", "approve": "Approve",
    "filter-queue": "Waiting", "match-next": "Next match", "match-confirm": "Confirm",
    "match-reject": "Reject", "match-reuse": "Reuse",
}

ACTIONS_BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}
