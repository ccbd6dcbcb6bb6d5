"""One result per record, and how it is written: CSV rows or JSON Lines, and a summary."""

from __future__ import annotations

import collections
import csv
import json
from dataclasses import dataclass, field
from typing import IO, Final, NamedTuple

from eligibility.batch.records import DEFAULT_CHECK, Format
from eligibility.checks import check_named

__all__ = [
    "OUTPUT_COLUMNS",
    "Finding",
    "ParquetWriter",
    "Result",
    "Summary",
    "Writer",
    "output_columns",
]

_FINDINGS: Final = ("id", "line", "valid", "errors", "warnings", "suggestions", "messages")


def output_columns(check: str = DEFAULT_CHECK) -> tuple[str, ...]:
    """The columns of a result row of ``check``: its findings, its facts, the problem."""
    return (*_FINDINGS, *check_named(check).fact_names, "problem")


OUTPUT_COLUMNS: Final = output_columns()
"""The result columns of the default check's records."""
_FORMULA: Final = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet runs as a formula at the start of a cell (OWASP, CSV injection)."""


class Finding(NamedTuple):
    """One error or warning, as the API answers it."""

    field: str
    code: str
    message: str
    suggestion: str | None

    def as_json(self) -> dict[str, object]:
        return self._asdict()


class Result(NamedTuple):
    line: int
    id: str
    valid: bool | None
    """None for a row that could not be read."""
    errors: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    facts: tuple[bool | None, ...] = ()
    """The check's facts (``Check.fact_names``), in order; empty for an unreadable row."""
    problem: str | None = None

    @property
    def codes(self) -> list[str]:
        return [f.code for f in (*self.errors, *self.warnings)]

    def padded_facts(self, count: int) -> tuple[bool | None, ...]:
        """The facts, or ``count`` unknowns for a row that could not be read."""
        return self.facts or (None,) * count

    def as_csv(self, facts: int) -> list[object]:
        """The row in OUTPUT_COLUMNS order: codes joined by ``;``, suggestions as
        ``field=value``, each finding's field, code and message in ``messages``, booleans
        in lower case; no cell a spreadsheet would run as a formula."""
        suggestions = dict.fromkeys(
            f"{e.field}={e.suggestion}" for e in self.errors if e.suggestion is not None
        )
        messages = [
            f"{kind} {f.field}: {f.code}: {f.message}"
            for kind, found in (("error", self.errors), ("warning", self.warnings))
            for f in found
        ]
        row = [
            self.id,
            self.line,
            _flag(self.valid),
            ";".join(e.code for e in self.errors),
            ";".join(w.code for w in self.warnings),
            ";".join(suggestions),
            " | ".join(messages),
            *(_flag(fact) for fact in self.padded_facts(facts)),
            self.problem or "",
        ]
        return [_inert(cell) for cell in row]

    def as_json(self, fact_names: tuple[str, ...]) -> dict[str, object]:
        return {
            "id": self.id,
            "line": self.line,
            "valid": self.valid,
            "errors": [e.as_json() for e in self.errors],
            "warnings": [w.as_json() for w in self.warnings],
            **dict(zip(fact_names, self.padded_facts(len(fact_names)), strict=True)),
            "problem": self.problem,
        }


def _inert(cell: object) -> object:
    """``cell`` with a leading ``'`` where a spreadsheet would run it as a formula."""
    if isinstance(cell, str) and cell.startswith(_FORMULA):
        return "'" + cell
    return cell


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


@dataclass
class Summary:
    rows: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    codes: collections.Counter[str] = field(default_factory=collections.Counter)

    def add(self, result: Result) -> None:
        self.rows += 1
        if result.valid is None:
            self.unreadable += 1
        elif result.valid:
            self.valid += 1
        else:
            self.invalid += 1
        self.codes.update(result.codes)

    @property
    def clean(self) -> bool:
        return self.invalid == 0 and self.unreadable == 0


class Writer:
    """CSV rows (codes joined by ``;``) or JSON Lines (lists and booleans)."""

    def __init__(self, stream: IO[str], fmt: Format, check: str = DEFAULT_CHECK) -> None:
        self._stream = stream
        self._facts = check_named(check).fact_names
        self._csv = csv.writer(stream) if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(output_columns(check))

    def write(self, result: Result) -> None:
        if self._csv is not None:
            self._csv.writerow(result.as_csv(len(self._facts)))
        else:
            line = json.dumps(result.as_json(self._facts), ensure_ascii=False)
            self._stream.write(line + "\n")

    def close(self) -> None:
        """Nothing buffered: the stream's owner closes it."""


_PARQUET_BATCH: Final = 4096


class ParquetWriter:
    """Parquet rows with the CSV's columns, typed: ``line`` an integer, flags booleans
    (pyarrow: ``eligibility[dask]``)."""

    def __init__(self, path: str, check: str = DEFAULT_CHECK) -> None:
        from eligibility.batch.optional import pyarrow, pyarrow_parquet

        pa = pyarrow()
        self._pa = pa
        self._facts = check_named(check).fact_names
        self._columns = output_columns(check)
        flags = ("valid", *self._facts)
        self._schema = pa.schema(
            [
                (
                    name,
                    pa.int64() if name == "line" else pa.bool_() if name in flags else pa.string(),
                )
                for name in self._columns
            ]
        )
        self._writer = pyarrow_parquet().ParquetWriter(path, self._schema)
        self._rows: list[dict[str, object]] = []

    def write(self, result: Result) -> None:
        facts = len(self._facts)
        row = dict(zip(self._columns, result.as_csv(facts), strict=True))
        row.update(
            id=result.id,
            line=result.line,
            valid=result.valid,
            problem=result.problem,
            **dict(zip(self._facts, result.padded_facts(facts), strict=True)),
        )
        self._rows.append(row)
        if len(self._rows) >= _PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
