"""A team database is usable by every member of its group and by nobody else.

Real OS accounts: when run as root (as CI is), the test creates a group, two
members and an outsider, runs the workbench CLI as each of them with ``setpriv``
and removes them again. Elsewhere it is skipped, saying why.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEED
from workbench.team.sharing import sharing_problems

ROOT = Path(__file__).resolve().parent.parent
CLI = "from workbench.cli import main; main()"


def _missing_prerequisite() -> str | None:
    if os.geteuid() != 0:
        return "creating OS users needs root"
    for tool in ("useradd", "userdel", "groupadd", "groupdel", "setpriv"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


pytestmark = pytest.mark.skipif(_missing_prerequisite() is not None,
                                reason=_missing_prerequisite() or "")


class Accounts:
    """Throw-away group and users, removed at the end."""

    def __init__(self) -> None:
        suffix = f"{os.getpid() % 100000}"
        self.group = f"wbt{suffix}"
        self.alice, self.bob, self.outsider = (f"wbt{suffix}{x}" for x in "abx")
        self.home = Path(tempfile.mkdtemp(prefix="wb-access-", dir="/tmp"))
        self.home.chmod(0o755)  # traversable by every account, like /srv
        self.python: list[str] = []
        self.env: dict[str, str] = {}

    def create(self) -> None:
        subprocess.run(["groupadd", self.group], check=True)
        for user in (self.alice, self.bob):
            subprocess.run(["useradd", "-M", "-N", "-s", "/usr/sbin/nologin", "-G", self.group,
                            user], check=True)
        subprocess.run(["useradd", "-M", "-N", "-s", "/usr/sbin/nologin", self.outsider],
                       check=True)

    def remove(self) -> None:
        for user in (self.alice, self.bob, self.outsider):
            subprocess.run(["userdel", user], capture_output=True)
        subprocess.run(["groupdel", self.group], capture_output=True)
        shutil.rmtree(self.home, ignore_errors=True)

    def run(self, user: str, *args: str) -> subprocess.CompletedProcess[str]:
        """The workbench CLI (or ``python -c`` code) as ``user``, with their groups."""
        command = ["setpriv", f"--reuid={user}", f"--regid={self._gid(user)}", "--init-groups",
                   *self.python, *args]
        return subprocess.run(command, capture_output=True, text=True, env=self.env,
                              cwd=self.home, timeout=60)

    def workbench(self, user: str, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(user, "-c", CLI, "--db", str(db), *args)

    @staticmethod
    def _gid(user: str) -> str:
        out = subprocess.run(["id", "-g", user], capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def find_python(self) -> str | None:
        """An interpreter the test users can run that imports workbench, or why not.

        The venv's own python may sit under a home directory other users cannot enter
        (pyenv in /root); then the same Python version elsewhere, given the venv's
        packages on PYTHONPATH, is the same code.
        """
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        paths = [str(ROOT), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
        self.env = {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "LANG": "C.UTF-8",
                    "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": os.pathsep.join(paths),
                    "WORKBENCH_CONFIG": str(self.home / "none.toml"),
                    "XDG_DATA_HOME": str(self.home / "data")}
        candidates = [sys.executable, f"/usr/bin/python{version}",
                      f"/usr/local/bin/python{version}"]
        for python in candidates:
            if not os.path.exists(python):
                continue
            self.python = [python]
            probe = self.run(self.alice, "-c", "import workbench.cli")
            if probe.returncode == 0:
                return None
        self.python = []
        return (f"no Python {version} that the test users may run imports workbench "
                f"(tried {', '.join(candidates)})")


@pytest.fixture
def accounts() -> Iterator[Accounts]:
    acc = Accounts()
    try:
        acc.create()
        problem = acc.find_python()
        if problem:
            pytest.skip(problem)
        yield acc
    finally:
        acc.remove()


def test_members_share_the_database_and_outsiders_cannot_touch_it(accounts: Accounts) -> None:
    acc = accounts
    db = acc.home / "team" / "team.db"
    init = subprocess.run([sys.executable, "-c", CLI, "init", "--shared", str(db),
                           "--group", acc.group], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert init.returncode == 0, init.stderr
    directory = db.parent.stat()
    assert stat.S_IMODE(directory.st_mode) == 0o2770
    assert directory.st_gid == int(subprocess.check_output(["getent", "group", acc.group],
                                                            text=True).split(":")[2])
    assert stat.S_IMODE(db.stat().st_mode) == 0o660

    imported = acc.workbench(acc.alice, db, "import", str(SEED))
    assert imported.returncode == 0, imported.stderr
    assert acc.workbench(acc.alice, db, "verdict", "1", "true").returncode == 0
    second = acc.workbench(acc.bob, db, "verdict", "1", "false", "--expect", "1")
    assert second.returncode == 0, second.stderr
    log = acc.workbench(acc.bob, db, "log", "--claim", "1")
    who = [line.split()[1] for line in log.stdout.splitlines()]
    assert who == [acc.alice, acc.bob]  # the OS accounts, recorded on every write

    for args in (["claims"], ["verdict", "1", "true"], ["log"]):
        refused = acc.workbench(acc.outsider, db, *args)
        assert refused.returncode == 1, args
        assert refused.stderr.startswith(f"error: cannot open {db}: permission denied"), \
            refused.stderr
        assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    peek = acc.run(acc.outsider, "-c", f"open({str(db)!r}, 'rb').read(16)")
    assert peek.returncode != 0 and "PermissionError" in peek.stderr
    listing = acc.run(acc.outsider, "-c", f"import os; os.listdir({str(db.parent)!r})")
    assert listing.returncode != 0 and "PermissionError" in listing.stderr

    after = acc.workbench(acc.alice, db, "history", "1")
    assert after.returncode == 0
    assert [line.split()[2] for line in after.stdout.splitlines()] == ["True", "False"]
    assert sharing_problems(db) == []  # files members created stayed group-writable
