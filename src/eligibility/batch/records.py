"""Customer records as files hold them: CSV or JSON Lines in, one :class:`Record` per row.

Reading streams: one row at a time, whatever the file's size. A row that cannot
be read (wrong column count, undecodable text, a JSON line that is not an
object) becomes a Record with a ``problem`` and never stops the run.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Final, Literal, NamedTuple

__all__ = ["COLUMNS", "Format", "Record", "format_of", "read_records"]

Format = Literal["csv", "jsonl"]

COLUMNS: Final = (
    "market",
    "company_phone",
    "billing_country",
    "billing_region",
    "billing_city",
    "billing_postal_code",
    "billing_line1",
    "billing_line2",
    "company_tax_id",
)
"""The fields a record may have (``--map name=column`` renames a file's header)."""
_INDEX: Final = {name: index for index, name in enumerate(COLUMNS)}


class Record(NamedTuple):
    """One row of the input: its line number, its id, and its values by field.

    Named tuples, not dataclasses: chunks of them cross to worker processes and
    back, and tuples pickle at a fraction of the cost.
    """

    line: int
    id: str
    values: tuple[str, ...]
    """In COLUMNS order, ``""`` where the file has no such column."""
    problem: str | None = None
    """Why the row could not be read; then ``values`` is empty."""

    def get(self, name: str) -> str:
        return self.values[_INDEX[name]] if self.values else ""


_NOT_UTF8: Final = re.compile("[\udc80-\udcff]")
"""Bytes that were not UTF-8, kept as lone surrogates by ``surrogateescape``."""


def _undecodable(text: str) -> bool:
    return _NOT_UTF8.search(text) is not None


def _csv_records(stream: IO[str], mapping: Mapping[str, str], id_column: str) -> Iterator[Record]:
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        return
    columns = {name: index for index, name in enumerate(header)}
    fields = [columns.get(mapping.get(name, name)) for name in COLUMNS]
    id_index = columns.get(id_column)
    number = 0
    for row in reader:
        number += 1
        line = reader.line_num
        row_id = row[id_index] if id_index is not None and id_index < len(row) else str(number)
        if not any(cell.strip() for cell in row):
            continue  # a blank line is not a record
        problem = None
        if len(row) != len(header):
            problem = f"line {line}: {len(row)} columns, the header has {len(header)}"
        elif _undecodable("\0".join(row)):
            problem = f"line {line}: text that is not UTF-8"
        if problem is not None:
            yield Record(line, row_id if not _undecodable(row_id) else str(number), (), problem)
            continue
        yield Record(line, row_id, tuple("" if i is None else row[i] for i in fields))


def _jsonl_records(stream: IO[str], mapping: Mapping[str, str], id_column: str) -> Iterator[Record]:
    for line, text in enumerate(stream, 1):
        if not text.strip():
            continue
        try:
            if _undecodable(text):
                raise ValueError("text that is not UTF-8")
            value = json.loads(text)
            if not isinstance(value, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            reason = str(exc).split(":")[0] if isinstance(exc, json.JSONDecodeError) else exc
            yield Record(line, str(line), (), f"line {line}: {reason}")
            continue
        row_id = str(value.get(id_column, line))
        values = tuple(
            "" if (v := value.get(mapping.get(name, name))) is None else str(v) for name in COLUMNS
        )
        yield Record(line, row_id, values)


def read_records(
    stream: IO[str], fmt: Format, mapping: Mapping[str, str] | None = None, id_column: str = "id"
) -> Iterator[Record]:
    """The records of ``stream`` one by one (streaming), unreadable rows included."""
    reader = _csv_records if fmt == "csv" else _jsonl_records
    return reader(stream, mapping or {}, id_column)


def format_of(path: Path, given: str | None) -> Format:
    """``--format``, else the file's extension (.csv, .jsonl, .ndjson)."""
    if given in ("csv", "jsonl"):
        return given  # type: ignore[return-value]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    raise ValueError(f"{path}: say --format csv or jsonl (the extension does not tell)")
