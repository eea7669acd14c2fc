"""File modes for a team database shared by the members of one Unix group.

The layout ``workbench init --shared`` creates::

    /srv/factcheck/            drwxrws---  root:factcheck   (2770: setgid, group only)
    /srv/factcheck/team.db     -rw-rw----  alice:factcheck  (660)
    /srv/factcheck/team.db-wal, -shm       (same mode: SQLite copies the database's)

The setgid bit makes every file created in the directory belong to the group;
mode 660/2770 lets every member read and write (WAL needs *every* process, even a
reader, to write ``-shm``) and nobody else even list the directory. A process
opening a database in a setgid directory uses umask 007, so a file it creates
(a ``-wal`` after the last connection removed it) is group-writable too.
"""

from __future__ import annotations

import grp
import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError

DIR_MODE = 0o2770
FILE_MODE = 0o660
SHARED_UMASK = 0o007
_umask_lock = threading.Lock()


def database_files(db_path: Path) -> list[Path]:
    """The database and its WAL companions (those that exist)."""
    candidates = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]
    return [p for p in candidates if p.exists()]


def is_setgid_dir(directory: Path) -> bool:
    """True for a directory with the setgid bit, i.e. a team directory."""
    try:
        return bool(directory.stat().st_mode & stat.S_ISGID)
    except OSError:
        return False


@contextmanager
def shared_umask(db_path: Path) -> Iterator[None]:
    """Use umask 007 while opening a database that lives in a setgid directory.

    The umask is per process, so this is serialised by a lock; opening happens once
    per process in practice.
    """
    if not is_setgid_dir(db_path.parent):
        yield
        return
    with _umask_lock:
        previous = os.umask(SHARED_UMASK)
        try:
            yield
        finally:
            os.umask(previous)


def _group_hint(directory: Path) -> str:
    try:
        return f" (members of group {grp.getgrgid(directory.stat().st_gid).gr_name})"
    except (OSError, KeyError):
        return ""


def refuse_inaccessible(db_path: Path) -> None:
    """Raise a one-line error when this account may not use the database at all.

    Checked before SQLite is asked, so a colleague outside the team gets "permission
    denied" with the group to join, not a traceback or SQLite's vaguer wording.
    """
    directory = db_path.parent
    if not directory.exists():
        grand = directory.parent
        if grand.exists() and not os.access(grand, os.W_OK | os.X_OK):
            raise WorkbenchError(f"cannot create {directory}: permission denied")
        return
    if not os.access(directory, os.X_OK):
        raise WorkbenchError(
            f"cannot open {db_path}: permission denied; only the team"
            f"{_group_hint(directory)} may use it"
        )
    if db_path.exists():
        if not os.access(db_path, os.R_OK):
            raise WorkbenchError(
                f"cannot open {db_path}: permission denied; only the team"
                f"{_group_hint(directory)} may use it"
            )
    elif not os.access(directory, os.W_OK):
        raise WorkbenchError(f"cannot create {db_path}: permission denied")


@dataclass(frozen=True)
class SharedDir:
    """What :func:`prepare_shared_dir` set up."""

    directory: Path
    group: str
    gid: int


def resolve_group(group: str) -> int:
    """The gid of ``group``, checked that this account may hand files to it."""
    try:
        entry = grp.getgrnam(group)
    except KeyError:
        raise WorkbenchError(f"no group named {group!r}; create it first (groupadd)") from None
    if os.geteuid() != 0 and entry.gr_gid not in os.getgroups() and entry.gr_gid != os.getegid():
        raise WorkbenchError(
            f"you are not a member of group {group!r}; ask an administrator to add you "
            "(then log in again) or to run this command"
        )
    return entry.gr_gid


def prepare_shared_dir(db_path: Path, group: str) -> SharedDir:
    """Create (or tighten) the team directory: group-owned, mode 2770.

    Refuses a database file that already exists outside such a directory's rules
    only if it cannot be fixed; existing files are re-moded by
    :func:`share_database_files`.
    """
    gid = resolve_group(group)
    directory = db_path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        os.chown(directory, -1, gid)
        os.chmod(directory, DIR_MODE)
    except PermissionError as err:
        raise WorkbenchError(
            f"cannot set up {directory} for group {group!r}: {err.strerror.lower()}; "
            "the directory must be yours (or run as root)"
        ) from None
    except OSError as err:
        raise WorkbenchError(f"cannot set up {directory}: {err.strerror}") from None
    return SharedDir(directory, group, gid)


def share_database_files(db_path: Path, gid: int) -> list[Path]:
    """Give the database, ``-wal`` and ``-shm`` to the group with mode 660."""
    done = []
    for path in database_files(db_path):
        try:
            os.chown(path, -1, gid)
            os.chmod(path, FILE_MODE)
        except OSError as err:
            raise WorkbenchError(f"cannot share {path}: {err.strerror}") from None
        done.append(path)
    return done


def sharing_problems(db_path: Path) -> list[str]:
    """What is wrong with the modes of an existing team database (empty: nothing).

    Used by ``workbench init --shared`` to report on what it found and by tests.
    """
    problems = []
    directory = db_path.parent
    mode = directory.stat().st_mode
    if not mode & stat.S_ISGID:
        problems.append(f"{directory} is not setgid")
    if mode & 0o007:
        problems.append(f"{directory} is open to users outside the group")
    for path in database_files(db_path):
        st = path.stat()
        if st.st_gid != directory.stat().st_gid:
            problems.append(f"{path} belongs to another group than its directory")
        if stat.S_IMODE(st.st_mode) & 0o060 != 0o060:
            problems.append(f"{path} is not readable and writable by the group")
        if st.st_mode & 0o007:
            problems.append(f"{path} is open to users outside the group")
    return problems
