"""`eligibility check-file` over a generated customer file (bench/customers.py): rows per
second and the peak resident memory of its whole process tree."""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from pathlib import Path

from bench.customers import write_customers
from bench.process import BIN, tree_pss_kib, tree_rss_kib
from eligibility.ruleset import Ruleset

__all__ = ["check_file_timings"]

PSS_EVERY = 20
"""Read the tree's PSS once in this many RSS samples (once a second): reading it 20 times a
second slowed check-file with 2 processes from 12,186 to 4,596 rows/s."""


def check_file_timings(ruleset: Ruleset, workdir: Path, rows: int) -> list[dict[str, float]]:
    """`eligibility check-file` over a generated file of ``rows`` distinct records with 1
    and 2 processes: rows per second, and the peak RSS of the whole process tree."""
    source = workdir / "customers.csv"
    write_customers(ruleset, source, rows)
    found = []
    for processes in (1, 2):
        command = [
            str(BIN / "eligibility"), "check-file", str(source),
            "-o", str(workdir / "checked.csv"), "--processes", str(processes),
        ]  # fmt: skip
        started = time.perf_counter()
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        peak = peak_pss = 0.0
        for tick in itertools.count():
            if process.poll() is not None:
                break
            peak = max(peak, tree_rss_kib(process.pid) / 1024)
            if tick % PSS_EVERY == 0:  # the kernel walks every page: not often (first at once)
                peak_pss = max(peak_pss, tree_pss_kib(process.pid) / 1024)
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        summary = process.stderr.read() if process.stderr else ""
        if "rows in" not in summary:
            raise SystemExit(f"bench: check-file failed:\n{summary}")
        found.append({"processes": processes, "rows": rows, "rows_per_s": rows / seconds,
                      "peak_rss_mib": peak, "peak_pss_mib": peak_pss,
                      "seconds": seconds})  # fmt: skip
        print(f"bench: check-file, {processes} process(es): {rows / seconds:,.0f} rows/s, "
              f"peak RSS {peak:.0f} MiB (PSS {peak_pss:.0f} MiB)", file=sys.stderr)  # fmt: skip
    return found
