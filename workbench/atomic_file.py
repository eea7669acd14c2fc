"""Writing an output file so that readers never see half of it.

Exports go to a new temporary file beside the target (created with ``O_EXCL``, so
a symlink planted under a predictable name can never redirect the write) and are
renamed over the target only once complete.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from workbench.errors import WorkbenchError


@contextmanager
def atomic_text_file(path: Path, *, overwrite: bool, encoding: str = "utf-8"
                     ) -> Iterator[TextIO]:
    """A text handle whose content replaces ``path`` when the block ends without error.

    ``overwrite=False`` refuses an existing file (before and after writing). The file
    gets mode 0666 minus the umask, like any file the reviewer writes.
    """
    if path.is_dir():
        raise WorkbenchError(f"{path} is a directory")
    if not overwrite and path.exists():
        raise WorkbenchError(f"{path} already exists; not overwritten")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o666)
    except OSError as err:
        raise WorkbenchError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            yield handle
        if not overwrite and path.exists():
            raise WorkbenchError(f"{path} appeared meanwhile; not overwritten")
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise WorkbenchError(f"cannot write {path}: {err.strerror or err}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
