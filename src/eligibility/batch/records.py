"""Customer records as files hold them: CSV, JSON Lines or Parquet in, one :class:`Record` per row.

Reading streams: one row at a time, whatever the file's size. A row that cannot
be read (wrong column count, undecodable text, a JSON line that is not an
object) becomes a Record with a ``problem`` and never stops the run.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Final, Literal, NamedTuple

from eligibility.checks import Check, Column, check_named

__all__ = [
    "COLUMNS",
    "DEFAULT_CHECK",
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
    "unknown_columns",
]

Format = Literal["csv", "jsonl", "parquet"]

DEFAULT_CHECK: Final = "account_setup"
"""The check a customer file's records answer unless told another (``--check``)."""
COLUMNS: Final = tuple(column.name for column in check_named(DEFAULT_CHECK).columns)
"""The columns of the default check's records (``--map name=column`` renames a header)."""


class Record(NamedTuple):
    """One row of the input: its line number, its id, and its values by field.

    Named tuples, not dataclasses: chunks of them cross to worker processes and
    back, and tuples pickle at a fraction of the cost.
    """

    line: int
    id: str
    values: tuple[str, ...]
    """In the order of the check's columns, ``""`` where the file has no such column."""
    problem: str | None = None
    """Why the row could not be read; then ``values`` is empty."""
    check: str = DEFAULT_CHECK
    """The name of the check the record answers (``eligibility.checks``)."""


_NOT_UTF8: Final = re.compile("[\udc80-\udcff]")
"""Bytes that were not UTF-8, kept as lone surrogates by ``surrogateescape``."""


def _undecodable(text: str) -> bool:
    return _NOT_UTF8.search(text) is not None


REQUIRED_COLUMNS: Final = tuple(
    column.name for column in check_named(DEFAULT_CHECK).columns if column.required
)
"""Without these no row of the default check can be checked: a file that lacks one stops
before its first row."""
DELIMITERS: Final = (",", ";", "\t", "|")
FIELD_LIMIT: Final = 128 * 1024
"""A cell longer than this is a problem row, not the end of the run."""
_ID_SYNONYMS: Final = ("id", "customer_id", "customerid", "account_id", "client_id")


class ColumnsProblem(ValueError):
    """The file's header lacks a column no row can be checked without."""


