"""The articles screen: progress and verdicts per article, import, seed, export."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from workbench.store import Article, ReviewState, Store
from workbench.text_safety import one_line
from workbench.tui.keymap import textual_bindings
from workbench.tui.widgets.top_bar import TopBar

SEED_PUBLISHED = "2025-11-08"
COLUMNS = ("id", "reviewed", "verdicts", "title")


@dataclass(frozen=True)
class ArticleSummary:
    article: Article
    breakdown: dict[str, int]


def breakdown_text(breakdown: dict[str, int]) -> str:
    """``True 3 · False 1``: the current verdicts of an article's claims."""
    return " · ".join(f"{one_line(label)} {n}" for label, n in breakdown.items()) or "-"


def visible_breakdown(states: Iterable[ReviewState]) -> dict[str, int]:
    """Verdict counts as this reviewer may see them: labels hidden by blind review
    are counted as ``blind``, never by label."""
    counts: Counter[str] = Counter()
    for state in states:
        if state.hidden:
            counts["blind"] += 1
        elif state.label is not None:
            counts[state.label] += 1
    return dict(counts)


class ArticlesScreen(Screen):
    """Every article with claim count, reviewed count and verdict breakdown."""

    SCOPE = "articles"
    BINDINGS = textual_bindings("articles")

    def compose(self) -> ComposeResult:
        yield TopBar(self.app.identity, "articles")
        yield Static(id="articles-empty")
        yield DataTable(id="articles-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#articles-empty", Static).display = False

    def on_screen_resume(self) -> None:
        # Loaded whenever shown (first push, and back from a review), never while
        # hidden under a review opened directly with ``workbench review ID``.
        self.load()

    # Loading ---------------------------------------------------------------------------

    def load(self, select: int | None = None) -> None:
        self._load(select)

    @work(thread=True, exclusive=True, group="articles")
    def _load(self, select: int | None) -> None:
        store: Store = self.app.store
        settings = store.review_settings()
        if settings.two_person and settings.blind:  # counts must not reveal hidden labels
            summaries = [ArticleSummary(a, visible_breakdown(store.review_states(a.id)))
                         for a in store.articles()]
        else:
            summaries = [ArticleSummary(a, store.verdict_breakdown(a.id))
                         for a in store.articles()]
        self.app.call_from_thread(self._show, summaries, select)

    def _show(self, summaries: list[ArticleSummary], select: int | None) -> None:
        table = self.query_one("#articles-table", DataTable)
        empty = self.query_one("#articles-empty", Static)
        keep = select if select is not None else self.selected_article_id
        rows = [
            (str(s.article.id), Text(str(s.article.id)),
             Text(f"{s.article.reviewed_count}/{s.article.claim_count}"),
             Text(breakdown_text(s.breakdown)), Text(one_line(s.article.title or "(untitled)")))
            for s in summaries
        ]
        # Column widths are measured here, not left to the table's idle-time measuring:
        # a repaint between adding rows and that measuring kept lines cut to the header
        # widths ("Rally" for "Rally turnout") until the cursor moved.
        table.clear(columns=True)
        for index, label in enumerate(COLUMNS, start=1):
            width = max([len(label), *(row[index].cell_len for row in rows)])
            table.add_column(label, width=width)
        for key, *cells in rows:
            table.add_row(*cells, key=key)
        empty.display = not summaries
        table.display = bool(summaries)
        if not summaries:
            keys = self.app.key_display
            empty.update(Text.assemble(
                ("No articles yet.\n\n", "bold"),
                f"Press {keys('import-seed')} to import the bundled sample article "
                f"(published {SEED_PUBLISHED}) and see its claims at once,\n"
                f"or {keys('import-file')} to import a file of your own.\n\n"
                f"{keys('help')} lists every key; {keys('quit')} quits.",
            ))
        else:
            table.focus()
            if keep is not None and str(keep) in table.rows:
                table.move_cursor(row=table.get_row_index(str(keep)))

    @property
    def selected_article_id(self) -> int | None:
        table = self.query_one("#articles-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value else None

    def live_update(self, update: object) -> None:
        """Another process committed (from the app's poll): refresh the counts."""
        if getattr(update, "changed", False) and self.is_current:
            self.load()

    # Actions ---------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.load()

    def action_open_article(self) -> None:
        article_id = self.selected_article_id
        if article_id is not None:
            self.app.open_review(article_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_article()

    def action_import_seed(self) -> None:
        self.app.import_seed()

    def action_import_file(self) -> None:
        self.app.prompt_import()

    def action_search(self) -> None:
        self.app.open_search()

    def action_export_csv(self) -> None:
        self.app.prompt_export(None)
