"""Check a whole file of customer records: CSV or JSON Lines in, one result per row out.

The same rule function the account-setup route calls (``check_account_setup``)
runs over every record, in this process or in worker processes that each load
the rules once. Rows stream through in chunks with a bounded number in flight,
so memory stays flat whatever the file's size, and results are written in input
order. A row that cannot be read (wrong column count, undecodable text, a JSON
line that is not an object) gets an output row saying why and never stops the
run. Neither the rules nor the routes know about files or processes.
"""

from __future__ import annotations

import collections
import csv
import json
import multiprocessing
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final, Literal, NamedTuple

import phonenumbers

from eligibility.rules.account import check_account_setup
from eligibility.rules.address import PlainAddress, preload_address_formats
from eligibility.rules.markets import find_market
from eligibility.rules.phone import check_company_phone, preload_phone_metadata
from eligibility.rules.regions import load_regions
from eligibility.ruleset import Ruleset, load_ruleset

__all__ = [
    "COLUMNS",
    "OUTPUT_COLUMNS",
    "Record",
    "Result",
    "Summary",
    "check_file",
    "check_record",
    "check_records",
    "format_of",
    "read_records",
]

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
)
"""The fields a record may have (``--map name=column`` renames a file's header)."""
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
_INDEX: Final = {name: index for index, name in enumerate(COLUMNS)}
CHUNK_ROWS: Final = 500
"""Rows sent to a worker at once: large enough that the transfer costs little."""
IN_FLIGHT_PER_WORKER: Final = 4
"""Chunks queued per worker: enough to keep it busy, few enough to keep memory flat."""


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


def _blank(value: str | None) -> str | None:
    return value if value and value.strip() else None


def check_record(ruleset: Ruleset, record: Record, lang: str = "en") -> Result:
    """The account-setup check of one record, as the API's route runs it."""
    if record.problem is not None:
        return Result(line=record.line, id=record.id, valid=None, problem=record.problem)
    market = record.get("market")
    billing = PlainAddress(
        country=record.get("billing_country") or market,
        region=_blank(record.get("billing_region")),
        city=_blank(record.get("billing_city")),
        postal_code=_blank(record.get("billing_postal_code")),
        line1=_blank(record.get("billing_line1")),
    )
    checked = check_account_setup(ruleset, market, record.get("company_phone"), billing, lang=lang)
    found = find_market(ruleset, market)
    suggestions = dict.fromkeys(
        f"{e.field}={e.suggestion}" for e in checked.errors if e.suggestion is not None
    )
    return Result(
        line=record.line,
        id=record.id,
        valid=not checked.errors,
        errors=tuple(e.code.value for e in checked.errors),
        warnings=tuple(w.code.value for w in checked.warnings),
        suggestions=tuple(suggestions),
        reservations_available=found.reservations_available if found else None,
        tax_inclusive_pricing=found.tax_inclusive_pricing if found else None,
    )


# ------------------------------------------------------------------------ reading


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


# ------------------------------------------------------------------------ checking

_worker_ruleset: Ruleset | None = None
"""The rules a worker process checks with: inherited from the parent when workers are
forked (loaded and warmed once), or loaded by _init_worker where they are spawned."""


def _init_worker(data_dir: str) -> None:
    global _worker_ruleset  # noqa: PLW0603 (one ruleset per worker process, loaded once)
    _worker_ruleset = load_ruleset(Path(data_dir))
    _warm_up(_worker_ruleset)


def _warm_up(ruleset: Ruleset) -> None:
    """Load every region's phone metadata and compile its patterns now: a file mixes
    every region, and a forked worker then starts with them compiled."""
    preload_phone_metadata()
    preload_address_formats(ruleset)
    for market in ruleset.markets:
        load_regions(ruleset, market.code)
    for region in sorted(phonenumbers.SUPPORTED_REGIONS & set(ruleset.by_code)):
        example = phonenumbers.example_number(region)
        if example is not None:
            check_company_phone(
                ruleset, region, f"+{example.country_code} {example.national_number}"
            )


def _check_chunk(chunk: list[Record]) -> list[Result]:
    assert _worker_ruleset is not None
    return [check_record(_worker_ruleset, record) for record in chunk]


def _chunks(records: Iterable[Record]) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check_records(
    records: Iterable[Record], ruleset: Ruleset, data_dir: Path, processes: int
) -> Iterator[Result]:
    """Results in input order; ``processes`` > 1 spreads chunks over worker processes
    with at most IN_FLIGHT_PER_WORKER chunks each queued at a time."""
    global _worker_ruleset  # noqa: PLW0603 (handed to forked workers)
    _warm_up(ruleset)
    if processes <= 1:
        for record in records:
            yield check_record(ruleset, record)
        return
    if "fork" in multiprocessing.get_all_start_methods():
        # Nothing runs in another thread yet; the workers share the warmed rules.
        _worker_ruleset = ruleset
        pool = multiprocessing.get_context("fork").Pool(processes)
    else:
        context = multiprocessing.get_context("spawn")
        pool = context.Pool(processes, initializer=_init_worker, initargs=(str(data_dir),))
    with pool:
        pending: collections.deque[Any] = collections.deque()
        for chunk in _chunks(records):
            pending.append(pool.apply_async(_check_chunk, (chunk,)))
            while len(pending) >= processes * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


# ------------------------------------------------------------------------ writing


class _Writer:
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


def check_file(
    source: Path,
    output: Path,
    ruleset: Ruleset,
    data_dir: Path,
    *,
    fmt: Format,
    output_fmt: Format,
    processes: int,
    mapping: Mapping[str, str] | None = None,
    id_column: str = "id",
    progress: Callable[[Summary], None] | None = None,
) -> Summary:
    """Check every record of ``source`` and write one row per record to ``output``."""
    summary = Summary()
    with (
        source.open(encoding="utf-8", errors="surrogateescape", newline="") as raw,
        output.open("w", encoding="utf-8", newline="") as out,
    ):
        records = read_records(raw, fmt, mapping, id_column)
        writer = _Writer(out, output_fmt)
        for result in check_records(records, ruleset, data_dir, processes):
            writer.write(result)
            summary.add(result)
            if progress is not None and summary.rows % 1000 == 0:
                progress(summary)
    if progress is not None:
        progress(summary)
    return summary
