"""The one exception type a user may see.

Front ends catch :class:`WorkbenchError` and print its message on one line, with no
traceback: it always describes a user mistake or a condition the user can fix.
"""


class WorkbenchError(Exception):
    """A problem the user can act on; ``str(err)`` is a complete one-line message."""


class DuplicateArticle(WorkbenchError):
    """The same article text was imported before; carries the existing article id."""

    def __init__(self, article_id: int) -> None:
        super().__init__(f"this article was already imported as article {article_id}")
        self.article_id = article_id
