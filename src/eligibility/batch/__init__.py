"""Check whole files of customer records: CSV, JSON Lines or Parquet in, one result per row out.

- ``records``: reading files into :class:`Record` rows (unreadable rows included);
- ``check``: the check of one record and of a partition, which every runner calls;
- ``results``: :class:`Result` rows, their writer and a :class:`Summary`;
- ``local``: the runner on this machine, in this process or worker processes.

Neither the rules nor the routes know about files or processes.
"""

from __future__ import annotations

from eligibility.batch.check import check_partition, check_record
from eligibility.batch.local import CHUNK_ROWS, check_file, check_records
from eligibility.batch.records import (
    COLUMNS,
    DEFAULT_CHECK,
    REQUIRED_COLUMNS,
    ColumnsProblem,
    Format,
    Record,
    format_of,
    read_records,
)
from eligibility.batch.results import (
    OUTPUT_COLUMNS,
    Finding,
    Result,
    Summary,
    Writer,
    output_columns,
)

__all__ = [
    "CHUNK_ROWS",
    "COLUMNS",
    "DEFAULT_CHECK",
    "OUTPUT_COLUMNS",
    "REQUIRED_COLUMNS",
    "ColumnsProblem",
    "Finding",
    "Format",
    "Record",
    "Result",
    "Summary",
    "Writer",
    "check_file",
    "check_partition",
    "check_record",
    "check_records",
    "format_of",
    "output_columns",
    "read_records",
]
