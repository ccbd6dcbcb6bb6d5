"""Customer records as files hold them: CSV or JSON Lines in, one :class:`Record` per row.

Reading streams: one row at a time, whatever the file's size. A row that cannot
be read (wrong column count, undecodable text, a JSON line that is not an
object) becomes a Record with a ``problem`` and never stops the run.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Final, Literal, NamedTuple

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "ColumnsProblem",
    "Format",
    "Record",
    "check_header",
    "format_of",
    "parquet_records",
    "read_records",
    "sniff_delimiter",
    "suggested_map",
]

Format = Literal["csv", "jsonl", "parquet"]

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


REQUIRED_COLUMNS: Final = ("market", "company_phone", "billing_line1")
"""Without these no row can be checked: a file that lacks one stops before its first row."""
DELIMITERS: Final = (",", ";", "\t", "|")
FIELD_LIMIT: Final = 128 * 1024
"""A cell longer than this is a problem row, not the end of the run."""
_SYNONYMS: Final = {
    "market": ("country", "country_code", "market_code", "pays"),
    "company_phone": ("phone", "telephone", "tel", "phone_number", "company_phone_number"),
    "company_tax_id": ("vat", "vat_number", "vat_id", "tax_id", "tax_number"),
    "billing_line1": ("address", "street", "address1", "address_line1", "line1", "street_address"),
    "billing_line2": ("address2", "address_line2", "line2"),
    "billing_city": ("city", "town", "ville"),
    "billing_region": ("state", "region", "province"),
    "billing_postal_code": ("zip", "zipcode", "zip_code", "postcode", "postal_code", "plz"),
}
_ID_SYNONYMS: Final = ("id", "customer_id", "customerid", "account_id", "client_id")


class ColumnsProblem(ValueError):
    """The file's header lacks a column no row can be checked without."""


def _folded(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def suggested_map(header: list[str], missing: list[str], id_column: str) -> list[str]:
    """``--map`` (and ``--id-column``) options that would read the missing columns from
    the header's own names, where one reads as one (``Phone`` for company_phone)."""
    by_folded = {_folded(name): name for name in header}
    options = []
    for name in missing:
        for synonym in (name, *_SYNONYMS.get(name, ())):
            if synonym in by_folded:
                options.append(f"--map {name}={by_folded[synonym]}")
                break
    if id_column not in header:
        found = next((by_folded[s] for s in _ID_SYNONYMS if s in by_folded), None)
        if found is not None:
            options.append(f"--id-column {found}")
    return options


def check_header(header: list[str], mapping: Mapping[str, str], id_column: str) -> None:
    """Raise ColumnsProblem naming the missing columns, the header found and a fix."""
    missing = [name for name in REQUIRED_COLUMNS if mapping.get(name, name) not in header]
    if not missing:
        return
    fix = suggested_map(header, missing, id_column)
    message = (
        f"missing column(s) {', '.join(missing)}; the header has {', '.join(header) or 'nothing'}"
    )
    if fix:
        message += f"; try {' '.join(fix)}"
    raise ColumnsProblem(message)


def sniff_delimiter(first_line: str) -> str:
    """The delimiter the header line uses most (a semicolon-separated export)."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_records(
    stream: IO[str], mapping: Mapping[str, str], id_column: str, delimiter: str | None = None
) -> Iterator[Record]:
    lines: Iterable[str] = stream
    if delimiter is None:
        first = stream.readline()
        delimiter = sniff_delimiter(first)
        lines = _Rewound(first, stream)
    csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    check_header(header, mapping, id_column)
    columns = {name: index for index, name in enumerate(header)}
    fields = [columns.get(mapping.get(name, name)) for name in COLUMNS]
    id_index = columns.get(id_column)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield Record(reader.line_num, str(number), (), f"line {reader.line_num}: {exc}")
            continue
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


class _Rewound:
    """``stream`` with its first line given back (read to sniff the delimiter)."""

    def __init__(self, first: str, stream: IO[str]) -> None:
        self._first: str | None = first
        self._stream = stream

    def __iter__(self) -> Iterator[str]:
        if self._first:
            yield self._first
        self._first = None
        yield from self._stream


def read_records(
    stream: IO[str],
    fmt: Format,
    mapping: Mapping[str, str] | None = None,
    id_column: str = "id",
    delimiter: str | None = None,
) -> Iterator[Record]:
    """The records of ``stream`` one by one (streaming), unreadable rows included.

    A CSV's delimiter is ``delimiter``, else the one its header line uses most; its
    header must name REQUIRED_COLUMNS (ColumnsProblem, before the first row)."""
    if fmt == "csv":
        return _csv_records(stream, mapping or {}, id_column, delimiter)
    return _jsonl_records(stream, mapping or {}, id_column)


def format_of(path: Path, given: str | None) -> Format:
    """``--format``, else the file's extension (.csv, .jsonl, .ndjson, .parquet)."""
    if given in ("csv", "jsonl", "parquet"):
        return given  # type: ignore[return-value]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise ValueError(f"{path}: say --format csv, jsonl or parquet (the extension does not tell)")


def parquet_records(
    path: Path, mapping: Mapping[str, str] | None = None, id_column: str = "id"
) -> Iterator[Record]:
    """The rows of a Parquet file as records, in batches (pyarrow: ``eligibility[dask]``).

    A row's ``line`` is its position, from 1; its required columns are checked first."""
    from eligibility.batch.optional import pyarrow_parquet

    parquet = pyarrow_parquet().ParquetFile(path)
    names = list(parquet.schema_arrow.names)
    mapping = mapping or {}
    check_header(names, mapping, id_column)
    line = 0
    for batch in parquet.iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            line += 1
            values = tuple(
                "" if (v := row.get(mapping.get(name, name))) is None else str(v)
                for name in COLUMNS
            )
            row_id = row.get(id_column)
            yield Record(line, str(line) if row_id is None else str(row_id), values)
