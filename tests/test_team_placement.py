"""Network filesystems are refused; local disks, nested local mounts and odd
mount-point names are judged correctly. Mount tables are real mountinfo text."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.store import Store
from workbench.team.placement import mount_of, parse_mountinfo, refuse_network_filesystem

MOUNTINFO = "\n".join([
    "22 27 0:21 / /proc rw,relatime - proc proc rw",
    "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard",
    "40 27 0:50 / /srv/team rw,relatime shared:5 - nfs4 files:/export/team rw,vers=4.2",
    "41 27 0:51 / /home/alice/remote rw,nosuid - fuse.sshfs alice@host:/data rw,user_id=0",
    r"42 27 0:52 / /mnt/with\040space rw - cifs //srv/share rw",
    "43 40 254:0 /local /srv/team/local rw - ext4 /dev/vda rw",
    "44 27 0:53 / /mnt/plan9 rw - 9p hostshare rw,trans=virtio",
    "45 27 0:54 / /mnt/old rw - fuse sshfs#bob@host:/x rw",
    "46 27 0:55 / /mnt/fuse-local rw - fuse.gvfsd-fuse gvfsd-fuse rw",
    "this line is not mountinfo at all",
])


@pytest.mark.parametrize(("path", "fstype"), [
    ("/srv/team/team.db", "nfs4"),
    ("/home/alice/remote/sub/dir/w.db", "fuse.sshfs"),
    ("/mnt/with space/w.db", "cifs"),
    ("/mnt/plan9/w.db", "9p"),
    ("/mnt/old/w.db", "fuse"),
])
def test_network_filesystems_are_refused_with_a_one_line_reason(path: str, fstype: str) -> None:
    with pytest.raises(WorkbenchError) as caught:
        refuse_network_filesystem(path, MOUNTINFO)
    message = str(caught.value)
    assert "\n" not in message
    assert f"network filesystem ({fstype}" in message and "WAL" in message


@pytest.mark.parametrize("path", [
    "/srv/team/local/w.db",      # a local disk mounted inside the NFS tree
    "/srv/teamwork/w.db",        # shares a prefix with /srv/team, is not under it
    "/var/lib/workbench/w.db",
    "/mnt/fuse-local/w.db",      # a FUSE filesystem not known to be networked
])
def test_local_paths_are_accepted(path: str) -> None:
    refuse_network_filesystem(path, MOUNTINFO)
    assert not mount_of(path, parse_mountinfo(MOUNTINFO)).is_network


def test_a_symlink_into_a_network_mount_is_followed(tmp_path: Path) -> None:
    link = tmp_path / "looks-local"
    link.symlink_to("/srv/team")
    with pytest.raises(WorkbenchError, match="nfs4"):
        refuse_network_filesystem(link / "team.db", MOUNTINFO)


def test_the_later_of_two_mounts_on_one_point_is_the_visible_one() -> None:
    stacked = MOUNTINFO + "\n50 27 0:60 / /srv/team rw - ext4 /dev/vdb rw"
    refuse_network_filesystem("/srv/team/team.db", stacked)


def test_this_machines_temporary_directory_opens(tmp_path: Path) -> None:
    # The real mount table, read by every open: a local tmp dir passes.
    refuse_network_filesystem(tmp_path / "w.db")
    store = Store(tmp_path / "w.db")
    assert store.schema_version >= 4
    store.close()
