"""The real CLI, end to end, on a real database file: happy paths and every bad input."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SEED
from workbench.cli import cli
from workbench.importing import MAX_ARTICLE_BYTES


def run(db: Path, *args: str, input: str | bytes | None = None):
    """Invoke the CLI in-process, the way click runs it from the console script."""
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input,
                              catch_exceptions=False)


def db_snapshot(db: Path) -> list[tuple]:
    """Every row of every table, to prove a refused command changed nothing."""
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'claims_fts%'"
        " ORDER BY name")]
    rows = [(t, *r) for t in tables for r in conn.execute(f'SELECT * FROM "{t}"')]
    conn.close()
    return rows


def import_seed(db: Path) -> dict:
    result = run(db, "import", str(SEED), "--published", "2025-11-08", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_prints_id_and_claim_count_as_json(db_path: Path) -> None:
    out = import_seed(db_path)
    assert out["article_id"] == 1 and out["claims"] >= 10
    assert set(out) == {"article_id", "claims"}


def test_claims_json_shape_is_stable(db_path: Path) -> None:
    import_seed(db_path)
    result = run(db_path, "claims", "--json")
    claims = json.loads(result.stdout)
    assert {"id", "article_id", "ordinal", "text", "start", "end", "kinds", "score", "reasons",
            "values"} <= set(claims[0])
    text = SEED.read_text(encoding="utf-8")
    for c in claims:
        assert text[c["start"]:c["end"]] == c["text"]
        assert 0 <= c["score"] <= 1
    casualty = next(c for c in claims if "four civilians" in c["text"])
    killed = {(q["value"], q["event"]) for q in casualty["values"]["quantities"]}
    assert {(4, "killed"), (5, "wounded")} <= killed
    deadlock = next(c for c in claims if "complete deadlock" in c["text"])
    assert deadlock["values"]["speaker"]["name"] == "Khawaja Asif"
    talks = next(c for c in claims if "6 and 7 November" in c["text"])
    assert {"2025-11-06", "2025-11-07"} <= {d["iso"] for d in talks["values"]["dates"]}


def test_claims_come_most_check_worthy_first_unless_asked_for_article_order(
        db_path: Path) -> None:
    import_seed(db_path)
    by_score = json.loads(run(db_path, "claims", "--json").stdout)
    scores = [c["score"] for c in by_score]
    assert scores == sorted(scores, reverse=True)
    by_article = json.loads(run(db_path, "claims", "--json", "--order", "article").stdout)
    assert [c["ordinal"] for c in by_article] == list(range(1, len(by_article) + 1))
    assert sorted(c["id"] for c in by_score) == [c["id"] for c in by_article]
    top_five = " ".join(c["text"] for c in by_score[:5])
    assert "four civilians" in top_five and "6 and 7 November" in top_five


def test_human_claims_table_lists_the_seed_claims(db_path: Path) -> None:
    import_seed(db_path)
    result = run(db_path, "claims", "--article", "1")
    assert result.exit_code == 0
    assert "complete deadlock" in result.stdout and "why:" in result.stdout
    assert "Based On ANI Report" not in result.stdout


def test_verdict_undo_history_and_csv_export(db_path: Path, tmp_path: Path) -> None:
    import_seed(db_path)
    assert run(db_path, "verdict", "1", "mostly TRUE", "--note", "=HYPERLINK(\"x\")").exit_code == 0
    assert run(db_path, "verdict", "1", "false").exit_code == 0
    assert "now Mostly true" in run(db_path, "undo", "1").stdout
    history = json.loads(run(db_path, "history", "1", "--json").stdout)
    assert [h["label"] for h in history] == ["Mostly true", "False", "Mostly true"]
    added = run(db_path, "source", "add", "1", "https://example.org/a", "--quote", "q",
                "--no-fetch")
    assert added.exit_code == 0
    out = tmp_path / "verdicts.csv"
    result = run(db_path, "export", "csv", "-o", str(out))
    assert result.exit_code == 0 and str(out) in result.stderr
    import csv
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    first = rows[0]
    assert first["verdict"] == "Mostly true"
    assert first["verdict_note"].startswith("'=")  # a formula never reaches a spreadsheet
    assert [s["url"] for s in json.loads(first["sources"])] == ["https://example.org/a"]


def test_import_from_stdin(db_path: Path) -> None:
    result = run(db_path, "import", "-", "--json",
                 input="Officials said 12 people were killed in Kabul on Monday.\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["claims"] == 1


def test_bare_workbench_without_tty_gives_a_clear_message_or_runs(db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--help"])
    assert result.exit_code == 0 and "import" in result.stdout


# --- bad input: one line on stderr, non-zero exit, no traceback, database unchanged ---


def _refused(db: Path, *args: str, input: bytes | str | None = None, match: str) -> None:
    before = db_snapshot(db)
    result = run(db, *args, input=input)
    assert result.exit_code != 0
    assert match in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert db_snapshot(db) == before


@pytest.fixture
def seeded(db_path: Path) -> Path:
    import_seed(db_path)
    return db_path


def test_missing_file(seeded: Path, tmp_path: Path) -> None:
    _refused(seeded, "import", str(tmp_path / "nope.txt"), match="no such file")


def test_directory(seeded: Path, tmp_path: Path) -> None:
    _refused(seeded, "import", str(tmp_path), match="is a directory")


def test_binary_file(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    _refused(seeded, "import", str(path), match="binary")


def test_non_utf8_file(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le président a dit que 4 soldats sont morts.".encode("latin-1"))
    _refused(seeded, "import", str(path), match="not UTF-8")


def test_empty_and_blank_files(seeded: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\n\t \n")
    _refused(seeded, "import", str(tmp_path / "empty.txt"), match="empty")
    _refused(seeded, "import", str(tmp_path / "blank.txt"), match="empty")


def test_fifty_megabyte_file(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: instant to make
    assert path.stat().st_size > MAX_ARTICLE_BYTES
    _refused(seeded, "import", str(path), match="limit")


def test_oversized_stdin(seeded: Path) -> None:
    _refused(seeded, "import", "-", input=b"a" * (MAX_ARTICLE_BYTES + 10), match="limit")


def test_same_article_twice(seeded: Path) -> None:
    _refused(seeded, "import", str(SEED), match="already imported as article 1")


def test_same_article_with_crlf_line_endings_is_the_same_article(seeded: Path,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    _refused(seeded, "import", str(path), match="already imported")


def test_bad_published_date(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Officials said 12 people were killed in Kabul on Monday.\n")
    _refused(seeded, "import", str(path), "--published", "8/11/2025", match="not a date")


def test_unknown_claim_id(seeded: Path) -> None:
    _refused(seeded, "verdict", "9999", "true", match="no claim with id 9999")
    _refused(seeded, "source", "add", "9999", "https://example.org", match="no claim")
    _refused(seeded, "undo", "9999", match="no claim")


def test_unknown_verdict_label(seeded: Path) -> None:
    _refused(seeded, "verdict", "1", "pants on fire", match="unknown verdict")


def test_undo_without_verdict(seeded: Path) -> None:
    _refused(seeded, "undo", "1", match="no verdict to undo")


def test_source_that_is_not_a_url(seeded: Path) -> None:
    _refused(seeded, "source", "add", "1", "javascript:alert(1)", match="must start with http:// or https://")


def test_unknown_article(seeded: Path) -> None:
    _refused(seeded, "claims", "--article", "77", match="no article with id 77")


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("shopping list\n" * 100)
    before = db.read_bytes()
    result = run(db, "claims")
    assert result.exit_code == 1 and "not a workbench database" in result.stderr
    assert db.read_bytes() == before


def test_database_newer_than_the_code(seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    _refused(seeded, "claims", match="newer than this workbench")


def test_bad_config_file(seeded: Path, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[verdicts\nscale = 3")
    _refused(seeded, "verdict", "1", "true", match="invalid TOML")


def test_configured_scale(seeded: Path, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[verdicts]\nscale = ["Correct", "Wrong"]\n')
    assert run(seeded, "verdict", "1", "correct").exit_code == 0
    _refused(seeded, "verdict", "1", "true", match="Correct, Wrong")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_database(seeded: Path) -> None:
    seeded.chmod(0o444)
    try:
        _refused(seeded, "verdict", "1", "true", match="read-only")
    finally:
        seeded.chmod(0o644)


def test_read_only_database_as_another_user(seeded: Path) -> None:
    """Run the real entry point as an unprivileged user on a root-owned database."""
    if os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists():
        pytest.skip("needs root and setpriv to act as an unprivileged user")
    shared = Path(tempfile.mkdtemp(prefix="wb-readonly-"))
    try:
        shared.chmod(0o755)
        db = shared / "team.db"
        shutil.copy(seeded, db)
        db.chmod(0o644)
        before = db_snapshot(db)
        proc = subprocess.run(
            ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
             sys.executable, "-c", "from workbench.cli import main; main()",
             "--db", str(db), "verdict", "1", "true"],
            capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "HOME": str(shared), "WORKBENCH_CONFIG": str(shared / "c.toml")},
        )
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
        assert proc.stderr.startswith("error: ") and "read-only" in proc.stderr
        assert db_snapshot(db) == before
    finally:
        shutil.rmtree(shared)


def test_no_traceback_from_the_console_script(tmp_path: Path) -> None:
    """The installed entry point, as a subprocess, on a missing file."""
    proc = subprocess.run(
        [sys.executable, "-c", "from workbench.cli import main; main()",
         "--db", str(tmp_path / "x.db"), "import", str(tmp_path / "missing.txt")],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"error: {tmp_path / 'missing.txt'}: no such file"


def test_command_table_matches_the_command_modules() -> None:
    """COMMAND_MODULES (what the lazy group loads) names every command exactly once."""
    import importlib

    from workbench.cli.main import COMMAND_MODULES

    found = {}
    for module_name in set(COMMAND_MODULES.values()):
        module = importlib.import_module(f"workbench.cli.{module_name}")
        found.update({command.name: module_name for command in module.COMMANDS})
    assert found == COMMAND_MODULES


def test_a_verdict_does_not_load_the_tui_or_the_fetcher(db_path: Path) -> None:
    """Commands load only their own modules: a fast start over SSH, less memory."""
    code = (
        "import sys\n"
        "from workbench.cli import cli\n"
        "cli(['--db', sys.argv[1], 'articles'], standalone_mode=False)\n"
        "heavy = [m for m in ('textual', 'trafilatura', 'httpx', 'rapidfuzz')\n"
        "         if m in sys.modules]\n"
        "print('heavy=' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True,
                          text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "heavy="


def test_blind_review_hides_a_colleagues_verdict_from_claims_and_history(seeded: Path) -> None:
    from workbench.store import Store

    assert run(seeded, "review-mode", "--two-person", "--blind").exit_code == 0
    colleague = Store(seeded, _reviewer="alice-test")  # another reviewer, test-only seam
    colleague.add_verdict(1, "False", "ministry figures differ")
    colleague.close()
    listed = json.loads(run(seeded, "claims", "--json", "--order", "article").stdout)
    assert listed[0]["id"] == 1 and listed[0]["verdict"] == "(blind)"
    assert "False" not in run(seeded, "claims", "--order", "article").stdout.split("\n\n")[0]
    _refused(seeded, "history", "1", match="hidden until you enter your own")
    assert run(seeded, "approve", "1", "true").exit_code == 0  # my own verdict first
    relisted = json.loads(run(seeded, "claims", "--json", "--order", "article").stdout)
    assert relisted[0]["verdict"] != "(blind)"
    assert run(seeded, "history", "1").exit_code == 0


# --- mistakes found in review: each is one line, exit non-zero, nothing written ---


def test_ids_beyond_sqlite_integers_are_usage_errors(seeded: Path) -> None:
    for args in (["verdict", "99999999999999999999999", "true"],
                 ["source", "show", "9223372036854775808"], ["claims", "--article", "0"]):
        before = db_snapshot(seeded)
        result = run(seeded, *args)
        assert result.exit_code == 2 and result.stderr.startswith("error: ")
        assert result.stderr.count("\n") == 1 and "--help" in result.stderr
        assert db_snapshot(seeded) == before


def test_since_dates_that_overflow(seeded: Path) -> None:
    for since in ("0001-01-01T00:00+01:00", "9999-12-31T23:59:59-01:00", "yesterday"):
        _refused(seeded, "export", "csv", "--since", since, match="is not a date")


def test_malformed_urls(seeded: Path) -> None:
    _refused(seeded, "source", "add", "1", "http://[::1", "--no-fetch", match="not a valid URL")
    _refused(seeded, "source", "add", "1", "http://a b/", "--no-fetch", match="spaces")
    _refused(seeded, "source", "add", "1", "http://example.org:99999/", "--no-fetch",
             match="not a valid URL")
    _refused(seeded, "import-reviews", "http://[::1", match="not a valid URL")
    _refused(seeded, "import", "-", "--url", "javascript:alert(1)", input="Officials said 4 died.",
             match="--url")


def test_deeply_nested_batch_line(seeded: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    _refused(seeded, "match", "--batch", str(batch), match="line 1: not valid JSON")


def test_export_never_writes_through_a_planted_symlink(seeded: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out.csv"
    (tmp_path / "out.csv.partial").symlink_to(victim)
    result = run(seeded, "export", "csv", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert victim.read_text() == "precious\n"
    assert out.read_text(encoding="utf-8").startswith("claim_id,")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_json_output_escapes_c1_and_bidi_controls(db_path: Path) -> None:
    text = "Officials said 4 people died in Kabul \u202e\u009b31m on Monday.\n"
    assert run(db_path, "import", "-", input=text).exit_code == 0
    out = run(db_path, "claims", "--json").stdout
    assert "\u202e" not in out and "\u009b" not in out
    assert "\\u202e" in out and "\\u009b" in out
    assert json.loads(out)[0]["text"].startswith("Officials said 4 people died")


def test_undo_with_expect_refuses_when_a_colleague_moved_first(seeded: Path) -> None:
    first = run(seeded, "verdict", "2", "true")
    verdict_id = int(first.stdout.split("verdict ")[-1].rstrip(")\n"))
    assert run(seeded, "verdict", "2", "false").exit_code == 0
    _refused(seeded, "undo", "2", "--expect", str(verdict_id), match="changed since")
    assert "now True" in run(seeded, "undo", "2", "--expect", str(verdict_id + 1)).stdout
