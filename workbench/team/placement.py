"""Refusing a database on a network filesystem.

SQLite's WAL mode needs shared memory (the ``-shm`` file, mmap'd) and POSIX locks
that behave the same for every process; on NFS, SMB, sshfs and friends they do not,
and the documented result is a corrupt database. So every open checks the
filesystem of the database's directory, from ``/proc/self/mountinfo`` (Linux; one
small file read, well under a millisecond). Elsewhere the check is skipped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError

MOUNTINFO = Path("/proc/self/mountinfo")

# Filesystem types (mountinfo field after " - ") where WAL is unsafe.
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "9p", "afs", "ceph", "glusterfs",
    "lustre", "gpfs", "beegfs", "ocfs2", "gfs2", "davfs", "coda", "orangefs", "pvfs2",
    "vboxsf", "prl_fs", "vmhgfs",
})
# FUSE filesystems show as "fuse.<name>"; these are network ones.
NETWORK_FUSE = frozenset({
    "sshfs", "glusterfs", "ceph", "ceph-fuse", "s3fs", "rclone", "gcsfuse", "davfs",
    "juicefs", "goofys", "vmhgfs-fuse", "moosefs", "mfs", "lizardfs", "seaweedfs",
})


@dataclass(frozen=True)
class Mount:
    """One line of mountinfo that matters here."""

    mount_point: str
    fstype: str
    source: str

    @property
    def is_network(self) -> bool:
        """True when SQLite's WAL mode cannot be trusted on this filesystem."""
        fstype = self.fstype.lower()
        if fstype in NETWORK_FILESYSTEMS:
            return True
        if fstype.startswith("fuse."):
            return fstype.removeprefix("fuse.") in NETWORK_FUSE
        # Old-style sshfs: type "fuse", source "sshfs#user@host:/dir".
        return fstype == "fuse" and self.source.startswith("sshfs")


def _unescape(field: str) -> str:
    """Undo mountinfo's octal escapes (``\\040`` is a space)."""
    if "\\" not in field:
        return field
    out, i = [], 0
    while i < len(field):
        code = field[i + 1:i + 4]
        if field[i] == "\\" and len(code) == 3 and code.isdigit():
            out.append(chr(int(code, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts listed in mountinfo ``text``, in file order (later hides earlier)."""
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        try:
            dash = fields.index("-", 6)
            mount_point = _unescape(fields[4])
            fstype, source = fields[dash + 1], _unescape(fields[dash + 2])
        except (ValueError, IndexError):
            continue  # a malformed line cannot tell us anything
        mounts.append(Mount(mount_point, fstype, source))
    return mounts


def mount_of(path: str | Path, mounts: list[Mount]) -> Mount | None:
    """The mount holding ``path``: the longest mount point that is a prefix of it.

    The path is resolved first (symlinks, ``..``), and need not exist yet: a new
    database is checked where it will be created.
    """
    real = os.path.realpath(path)
    best: Mount | None = None
    for mount in mounts:
        point = mount.mount_point.rstrip("/") or "/"
        inside = real == point or real.startswith(point + "/") or point == "/"
        # ">=": of two mounts on the same point, the later one is the visible one.
        if inside and (best is None or len(point) >= len(best.mount_point.rstrip("/") or "/")):
            best = mount
    return best


def refuse_network_filesystem(path: str | Path, mountinfo: str | None = None) -> None:
    """Raise a one-line :class:`WorkbenchError` if ``path`` is on a network filesystem.

    ``mountinfo`` is the text to judge by (default: this process's own mountinfo);
    a system without ``/proc`` is not checked.
    """
    if mountinfo is None:
        try:
            mountinfo = MOUNTINFO.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
    mount = mount_of(path, parse_mountinfo(mountinfo))
    if mount is not None and mount.is_network:
        raise WorkbenchError(
            f"refusing to open {path}: it is on a network filesystem ({mount.fstype} at "
            f"{mount.mount_point}), where SQLite's WAL mode corrupts data; put the "
            "database on a local disk of the server and let reviewers log in to it"
        )
