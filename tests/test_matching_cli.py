"""`workbench match`, `matches`, `link`, `unlink` through the real CLI on a real file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from workbench.cli import cli

ARTICLE = (
    "Four soldiers were killed in the attack on Monday, officials said.\n\n"
    "The second round of talks began in Istanbul on 6 November 2025.\n"
)
MATCH_KEYS = {"corpus_id", "kind", "claim_id", "article_id", "text", "title", "verdict", "url",
              "rank", "score", "relation", "differences", "action", "link"}


def run(db: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input,
                              catch_exceptions=False)


def checked_article(db: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run(db, "import", str(article)).exit_code == 0
    assert run(db, "verdict", "1", "False").exit_code == 0
    assert run(db, "verdict", "2", "True").exit_code == 0


def rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    found = [("links", *r) for r in conn.execute("SELECT * FROM match_links")]
    found += [("verdicts", *r) for r in conn.execute("SELECT * FROM verdicts")]
    conn.close()
    return found


def test_match_json_shape_and_conflict(db_path: Path, tmp_path: Path) -> None:
    checked_article(db_path, tmp_path)
    result = run(db_path, "match", "Five soldiers were killed in the attack on Monday.",
                 "--json")
    assert result.exit_code == 0, result.output
    matches = json.loads(result.stdout)
    assert set(matches[0]) == MATCH_KEYS
    assert matches[0]["claim_id"] == 1 and matches[0]["relation"] == "conflict"
    assert "killed: 5 vs 4" in matches[0]["differences"]


def test_match_text_output_names_relation_and_difference(db_path: Path, tmp_path: Path) -> None:
    checked_article(db_path, tmp_path)
    result = run(db_path, "match", "The third round of talks began in Istanbul.")
    assert result.exit_code == 0
    assert "conflict" in result.stdout and "round: third vs second" in result.stdout


def test_batch_jsonl_round_trip(db_path: Path, tmp_path: Path) -> None:
    checked_article(db_path, tmp_path)
    batch = tmp_path / "queries.jsonl"
    batch.write_text(
        json.dumps({"id": "q1", "text": "On Monday 4 soldiers were killed in the attack"}) + "\n"
        + "\n"
        + json.dumps({"id": 2, "text": "the of and"}) + "\n", encoding="utf-8")
    result = run(db_path, "match", "--batch", str(batch), "--limit", "3")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["q1", 2]
    assert lines[0]["matches"][0]["relation"] == "same"
    assert set(lines[0]["matches"][0]) == MATCH_KEYS
    assert lines[1]["matches"] == []
    stdin = run(db_path, "match", "--batch", "-", input=batch.read_text(encoding="utf-8"))
    assert stdin.stdout == result.stdout


def test_batch_bad_lines_are_one_line_errors(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    for content, message in (
        ('{"id": 1, "text": "ok"}\nnot json\n', "line 2: not valid JSON"),
        ('{"text": "no id"}\n', 'line 1: expected an object with "id"'),
        ('[1, 2]\n', "line 1: expected an object"),
    ):
        bad.write_text(content, encoding="utf-8")
        result = run(db_path, "match", "--batch", str(bad))
        assert result.exit_code == 1 and message in result.stderr
        assert result.stdout == ""
    missing = run(db_path, "match", "--batch", str(tmp_path / "nope.jsonl"))
    assert missing.exit_code == 1 and "no such file" in missing.stderr


def test_match_argument_errors(db_path: Path) -> None:
    assert "give either TEXT or --batch" in run(db_path, "match").stderr
    assert "empty" in run(db_path, "match", "   ").stderr
    assert "between 1 and 100" in run(db_path, "match", "x", "--limit", "0").stderr


def test_match_on_empty_corpus_says_so(db_path: Path) -> None:
    result = run(db_path, "match", "Four soldiers were killed")
    assert result.exit_code == 0
    assert result.stdout.strip() == "no previously checked claim matches"
    assert json.loads(run(db_path, "match", "...", "--json").stdout) == []


def test_link_reuse_and_unlink_recorded_in_history(db_path: Path, tmp_path: Path) -> None:
    checked_article(db_path, tmp_path)
    second = tmp_path / "b.txt"
    second.write_text("On Monday, four soldiers were killed in the attack.\n", encoding="utf-8")
    assert run(db_path, "import", str(second)).exit_code == 0
    found = json.loads(run(db_path, "matches", "3", "--json").stdout)
    assert found[0]["claim_id"] == 1 and found[0]["action"] == "auto_link"
    match_id = str(found[0]["corpus_id"])
    linked = run(db_path, "link", "3", match_id, "--reuse")
    assert linked.exit_code == 0 and "verdict reused" in linked.stdout
    history = run(db_path, "history", "3").stdout
    assert "reused from claim 1" in history
    assert json.loads(run(db_path, "matches", "3", "--json").stdout)[0]["link"] == "reused"
    assert run(db_path, "unlink", "3", match_id).exit_code == 0
    assert json.loads(run(db_path, "matches", "3", "--json").stdout) == []


def test_link_errors_leave_the_database_unchanged(db_path: Path, tmp_path: Path) -> None:
    checked_article(db_path, tmp_path)
    before = rows(db_path)
    for args, message in (
        (("link", "1", "99"), "no previously checked claim with match id 99"),
        (("link", "99", "1"), "no claim with id 99"),
        (("link", "1", "1", "--reuse"), "cannot reuse its own verdict"),
        (("unlink", "1", "1"), "cannot be linked to itself"),
        (("matches", "42"), "no claim with id 42"),
    ):
        result = run(db_path, *args)
        assert result.exit_code == 1 and message in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
    assert rows(db_path) == before
