"""The command line: check-file over CSV and JSON Lines, and check one value."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from eligibility.batch import CHUNK_ROWS, COLUMNS, OUTPUT_COLUMNS
from eligibility.cli import main

HEADER = ["id", *(c for c in COLUMNS if c != "company_tax_id")]
"""A file need not have every column: these have no company_tax_id."""
VALID = ["C1", "US", "4258828080", "US", "WA", "Redmond", "98052", "1 Microsoft Way", ""]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[list[str]], tail: bytes = b"") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    if tail:
        with path.open("ab") as handle:
            handle.write(tail)
    return path


def test_every_kind_of_row_gets_one_output_row_in_input_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(
        tmp_path / "customers.csv",
        [
            VALID,
            ["C2", "US", "+1 (425) 882-8080", "US", "WA", "Redmond", "98052", "1 Main St", ""],
            ["C3", "ZZ", "4258828080", "ZZ", "", "", "", "1 Main St", ""],
            ["C4", "RE", "262210000", "FR", "", "Saint-Denis", "97400", "1 rue de Paris", ""],
            ["C5", "US", "too", "few"],  # wrong column count
            [],  # a blank line is not a record
            ["C6", "AU", "0293744000", "AU", "NSW", "Sydney", "2000", "1 George St", ""],
        ],
        tail=b"C7,US,4258828080,US,WA,Redm\xffnd,98052,1 Main St,\r\n",  # not UTF-8
    )
    output = tmp_path / "out.csv"
    assert main(["check-file", str(source), "-o", str(output), "--processes", "1"]) == 1
    rows = _rows(output)
    assert list(rows[0]) == list(OUTPUT_COLUMNS)
    assert [r["id"] for r in rows] == ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]
    by_id = {r["id"]: r for r in rows}
    assert (by_id["C1"]["valid"], by_id["C1"]["errors"], by_id["C1"]["line"]) == ("true", "", "2")
    assert by_id["C2"]["errors"].split(";") == [
        "phone.invalid_characters", "phone.country_code_included", "phone.too_long"]  # fmt: skip
    assert by_id["C2"]["suggestions"] == "company_phone=4258828080"
    assert by_id["C3"]["errors"].startswith("market.unknown")
    assert by_id["C3"]["reservations_available"] == ""
    assert "address.postal_code_other_market" in by_id["C4"]["errors"]
    assert by_id["C4"]["warnings"] == "reservations.unavailable_in_market"
    assert (by_id["C4"]["reservations_available"], by_id["C4"]["tax_inclusive_pricing"]) == (
        "false", "false")  # fmt: skip
    assert (by_id["C5"]["valid"], by_id["C5"]["problem"]) == (
        "", "line 6: 4 columns, the header has 9")  # fmt: skip
    assert (by_id["C6"]["valid"], by_id["C6"]["tax_inclusive_pricing"]) == ("true", "true")
    assert by_id["C7"]["problem"] == "line 9: text that is not UTF-8"
    summary = capsys.readouterr().err
    assert "7 rows" in summary
    assert "2 valid, 3 invalid, 2 unreadable" in summary
    top = summary.split("top codes: ", 1)[1]
    assert "market.unknown 2" in top  # the market and the billing country
    assert "address.postal_code_other_market 1" in top


def test_a_clean_file_exits_zero(tmp_path: Path) -> None:
    source = _write(tmp_path / "clean.csv", [VALID])
    assert main(["check-file", str(source), "-o", str(tmp_path / "o.csv")]) == 0


def test_two_processes_keep_the_order_and_the_answers_of_one(tmp_path: Path) -> None:
    phones = ["4258828080", "+1 425 882 8080", "1234", "0014258828080"]
    rows = [
        [f"R{n:05d}", "US", phones[n % 4], "US", "WA", "Redmond", "98052", f"{n} Main St", ""]
        for n in range(CHUNK_ROWS * 3 + 17)  # several chunks in flight at once
    ]
    source = _write(tmp_path / "many.csv", rows)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    main(["check-file", str(source), "-o", str(one), "--processes", "1"])
    main(["check-file", str(source), "-o", str(two), "--processes", "2"])
    assert one.read_bytes() == two.read_bytes()
    assert [r["id"] for r in _rows(two)] == [row[0] for row in rows]


def test_json_lines_in_and_out_with_renamed_columns(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"customer": "A", "country": "FR", "Phone": "+33 1 23 45 67 89",
                    "billing_city": "Paris", "billing_postal_code": "75008",
                    "billing_line1": "1 rue de Rivoli"}) + "\n"
        + "[1, 2]\n" + "{not json\n",
        encoding="utf-8",
    )  # fmt: skip
    output = tmp_path / "out.jsonl"
    code = main([
        "check-file", str(source), "-o", str(output), "--id-column", "customer",
        "--map", "market=country", "--map", "company_phone=Phone",
    ])  # fmt: skip
    assert code == 1
    first, second, third = (json.loads(line) for line in output.read_text().splitlines())
    assert first["id"] == "A"
    assert first["errors"] == [
        "phone.invalid_characters", "phone.country_code_included", "phone.too_long"]  # fmt: skip
    assert first["suggestions"] == ["company_phone=123456789"]
    assert (second["valid"], second["problem"]) == (None, "line 2: not a JSON object")
    assert third["problem"].startswith("line 3: ")


def test_a_bad_map_or_format_stops_before_reading(tmp_path: Path) -> None:
    source = _write(tmp_path / "c.csv", [VALID])
    assert main(["check-file", str(source), "-o", str(tmp_path / "o"), "--map", "x=y"]) == 2
    assert main(["check-file", str(tmp_path / "c.txt"), "-o", str(tmp_path / "o.csv")]) == 2


@pytest.mark.parametrize(
    ("argv", "code", "text"),
    [
        (["check", "phone", "FR", "+33 1 23 45 67 89"], 1, "phone.country_code_included"),
        (["check", "phone", "FR", "0123456789"], 0, "valid"),
        (["check", "market", "CN"], 1, "reservations.unavailable_in_market"),
        (["check", "market", "DE"], 0, "reservations_available True"),
        (["check", "address", "US", "--region", "PR", "--city", "San Juan",
          "--postal-code", "00901", "--line1", "1 Calle"], 1, "address.region_other_market"),
    ],
)  # fmt: skip
def test_check_one_value(
    argv: list[str], code: int, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == code
    assert text in capsys.readouterr().out


def test_a_company_tax_id_column_is_checked_for_the_market(tmp_path: Path) -> None:
    source = tmp_path / "taxes.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["id", "market", "company_phone", "billing_region", "billing_city",
                 "billing_postal_code", "billing_line1", "company_tax_id"],
                ["B1", "BR", "1123456789", "SP", "São Paulo", "01310-100", "Av 1", ""],
                ["B2", "BR", "1123456789", "SP", "São Paulo", "01310-100", "Av 1",
                 "11.222.333/0001-81"],
                ["D1", "DE", "301234567", "", "Berlin", "10115", "Str 1", "DE136695978"],
            ]
        )  # fmt: skip
    output = tmp_path / "out.csv"
    assert main(["check-file", str(source), "-o", str(output), "--processes", "1"]) == 1
    by_id = {r["id"]: r for r in _rows(output)}
    assert by_id["B1"]["errors"] == "tax_id.required"
    assert by_id["B2"]["valid"] == "true"
    assert by_id["D1"]["errors"] == "tax_id.invalid_checksum"


def test_check_a_tax_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "tax-id", "DE", "de 136 695 976", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["tax_id"]["compact"] == "DE136695976"
    assert main(["check", "tax-id", "FR", "DE136695976"]) == 1
    assert "tax_id.other_country" in capsys.readouterr().out


def test_check_json_is_the_apis_answer(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "phone", "AU", "+61 2 9374 4000", "--json"])
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == {"valid", "errors", "warnings", "rules_version"}
    assert {e["suggestion"] for e in answer["errors"]} == {"293744000"}


def test_a_terminal_gets_a_progress_bar_and_a_pipe_gets_plain_lines(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    source = _write(tmp_path / "c.csv", [VALID] * 3000)
    command = [sys.executable, "-m", "eligibility", "check-file", str(source),
               "-o", str(tmp_path / "o.csv"), "--processes", "1"]  # fmt: skip
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    with subprocess.Popen(command, stderr=follower, stdout=subprocess.DEVNULL, env=env) as run:
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        assert run.wait() == 0
    os.close(leader)
    assert "━".encode() in seen  # rich's bar
    assert b"3,000 rows in" in seen
    piped = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "━" not in piped.stderr
    assert "check-file: 3,000 rows in" in piped.stderr
