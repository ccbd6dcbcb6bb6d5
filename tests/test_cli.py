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
    # JSON Lines carry each finding as an object: field, code, message, suggestion (issue 22).
    assert [e["code"] for e in first["errors"]] == [
        "phone.invalid_characters", "phone.country_code_included", "phone.too_long"]  # fmt: skip
    assert {(e["field"], e["suggestion"]) for e in first["errors"]} == {
        ("company_phone", "123456789")}  # fmt: skip
    assert all(e["message"] for e in first["errors"])
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
        (["check", "market", "DE"], 0, "reservations_available yes"),  # in words (issue 22)
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
                ["P1", "PL", "221234567", "", "Warszawa", "00-001", "ul. Prosta 1", ""],
            ]
        )  # fmt: skip
    output = tmp_path / "out.csv"
    assert main(["check-file", str(source), "-o", str(output), "--processes", "1"]) == 1
    by_id = {r["id"]: r for r in _rows(output)}
    assert by_id["B1"]["errors"] == "tax_id.required"
    assert by_id["B2"]["valid"] == "true"
    assert by_id["D1"]["errors"] == "tax_id.invalid_checksum"
    # Poland: one of the 24 markets where Partner Center requires a tax ID (March 2021)
    assert "tax_id.required" in by_id["P1"]["errors"]


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


def _write_raw(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_headers_that_do_not_match_stop_before_the_first_row_and_say_how_to_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write_raw(
        tmp_path / "export.csv", "CustomerID,Country,Phone,Zip\nC1,FR,0142928100,75008\n"
    )
    output = tmp_path / "out.csv"
    assert main(["check-file", str(source), "-o", str(output)]) == 2
    said = capsys.readouterr().err
    assert "missing column(s) market, company_phone, billing_line1" in said
    assert "the header has CustomerID, Country, Phone, Zip" in said
    assert "--map market=Country --map company_phone=Phone --id-column CustomerID" in said
    assert not output.exists()


def test_a_semicolon_export_with_a_byte_order_mark_is_read_as_meant(tmp_path: Path) -> None:
    text = "id;market;company_phone;billing_line1;billing_city;billing_postal_code\n"
    text += "C1;FR;0142928100;1 rue de Rivoli;Paris;75001\n"
    source = tmp_path / "excel.csv"
    source.write_bytes(b"\xef\xbb\xbf" + text.encode())
    output = tmp_path / "out.csv"
    assert main(["check-file", str(source), "-o", str(output)]) == 0
    [row] = _rows(output)
    assert (row["id"], row["valid"]) == ("C1", "true")


def test_the_output_is_never_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "c.csv", [VALID])
    before = source.read_bytes()
    assert main(["check-file", str(source), "-o", str(source)]) == 2
    assert "would overwrite the input" in capsys.readouterr().err
    assert source.read_bytes() == before


def test_an_unwritable_output_is_exit_2_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path / "c.csv", [VALID])
    assert main(["check-file", str(source), "-o", str(tmp_path / "no" / "such" / "o.csv")]) == 2
    said = capsys.readouterr().err
    assert "cannot start" in said
    assert "Traceback" not in said


def test_a_huge_field_is_a_problem_row_and_the_rows_after_it_are_checked(tmp_path: Path) -> None:
    huge = ["C2", "US", "4258828080", "US", "WA", "Redmond", "98052", "x" * 200_000, ""]
    source = _write(tmp_path / "c.csv", [VALID, huge, [*VALID[:1], *VALID[1:]]])
    output = tmp_path / "o.csv"
    assert main(["check-file", str(source), "-o", str(output), "--processes", "1"]) == 1
    rows = _rows(output)
    assert [r["valid"] for r in rows] == ["true", "", "true"]
    assert "field larger than field limit" in rows[1]["problem"]


def test_cells_a_spreadsheet_would_run_are_neutralised_and_messages_are_written(
    tmp_path: Path,
) -> None:
    formula = ['=HYPERLINK("http://x")', *VALID[1:]]
    cmd = ["+cmd|' /C calc'!A0", "US", "+1 425 882 8080", *VALID[3:]]
    source = _write(tmp_path / "c.csv", [formula, cmd, ["@SUM(1)", *VALID[1:]]])
    output = tmp_path / "o.csv"
    main(["check-file", str(source), "-o", str(output), "--processes", "1"])
    rows = _rows(output)
    assert [r["id"] for r in rows] == [
        '\'=HYPERLINK("http://x")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(1)",
    ]
    assert rows[1]["messages"].startswith("error company_phone: phone.invalid_characters: Use")


