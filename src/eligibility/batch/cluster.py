"""The cluster runner: the same partition check (``batch.check``) on a Dask cluster.

Records are read where the run starts and sent to the cluster in partitions of
CHUNK_ROWS; each worker process loads the rules once (``worker_ruleset``: only the
data directory's path travels with a task, never the rules), checks its partitions
and sends the results back, which come out in input order. Dask reschedules the
partitions of a worker that is lost, so a run survives one.

``check_dataframe`` is the same for a Dask DataFrame a data team already has (Parquet
on object storage, say): a DataFrame of records in, a DataFrame of results out, one
row per input row. Dask and pyarrow are the ``eligibility[dask]`` extra.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from eligibility.batch.check import check_partition
from eligibility.batch.local import CHUNK_ROWS, IN_FLIGHT_PER_WORKER, chunks
from eligibility.batch.optional import distributed
from eligibility.batch.records import DEFAULT_CHECK, Record
from eligibility.batch.results import Result, output_columns
from eligibility.checks import check_named
from eligibility.rules.warmup import warm_up
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.settings import default_data_dir

__all__ = [
    "SchedulerUnreachable",
    "check_chunk",
    "check_dataframe",
    "check_records_on",
    "cluster_client",
    "worker_ruleset",
]

CLUSTER_CHUNK_ROWS: Final = 2000
"""Rows per task on a cluster: larger than locally (CHUNK_ROWS), since each task also
pays the scheduler's round trip."""
RETRIES: Final = 3
"""A partition is retried on this many lost workers before the run fails."""

_RULESETS: dict[str, Ruleset] = {}
_LOCK = threading.Lock()


def worker_ruleset(data_dir: str) -> Ruleset:
    """The rules of ``data_dir``, loaded and warmed once per worker process."""
    with _LOCK:
        found = _RULESETS.get(data_dir)
        if found is None:
            found = _RULESETS[data_dir] = load_ruleset(Path(data_dir))
            warm_up(found, every_region=True)
    return found


def check_chunk(chunk: list[Record], data_dir: str) -> list[Result]:
    """One partition's results, on whichever worker runs it."""
    return check_partition(worker_ruleset(data_dir), chunk)


def check_records_on(client: Any, records: Iterable[Record], data_dir: Path) -> Iterator[Result]:
    """Results in input order, partitions spread over ``client``'s workers with a bounded
    number in flight, so memory stays flat whatever the file's size."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    limit = workers * IN_FLIGHT_PER_WORKER
    pending: collections.deque[Any] = collections.deque()
    for chunk in chunks(records, CLUSTER_CHUNK_ROWS):
        pending.append(
            client.submit(check_chunk, chunk, str(data_dir), pure=False, retries=RETRIES)
        )
        while len(pending) >= limit:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


SCHEDULER_TIMEOUT: Final = "10s"
"""How long ``--scheduler`` is waited for before the run is refused."""


class SchedulerUnreachable(RuntimeError):
    """The Dask scheduler a run was pointed at does not answer."""


@contextmanager
def cluster_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the cluster at ``scheduler`` (``tcp://host:8786``), or of a local
    cluster of ``workers`` processes, one thread each, closed at the end."""
    dask = distributed()
    if scheduler:
        try:
            client = dask.Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except OSError as exc:  # unreachable, refused, timed out: the scheduler's fault
            raise SchedulerUnreachable(
                f"the Dask scheduler {scheduler} cannot be reached ({exc})"
            ) from None
        with client:
            yield client
        return
    with (
        dask.LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: never a clash with another cluster
        ) as cluster,
        dask.Client(cluster) as client,
    ):
        yield client


def _cell(value: Any) -> str:
    """A DataFrame cell as the file's text: missing values (None, NaN) are ""."""
    return "" if value is None or pd_isna(value) else str(value)


def pd_isna(value: Any) -> bool:
    import pandas as pd

    return bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict)) else False


def _check_pandas(
    part: Any, data_dir: str, mapping: Mapping[str, str], id_column: str, check: str
) -> Any:
    import pandas as pd

    declared = check_named(check)
    records = []
    for line, row in enumerate(part.to_dict("records"), 1):
        values = tuple(_cell(row.get(mapping.get(c.name, c.name))) for c in declared.columns)
        row_id = row.get(id_column)
        row_id = str(line) if row_id is None else str(row_id)
        records.append(Record(line, row_id, values, None, check))
    facts = len(declared.fact_names)
    rows = [result.as_csv(facts) for result in check_chunk(records, data_dir)]
    frame = pd.DataFrame(rows, columns=list(output_columns(check)), dtype=object)
    frame.index = part.index
    return frame


def check_dataframe(
    frame: Any,
    data_dir: Path | None = None,
    *,
    mapping: Mapping[str, str] | None = None,
    id_column: str = "id",
    check: str = DEFAULT_CHECK,
) -> Any:
    """A Dask DataFrame of records (the columns ``check`` declares, renamed by ``mapping``)
    -> a Dask DataFrame of results (``batch.output_columns(check)``), partition by
    partition, one row per input row, keeping the input's index. Lazy: compute it or
    write it (``to_parquet``) on the cluster."""
    import pandas as pd

    meta = pd.DataFrame({name: pd.Series(dtype=object) for name in output_columns(check)})
    return frame.map_partitions(
        _check_pandas,
        str(data_dir or default_data_dir()),
        dict(mapping or {}),
        id_column,
        check,
        meta=meta,
    )


__all__ += ["CHUNK_ROWS"]
