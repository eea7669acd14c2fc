"""Import of articles and CSV export, in workers; never overwrites a file."""

from __future__ import annotations

import os
from pathlib import Path

from textual import work

from workbench.atomic_file import atomic_text_file
from workbench.errors import DuplicateArticle, WorkbenchError
from workbench.paths import seed_article_path
from workbench.store import open_store
from workbench.tui.screens.articles import SEED_PUBLISHED, ArticlesScreen
from workbench.tui.screens.prompts import ExportForm, ExportRequest, ImportForm


class ImportExport:
    """Mixed into :class:`~workbench.tui.app.WorkbenchApp`."""

    def import_seed(self) -> None:
        self._import(str(seed_article_path()), SEED_PUBLISHED)

    def prompt_import(self) -> None:
        self.push_screen(ImportForm(), lambda r: r and self._import(*r))

    def _import(self, path: str, published: str | None) -> None:
        self.notify(f"importing {Path(path).name} …", timeout=2)
        self._import_worker(path, published)

    @work(thread=True, exclusive=True, group="import")
    def _import_worker(self, path: str, published: str | None) -> None:
        try:
            from workbench import importing  # extraction is loaded only when needed

            data, name = importing.read_article_bytes(str(Path(path).expanduser()))
            text = importing.decode_article(data, name)
            result = importing.import_article(self.store, text, published=published)
        except DuplicateArticle as dup:
            self.call_from_thread(self.notify, f"{dup}; opening it")
            self.call_from_thread(self._imported, dup.article_id)
        except WorkbenchError as err:
            self.call_from_thread(self.notify, str(err), severity="error", timeout=8)
        except ImportError as err:
            self.call_from_thread(self.notify, f"claim extraction is unavailable: {err}",
                                  severity="error", timeout=8)
        else:
            self.call_from_thread(
                self.notify, f"imported article {result.article_id}: {result.claims} claims")
            self.call_from_thread(self._imported, result.article_id)

    def _imported(self, article_id: int) -> None:
        if isinstance(self.screen, ArticlesScreen):
            self.screen.load(select=article_id)
        self.open_review(article_id)
        self.scan_matches(article_id)

    # Export ----------------------------------------------------------------------------

    def prompt_export(self, article_id: int | None) -> None:
        """The export form: file, which claims, since, verdict, Excel; then the export."""
        name = f"article-{article_id}-verdicts.csv" if article_id else "all-verdicts.csv"
        title = (f"Export the claims of article {article_id} to CSV" if article_id
                 else "Export the claims of all articles to CSV")
        self.push_screen(
            ExportForm(title, path=str(self.export_dir / name), scale=self.config.scale,
                       canonical_label=self.config.canonical_label,
                       path_problem=export_path_problem),
            lambda request: request and self._export(article_id, request),
        )

    def _export(self, article_id: int | None, request: ExportRequest) -> None:
        self._export_worker(article_id, request)

    @work(thread=True, exclusive=True, group="export")
    def _export_worker(self, article_id: int | None, request: ExportRequest) -> None:
        """Read on a connection of its own: a cursor streaming rows holds its
        connection's lock until the last row, and the app's shared connection must
        stay free for heartbeats, polls and writes meanwhile."""
        from workbench.csv_export import export_csv

        path = request.path
        try:
            reader = open_store(self.store.path)
            try:
                reader.reviewer = self.store.reviewer  # blind review hides as for the app
                with atomic_text_file(path, overwrite=False) as handle:  # never overwrites
                    count = export_csv(reader, handle, article_id=article_id,
                                       status=request.status, verdict=request.verdict,
                                       since=request.since, bom=request.excel,
                                       scratch_dir=path.resolve().parent)
            finally:
                reader.close()
        except (OSError, WorkbenchError) as err:
            self.call_from_thread(self.notify, f"export failed: {err}", severity="error",
                                  markup=False)
            return
        excel = " (Excel, UTF-8 BOM)" if request.excel else ""
        self.call_from_thread(
            self.notify, f"exported {request.summary(count)} to {path.resolve()}{excel}",
            timeout=10, markup=False)


def export_path_problem(value: str) -> str | None:
    """Why a CSV export cannot go to ``value``, or None. Never overwrites a file."""
    if not value:
        return "give a file name"
    path = Path(value).expanduser()
    if path.is_dir():
        return f"{path} is a directory; give a file name"
    if path.exists():
        return f"{path} exists; choose another name (exports never overwrite)"
    if not path.parent.is_dir():
        return f"no directory {path.parent}"
    if not os.access(path.parent, os.W_OK):
        return f"cannot write to {path.parent}"
    return None