def test_the_output_format_follows_the_outputs_extension(tmp_path: Path) -> None:
    source = _write(tmp_path / "c.csv", [VALID])
    output = tmp_path / "checked.jsonl"
    assert main(["check-file", str(source), "-o", str(output)]) == 0
    assert json.loads(output.read_text().splitlines()[0])["id"] == "C1"


def test_a_file_of_credit_requests_is_checked_row_by_row(tmp_path: Path) -> None:
    source = tmp_path / "credits.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["id", "market", "subscription_id", "customer_name", "amount", "currency",
                 "period_start", "period_end", "bill_date", "reason", "as_of"],
                ["R1", "FR", "6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b", "Contoso", "120.00", "EUR",
                 "2026-10-01", "2026-10-31", "2026-11-01", "Outage", "2026-12-02"],
                ["R2", "JP", "6b1f3a9e0c2d4e5f8a7b", "Contoso KK", "1200.50", "JPY",
                 "2026-10-31", "2026-10-01", "2026-11-01", "Outage", "2026-12-02"],
                ["R3", "FR", "6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b", "Contoso", "120.00", "EUR",
                 "not a date", "2026-10-31", "2026-11-01", "Outage", "2026-12-02"],
            ]
        )  # fmt: skip
    output = tmp_path / "out.csv"
    argv = ["check-file", str(source), "-o", str(output), "--check", "credit_request"]
    assert main([*argv, "--processes", "1"]) == 1
    by_id = {r["id"]: r for r in _rows(output)}
    assert by_id["R1"]["valid"] == "true"
    assert by_id["R2"]["errors"].split(";") == [
        "subscription_id.invalid",
        "amount.too_many_decimals",
        "credit.period_reversed",
    ]
    assert by_id["R3"]["valid"] == ""
    assert by_id["R3"]["problem"].startswith("line 4: column period_start: ")


def test_check_a_subscription_validation_request(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["check", "subscription-validation", "{6B1F3A9E-0C2D-4E5F-8A7B-9C0D1E2F3A4B}", "US"]
    address = ["--region", "WA", "--city", "Redmond", "--postal-code", "98052"]
    assert main([*argv, *address, "--line1", "1 Microsoft Way", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["warnings"][0]["suggestion"] == "6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b"
    assert main([*argv, *address]) == 1
    assert "address.required" in capsys.readouterr().out


def test_a_misspelt_column_stops_before_the_first_row_naming_the_closest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = [("billing_postcode" if c == "billing_postal_code" else c) for c in HEADER]
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, VALID])
    output = tmp_path / "out.csv"
    assert main(["check-file", str(source), "-o", str(output), "--processes", "1"]) == 2
    said = capsys.readouterr().err
    assert "billing_postcode: not a column of account_setup; did you mean " in said
    assert "(--map billing_postal_code=billing_postcode)" in said
    assert not output.exists()
    argv = ["check-file", str(source), "-o", str(output), "--processes", "1"]
    assert main([*argv, "--map", "billing_postal_code=billing_postcode"]) == 0
    assert main([*argv, "--ignore-unknown-columns"]) == 1
    assert _rows(output)[0]["errors"] == "address.required"


def test_a_misspelt_key_in_json_lines_is_named_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    record = dict(zip(HEADER, VALID, strict=True))
    record["billing_citty"] = record.pop("billing_city")
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["check-file", str(source), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "did you mean billing_city? (--map billing_city=billing_citty)" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["-o", "{tmp}/out.xlsx"], "out.xlsx: cannot write a .xlsx file; name it .csv"),
        (["-o", "{tmp}/o.csv", "--map", "bogus=Foo"], "--map bogus=Foo: expected NAME=COLUMN"),
        (
            ["-o", "{tmp}/o.csv", "--scheduler", "tcp://127.0.0.1:1"],
            "the Dask scheduler tcp://127.0.0.1:1 cannot be reached",
        ),
    ],
)
def test_a_run_that_cannot_start_says_why_in_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], says: str
) -> None:
    source = _write(tmp_path / "in.csv", [VALID])
    argv = [a.replace("{tmp}", str(tmp_path)) for a in extra]
    assert main(["check-file", str(source), *argv]) == 2
    said = capsys.readouterr().err
    assert says in said
    assert "(" not in said.split(says)[0]
    assert "Traceback" not in said
    assert not (tmp_path / "out.xlsx").exists()
