"""The local runner: partitions of records checked in this process or in worker processes.

Workers each load the rules once (inherited from a warmed parent where workers
are forked, loaded by the initializer where they are spawned). Rows stream
through in partitions with a bounded number in flight, so memory stays flat
whatever the file's size, and results come back in input order.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from eligibility.batch.check import check_partition, check_record
from eligibility.batch.records import (
    DEFAULT_CHECK,
    Format,
    Record,
    parquet_records,
    read_records,
)
from eligibility.batch.results import ParquetWriter, Result, Summary, Writer
from eligibility.rules.warmup import warm_up
from eligibility.ruleset import Ruleset, load_ruleset

__all__ = ["CHUNK_ROWS", "IN_FLIGHT_PER_WORKER", "check_file", "check_records", "chunks"]

CHUNK_ROWS: Final = 500
"""Rows sent to a worker at once: large enough that the transfer costs little."""
IN_FLIGHT_PER_WORKER: Final = 4
"""Chunks queued per worker: enough to keep it busy, few enough to keep memory flat."""

_worker_ruleset: Ruleset | None = None
"""The rules a worker process checks with: inherited from the parent when workers are
forked (loaded and warmed once), or loaded by _init_worker where they are spawned."""


def _init_worker(data_dir: str) -> None:
    global _worker_ruleset  # noqa: PLW0603 (one ruleset per worker process, loaded once)
    _worker_ruleset = load_ruleset(Path(data_dir))
    warm_up(_worker_ruleset, every_region=True)


def _check_chunk(chunk: list[Record]) -> list[Result]:
    assert _worker_ruleset is not None
    return check_partition(_worker_ruleset, chunk)


def chunks(records: Iterable[Record], size: int = CHUNK_ROWS) -> Iterator[list[Record]]:
    """``records`` in partitions of ``size``."""
    chunk: list[Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
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
    warm_up(ruleset, every_region=True)
    if processes <= 1:
        for record in records:
            yield check_record(ruleset, record)
        return
    if "fork" in multiprocessing.get_all_start_methods():
        # Nothing runs in another thread yet; the workers share the warmed rules.
        _worker_ruleset = ruleset
        gc.freeze()  # the workers' collector would write to every inherited object, copying
        try:  # its page (PSS -16 MiB)
            pool = multiprocessing.get_context("fork").Pool(processes)
        finally:
            gc.unfreeze()  # this process goes on collecting as before
    else:
        context = multiprocessing.get_context("spawn")
        pool = context.Pool(processes, initializer=_init_worker, initargs=(str(data_dir),))
    with pool:
        pending: collections.deque[Any] = collections.deque()
        for chunk in chunks(records):
            pending.append(pool.apply_async(_check_chunk, (chunk,)))
            while len(pending) >= processes * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


Runner = Callable[[Iterator[Record]], Iterator[Result]]
"""Records in, results out in the same order: the local pool or a cluster."""


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
    delimiter: str | None = None,
    progress: Callable[[Summary], None] | None = None,
    runner: Runner | None = None,
    check: str = DEFAULT_CHECK,
    ignore_unknown: bool = False,
) -> Summary:
    """Check every record of ``source`` with ``check`` and write one row per record to
    ``output``.

    ``runner`` checks the records (default: this machine's ``processes``). Raises
    ColumnsProblem (a required column missing) before ``output`` is created."""
    with contextlib.ExitStack() as stack:
        if fmt == "parquet":
            records = parquet_records(source, mapping, id_column, check, ignore_unknown)
        else:
            # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is read as one, not as
            # the first column's name.
            raw = stack.enter_context(
                source.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
            )
            records = read_records(
                raw, fmt, mapping, id_column, delimiter, check=check, ignore_unknown=ignore_unknown
            )
        first = next(records, None)  # reads the header: ColumnsProblem before any output
        writer: Writer | ParquetWriter
        if output_fmt == "parquet":
            writer = ParquetWriter(str(output), check)
        else:
            out = stack.enter_context(output.open("w", encoding="utf-8", newline=""))
            writer = Writer(out, output_fmt, check)
        rows = itertools.chain([first], records) if first is not None else iter(())
        run = runner or (lambda found: check_records(found, ruleset, data_dir, processes))
        summary = Summary()
        for result in run(rows):
            writer.write(result)
            summary.add(result)
            if progress is not None and summary.rows % 1000 == 0:
                progress(summary)
        writer.close()
    if progress is not None:
        progress(summary)
    return summary
