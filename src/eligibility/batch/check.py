"""The check of one record and of a partition of records: what every runner calls.

A record's cells fill its check's request through the check's declared columns
(``Check.columns``), the same rule the route calls answers it, and the same envelope
carries its findings; a runner (``batch.local``, ``batch.cluster``) only decides
where partitions run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eligibility.batch.records import Record
from eligibility.batch.results import Finding, Result
from eligibility.checks import Check, check_named
from eligibility.checks.fields import build_request
from eligibility.ruleset import Ruleset

__all__ = ["check_partition", "check_record", "record_request"]


def record_request(check: Check, record: Record) -> Any:
    """The request a record's cells make: a blank cell is None, except where the field is
    required (the check then says it is missing) or stands in for another column."""
    cells = dict(zip((column.name for column in check.columns), record.values, strict=True))
    values: dict[str, Any] = {}
    for column in check.columns:
        cell = cells[column.name]
        if not cell.strip() and column.default is not None:
            values[column.path] = cells[column.default]
        elif cell.strip() or column.required:
            values[column.path] = cell
        else:
            values[column.path] = None
    return build_request(check.request, values)


def _named_by_column(check: Check, reason: str) -> str:
    """``period.start: Invalid date`` as the file names it: ``column period_start: ...``."""
    path, _, detail = reason.partition(": ")
    for column in check.columns:
        if column.path == path:
            return f"column {column.name}: {detail}"
    return reason


def check_record(ruleset: Ruleset, record: Record, lang: str = "en") -> Result:
    """The check of one record, as the API's route runs it."""
    if record.problem is not None:
        return Result(line=record.line, id=record.id, valid=None, problem=record.problem)
    check = check_named(record.check)
    try:
        request = record_request(check, record)
    except ValueError as exc:  # a date that is not one: the row cannot be read as a request
        problem = f"line {record.line}: {_named_by_column(check, str(exc))}"
        return Result(line=record.line, id=record.id, valid=None, problem=problem)
    answered = check.answer(ruleset, request, lang)
    facts = check.facts(ruleset, request) if check.facts is not None else {}
    return Result(
        line=record.line,
        id=record.id,
        valid=answered.valid,
        errors=tuple(
            Finding(e.field, e.code.value, e.message, e.suggestion) for e in answered.errors
        ),
        warnings=tuple(
            Finding(w.field, w.code.value, w.message, w.suggestion) for w in answered.warnings
        ),
        facts=tuple(facts.get(name) for name in check.fact_names),
    )


def check_partition(ruleset: Ruleset, records: Iterable[Record]) -> list[Result]:
    """Every record's result, in order: the unit of work a runner hands a worker."""
    return [check_record(ruleset, record) for record in records]