def _folded(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def suggested_map(header: list[str], missing: list[Column], id_column: str) -> list[str]:
    """``--map`` (and ``--id-column``) options that would read the missing columns from
    the header's own names, where one reads as one (``Phone`` for company_phone)."""
    by_folded = {_folded(name): name for name in header}
    options = []
    for column in missing:
        name = column.name
        for synonym in (name, *column.synonyms):
            if synonym in by_folded:
                options.append(f"--map {name}={by_folded[synonym]}")
                break
    if id_column not in header:
        found = next((by_folded[s] for s in _ID_SYNONYMS if s in by_folded), None)
        if found is not None:
            options.append(f"--id-column {found}")
    return options


def unknown_columns(
    header: list[str], mapping: Mapping[str, str], id_column: str, check: Check
) -> list[str]:
    """The header's names no column of ``check`` is read from, each with the closest
    column it may have meant and the ``--map`` that reads it:
    ``billing_postcode: not a column of account_setup; did you mean billing_postal_code?
    (--map billing_postal_code=billing_postcode)``."""
    read = {mapping.get(column.name, column.name) for column in check.columns} | {id_column}
    names = [column.name for column in check.columns]
    by_synonym = {s: c.name for c in check.columns for s in (c.name, *c.synonyms)}
    found = []
    for name in header:
        if name in read or not name.strip():
            continue
        folded = _folded(name)
        guess = by_synonym.get(folded) or next(
            iter(difflib.get_close_matches(folded, names, n=1, cutoff=0.6)), None
        )
        text = f"{name}: not a column of {check.name}"
        if guess is not None and guess not in mapping:
            text += f"; did you mean {guess}? (--map {guess}={name})"
        found.append(text)
    return found


def check_header(
    header: list[str],
    mapping: Mapping[str, str],
    id_column: str,
    check: Check,
    *,
    ignore_unknown: bool = False,
) -> None:
    """Raise ColumnsProblem naming the missing columns, the header found and a fix; and,
    unless ``ignore_unknown``, the header's columns that no field is read from (a
    misspelt ``billing_postcode`` would otherwise leave every row without its postcode)."""
    missing = [
        column
        for column in check.columns
        if column.required and mapping.get(column.name, column.name) not in header
    ]
    problems = []
    if missing:
        fix = suggested_map(header, missing, id_column)
        names = ", ".join(column.name for column in missing)
        problem = f"missing column(s) {names}; the header has {', '.join(header) or 'nothing'}"
        problems.append(problem + (f"; try {' '.join(fix)}" if fix else ""))
    unknown = [] if ignore_unknown else unknown_columns(header, mapping, id_column, check)
    if unknown:
        problems.append(
            "; ".join(unknown) + " (--ignore-unknown-columns checks the file without them)"
        )
    if problems:
        raise ColumnsProblem(". ".join(problems))


def sniff_delimiter(first_line: str) -> str:
    """The delimiter the header line uses most (a semicolon-separated export)."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_records(
    stream: IO[str],
    check: Check,
    mapping: Mapping[str, str],
    id_column: str,
    delimiter: str | None = None,
    *,
    ignore_unknown: bool = False,
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
    check_header(header, mapping, id_column, check, ignore_unknown=ignore_unknown)
    columns = {name: index for index, name in enumerate(header)}
    fields = [columns.get(mapping.get(c.name, c.name)) for c in check.columns]
    id_index = columns.get(id_column)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield Record(
                reader.line_num, str(number), (), f"line {reader.line_num}: {exc}", check.name
            )
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
            row_id = row_id if not _undecodable(row_id) else str(number)
            yield Record(line, row_id, (), problem, check.name)
            continue
        yield Record(
            line, row_id, tuple("" if i is None else row[i] for i in fields), None, check.name
        )


def _jsonl_records(
    stream: IO[str],
    check: Check,
    mapping: Mapping[str, str],
    id_column: str,
    ignore_unknown: bool = False,
) -> Iterator[Record]:
    first = True
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
            yield Record(line, str(line), (), f"line {line}: {reason}", check.name)
            continue
        if first and not ignore_unknown:  # the first record's keys stand for the header
            unknown = unknown_columns(list(value), mapping, id_column, check)
            if unknown:
                raise ColumnsProblem(
                    f"line {line}: "
                    + "; ".join(unknown)
                    + " (--ignore-unknown-columns checks the file without them)"
                )
        first = False
        row_id = str(value.get(id_column, line))
        yield Record(line, row_id, _cells(value, check, mapping), None, check.name)


def _cells(row: Mapping[str, object], check: Check, mapping: Mapping[str, str]) -> tuple[str, ...]:
    """A row's values in the order of the check's columns, ``""`` where it has none."""
    return tuple(
        "" if (v := row.get(mapping.get(c.name, c.name))) is None else str(v) for c in check.columns
    )


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
    *,
    check: str = DEFAULT_CHECK,
    ignore_unknown: bool = False,
) -> Iterator[Record]:
    """The records of ``stream`` one by one (streaming), unreadable rows included, each
    holding the columns of ``check``.

    A CSV's delimiter is ``delimiter``, else the one its header line uses most; its
    header must name the check's required columns (ColumnsProblem, before the first row)."""
    declared = check_named(check)
    if fmt == "csv":
        return _csv_records(
            stream, declared, mapping or {}, id_column, delimiter, ignore_unknown=ignore_unknown
        )
    return _jsonl_records(stream, declared, mapping or {}, id_column, ignore_unknown)


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
    path: Path,
    mapping: Mapping[str, str] | None = None,
    id_column: str = "id",
    check: str = DEFAULT_CHECK,
    ignore_unknown: bool = False,
) -> Iterator[Record]:
    """The rows of a Parquet file as records, in batches (pyarrow: ``eligibility[dask]``).

    A row's ``line`` is its position, from 1; its required columns are checked first."""
    from eligibility.batch.optional import pyarrow_parquet

    parquet = pyarrow_parquet().ParquetFile(path)
    names = list(parquet.schema_arrow.names)
    mapping = mapping or {}
    declared = check_named(check)
    check_header(names, mapping, id_column, declared, ignore_unknown=ignore_unknown)
    line = 0
    for batch in parquet.iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            line += 1
            row_id = row.get(id_column)
            values = _cells(row, declared, mapping)
            yield Record(line, str(line) if row_id is None else str(row_id), values, None, check)
