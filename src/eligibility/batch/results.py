"""One result per record, and how it is written: CSV rows or JSON Lines, and a summary."""

from __future__ import annotations

import collections
import csv
import json
from dataclasses import dataclass, field
from typing import IO, Final, NamedTuple

from eligibility.batch.records import Format

__all__ = ["OUTPUT_COLUMNS", "Result", "Summary", "Writer"]

OUTPUT_COLUMNS: Final = (
    "id",
    "line",
    "valid",
    "errors",
    "warnings",
    "suggestions",
    "reservations_available",
    "tax_inclusive_pricing",
    "problem",
)


class Result(NamedTuple):
    line: int
    id: str
    valid: bool | None
    """None for a row that could not be read."""
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    """``field=value`` for every suggestion."""
    reservations_available: bool | None = None
    tax_inclusive_pricing: bool | None = None
    problem: str | None = None

    def as_csv(self) -> list[object]:
        """The row in OUTPUT_COLUMNS order: codes joined by ``;``, booleans in lower case."""
        return [
            self.id,
            self.line,
            _flag(self.valid),
            ";".join(self.errors),
            ";".join(self.warnings),
            ";".join(self.suggestions),
            _flag(self.reservations_available),
            _flag(self.tax_inclusive_pricing),
            self.problem or "",
        ]

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "line": self.line,
            "valid": self.valid,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "suggestions": list(self.suggestions),
            "reservations_available": self.reservations_available,
            "tax_inclusive_pricing": self.tax_inclusive_pricing,
            "problem": self.problem,
        }


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
        self.codes.update(result.errors)
        self.codes.update(result.warnings)

    @property
    def clean(self) -> bool:
        return self.invalid == 0 and self.unreadable == 0


class Writer:
    """CSV rows (codes joined by ``;``) or JSON Lines (lists and booleans)."""

    def __init__(self, stream: IO[str], fmt: Format) -> None:
        self._stream = stream
        self._csv = csv.writer(stream) if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(OUTPUT_COLUMNS)

    def write(self, result: Result) -> None:
        if self._csv is not None:
            self._csv.writerow(result.as_csv())
        else:
            self._stream.write(json.dumps(result.as_json(), ensure_ascii=False) + "\n")
