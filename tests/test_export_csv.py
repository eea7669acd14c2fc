"""``workbench export csv``: columns with provenance, filters, RFC 4180, formula safety."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.test_export_fixtures import add_article, db_rows, run
from workbench.csv_export import COLUMNS, export_csv
from workbench.csv_format import write_rows
from workbench.store import Store
from workbench.store.snapshots import SnapshotData

DANGEROUS = ["=1+1", "+2+3", "-4+5", "@SUM(1;2)", "\tTAB", "\rCR", "\nLF",
             "=HYPERLINK(\"http://evil.example\",\"click\")"]


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def export(db: Path, *args: str) -> list[dict[str, str]]:
    result = run(db, "export", "csv", *args)
    assert result.exit_code == 0, result.output
    return read_csv(result.stdout)


@pytest.fixture
def reviewed(db_path: Path) -> dict[str, int]:
    """Two articles: verdicts, a fetched source that drifted, an approval, a match."""
    store = Store(db_path, _reviewer="alice")
    a = add_article(store, ["Turnout was 61 percent in 2024.", "Prices rose 9 percent."],
                    [{"name": "Ana Ruiz", "role": "minister"}, None])
    b = add_article(store, ["Turnout was 61 percent in 2024, officials said."],
                    title="Second", url="https://news.example/two", published="2025-11-09")
    source, _ = store.add_source_with_snapshot(
        a[0], "https://stats.example/turnout", "official figure", None,
        SnapshotData(requested_url="https://stats.example/turnout", outcome="extracted",
                     sha256="a" * 64, text="61 percent"))
    store.add_source(a[1], "https://prices.example/cpi")
    store.add_verdict(a[0], "Mostly true", "Figure is 60.8 percent")
    store.record_refresh(source, SnapshotData(
        requested_url="https://stats.example/turnout", outcome="extracted", sha256="b" * 64,
        text="58 percent"))
    store.add_verdict(a[1], "False", "CPI rose 4 percent")
    corpus_id = store.corpus_id_of_claim(a[0])
    assert corpus_id is not None
    store.confirm_match(b[0], corpus_id, "same", 0.9)
    store.close()
    return {"first": a[0], "second": a[1], "other": b[0], "source": source}


def test_one_row_per_claim_with_every_provenance_column(db_path: Path, reviewed) -> None:
    rows = export(db_path)
    assert [int(r["claim_id"]) for r in rows] == [reviewed["first"], reviewed["second"],
                                                  reviewed["other"]]
    assert set(COLUMNS) == set(rows[0])
    first = rows[0]
    assert first["article_title"] == "Border talks fail"
    assert first["article_url"] == "https://news.example/talks"
    assert first["article_outlet"] == "Example News"
    assert first["article_published"] == "2025-11-08"
    assert first["claim_text"] == "Turnout was 61 percent in 2024."
    assert json.loads(first["kinds"]) == ["quantity"]
    assert json.loads(first["values"])["speaker"] == {"name": "Ana Ruiz", "role": "minister"}
    assert first["verdict"] == "Mostly true"
    assert first["verdict_note"] == "Figure is 60.8 percent"
    assert first["reviewer"] == "alice"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", first["reviewed_at"])
    assert first["approved_by"] == ""  # two-person review is off: nobody approved
    (source,) = json.loads(first["sources"])
    assert source == {"url": "https://stats.example/turnout", "sha256": "b" * 64,
                      "flag": "source changed since verdict"}


def test_unfetched_source_has_no_hash_and_no_flag(db_path: Path, reviewed) -> None:
    second = export(db_path)[1]
    assert json.loads(second["sources"]) == [
        {"url": "https://prices.example/cpi", "sha256": None, "flag": None}]
    assert second["matches"] == ""


def test_confirmed_match_names_the_claim_it_matches(db_path: Path, reviewed) -> None:
    other = export(db_path)[2]
    (match,) = json.loads(other["matches"])
    assert match["claim_id"] == reviewed["first"]
    assert match["relation"] == "same" and match["verdict"] == "Mostly true"
    assert other["verdict"] == "" and other["sources"] == ""


def test_rejected_match_is_not_listed(db_path: Path, reviewed) -> None:
    store = Store(db_path)
    corpus_id = store.corpus_id_of_claim(reviewed["first"])
    store.reject_match(reviewed["other"], corpus_id)
    store.close()
    assert export(db_path)[2]["matches"] == ""


def test_approved_by_names_the_second_reviewer(db_path: Path, reviewed) -> None:
    alice = Store(db_path, _reviewer="alice")
    alice.set_review_settings(two_person=True)
    alice.add_verdict(reviewed["second"], "Half true")
    alice.close()
    bob = Store(db_path, _reviewer="bob")
    bob.approve_verdict(reviewed["second"], "Half true")
    bob.close()
    rows = {int(r["claim_id"]): r for r in export(db_path)}
    assert rows[reviewed["second"]]["approved_by"] == "bob"
    assert rows[reviewed["first"]]["approved_by"] == ""
    published = export(db_path, "--status", "published")
    assert [int(r["claim_id"]) for r in published] == [reviewed["second"]]


def test_withdrawn_verdict_exports_as_no_verdict(db_path: Path, reviewed) -> None:
    store = Store(db_path, _reviewer="alice")  # who gave it: only its author may undo
    store.undo_verdict(reviewed["second"])
    store.close()
    second = export(db_path)[1]
    assert second["verdict"] == second["reviewer"] == second["reviewed_at"] == ""


def test_filters_by_article_status_verdict_and_since(db_path: Path, reviewed) -> None:
    assert len(export(db_path, "--article", "2")) == 1
    assert [r["verdict"] for r in export(db_path, "--status", "reviewed")] == [
        "Mostly true", "False"]
    assert len(export(db_path, "--status", "unreviewed")) == 1
    assert [r["claim_id"] for r in export(db_path, "--verdict", "false")] == [
        str(reviewed["second"])]
    assert len(export(db_path, "--since", "2000-01-01")) == 2
    assert export(db_path, "--since", "2999-01-01") == []
    assert len(export(db_path, "--article", "1", "--verdict", "mostly TRUE")) == 1


def test_export_csv_writes_to_any_text_stream(db_path: Path, reviewed) -> None:
    # An in-memory stream gets the export in one process, as the CLI's file would.
    store = Store(db_path)
    handle = io.StringIO(newline="")
    count = export_csv(store, handle, article_id=1, status="reviewed")
    store.close()
    assert count == 2
    assert read_csv(handle.getvalue()) == export(db_path, "--article", "1", "--status",
                                                 "reviewed")


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "last week"], "is not a date"),
    (["--verdict", "Pants on fire"], "unknown verdict"),
    (["--article", "99"], "no article with id 99"),
    (["--status", "lost"], "Invalid value for '--status'"),
])
def test_bad_selection_is_one_line_and_writes_nothing(db_path: Path, tmp_path: Path,
                                                      reviewed, args, message) -> None:
    before = db_rows(db_path)
    out = tmp_path / "out.csv"
    result = run(db_path, "export", "csv", "-o", str(out), *args)
    assert result.exit_code != 0
    assert message in result.output
    assert not out.exists() and not (tmp_path / "out.csv.partial").exists()
    assert db_rows(db_path) == before


def test_output_to_a_directory_is_refused(db_path: Path, tmp_path: Path, reviewed) -> None:
    result = run(db_path, "export", "csv", "-o", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.output


def test_excel_flag_writes_a_bom_and_plain_export_does_not(db_path: Path, tmp_path: Path,
                                                          reviewed) -> None:
    excel, plain = tmp_path / "excel.csv", tmp_path / "plain.csv"
    assert run(db_path, "export", "csv", "--excel", "-o", str(excel)).exit_code == 0
    assert run(db_path, "export", "csv", "-o", str(plain)).exit_code == 0
    assert excel.read_bytes().startswith(b"\xef\xbb\xbfclaim_id,")
    assert plain.read_bytes().startswith(b"claim_id,")
    assert excel.read_bytes()[3:] == plain.read_bytes()


def test_rfc4180_quoting_and_crlf_round_trip(db_path: Path, tmp_path: Path) -> None:
    tricky = 'He said "no", then left;\nnew line, comma'
    store = Store(db_path)
    (claim,) = add_article(store, ["Turnout was 61 percent."])
    store.add_verdict(claim, "True", tricky)
    store.close()
    out = tmp_path / "out.csv"
    assert run(db_path, "export", "csv", "-o", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == 2  # header and row; the note's LF stays inside quotes
    assert b'"He said ""no"", then left;\nnew line, comma"' in raw
    (row,) = read_csv(out.read_text(encoding="utf-8"))
    assert row["verdict_note"] == tricky


@pytest.fixture
def dangerous(db_path: Path) -> Path:
    """Every dangerous start in a claim text, a note, a title, an outlet and a source."""
    store = Store(db_path)
    for i, payload in enumerate(DANGEROUS):
        (claim,) = add_article(store, [f"{payload} claim {i} of 61 people."], title=payload,
                               outlet=payload, url=None)
        store.add_verdict(claim, "False", payload)
        store.add_source(claim, payload)
    store.close()
    return db_path


def test_every_dangerous_cell_is_neutralised(dangerous: Path) -> None:
    rows = export(dangerous)
    assert len(rows) == len(DANGEROUS)
    for row, payload in zip(rows, DANGEROUS, strict=True):
        for column in ("claim_text", "verdict_note", "article_title", "article_outlet"):
            assert row[column].startswith("'" + payload[0]), (column, row[column])
            assert row[column][1:].startswith(payload)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), value


def test_safe_cells_are_left_alone(db_path: Path, reviewed) -> None:
    first = export(db_path)[0]
    assert first["claim_text"] == "Turnout was 61 percent in 2024."
    assert first["score"] == "0.5"


def _sheet_formulas(xlsx: Path) -> tuple[int, str]:
    """How many ``<f>`` (formula) elements the workbook has, and its shared strings."""
    with zipfile.ZipFile(xlsx) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        formulas = sum(book.read(n).decode().count("<f") for n in sheets)
        strings = book.read("xl/sharedStrings.xml").decode()
    return formulas, strings


def _libreoffice_convert(csv_path: Path, tmp_path: Path) -> Path:
    soffice = shutil.which("soffice")
    assert soffice is not None
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", "xlsx", "--infilter=CSV:44,34,76,1", "--outdir", str(tmp_path / "lo"),
         str(csv_path)],
        check=True, capture_output=True, timeout=180,
    )
    return tmp_path / "lo" / (csv_path.stem + ".xlsx")


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install "
                           "libreoffice-calc-nogui")
def test_libreoffice_evaluates_no_formula_in_the_export(dangerous: Path, tmp_path: Path) -> None:
    # Control: the same converter does turn an unneutralised cell into a formula, so
    # finding no formula below means the export prevented it.
    control = tmp_path / "control.csv"
    control.write_text("a\r\n=1+1\r\n", encoding="utf-8")
    formulas, _ = _sheet_formulas(_libreoffice_convert(control, tmp_path))
    assert formulas == 1

    out = tmp_path / "export.csv"
    assert run(dangerous, "export", "csv", "-o", str(out)).exit_code == 0
    formulas, strings = _sheet_formulas(_libreoffice_convert(out, tmp_path))
    assert formulas == 0
    assert "&apos;=HYPERLINK(" in strings and "&apos;@SUM(1;2)" in strings


def test_fast_path_agrees_with_csv_cell_for_every_first_character() -> None:
    # write_rows skips csv_cell for strings whose first character it would not touch;
    # that shortcut must give csv_cell's answer for any first character at all.
    from workbench.csv_format import DANGEROUS_FIRST
    from workbench.text_safety import csv_cell

    for code in range(0x10000):
        first = chr(code)
        assert (first in DANGEROUS_FIRST) == (csv_cell(first + "x") != first + "x"), hex(code)


@pytest.mark.parametrize("value", [
    None, 0, 7, -3, 0.5, -0.25, 1e-300, -1e300, float("inf"), float("-inf"), float("nan"),
    True, False, "", "plain", "=1+1", "-x", "'quoted", "\u202e=rtl", b"bytes", ["list"],
])
def test_every_cell_is_what_csv_cell_makes_of_it(value: object) -> None:
    from workbench.text_safety import csv_cell

    handle = io.StringIO(newline="")
    write_rows([("plain", value, "plain")], handle)
    assert list(csv.reader(io.StringIO(handle.getvalue(), newline=""))) == [
        ["plain", csv_cell(value), "plain"]]


def test_csv_on_a_terminal_shows_no_escape_sequences(db_path: Path, tmp_path: Path) -> None:
    # stdout a real pseudo-terminal: the cells lose ESC/C1/bidi, the file keeps them.
    import os
    import pty
    import sys

    hostile = "Turnout \x1b]0;pwned\x07was \x1b[31m61\x1b[0m percent \u009b2J\u202e in 2024."
    store = Store(db_path, _reviewer="alice")
    add_article(store, [hostile])
    store.close()
    out = tmp_path / "export.csv"
    assert run(db_path, "export", "csv", "-o", str(out)).exit_code == 0
    assert hostile in out.read_text(encoding="utf-8")
    main, sub = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from workbench.cli import main; main()", "--db", str(db_path),
         "export", "csv"], stdout=sub, stderr=subprocess.PIPE)
    os.close(sub)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert proc.wait(timeout=60) == 0
    text = shown.decode("utf-8")
    assert "Turnout was 61 percent 2J in 2024." in text
    assert not re.search("[\x1b\x07\x80-\x9f\u202e]", text)
