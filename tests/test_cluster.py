"""Customer lists on a Dask cluster (issue 26): the same answers as the local run, row
for row, on a local cluster of worker processes, on a real cluster started from the
command line (a scheduler and two workers on loopback), with a worker killed mid-run,
from Parquet, and from a Dask DataFrame."""

from __future__ import annotations

import csv
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eligibility.batch import COLUMNS
from eligibility.cli import main
from eligibility.ruleset import Ruleset
from tests.servers import free_port

pytestmark = [
    pytest.mark.socket,
    # distributed's own sockets and event loops, closed after pytest looks: not ours.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

ROWS = 50_000
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def customers(tmp_path_factory: pytest.TempPathFactory, ruleset: Ruleset) -> Path:
    """50,000 distinct customers of every region, and three rows that cannot be read."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from customers import write_customers  # bench/customers.py

    path = tmp_path_factory.mktemp("cluster") / "customers.csv"
    write_customers(ruleset, path, ROWS)
    with path.open("ab") as out:
        out.write(b"X1,FR,too,few\n")
        out.write(b"X2,FR,0142928100,FR,,Paris,75001,1 rue \xff\xfe,,\n")
        out.write(b"X3," + b"9" * 200_000 + b",,,,,,,,\n")
    return path


@pytest.fixture(scope="module")
def local_output(customers: Path) -> bytes:
    output = customers.with_name("local.csv")
    assert main(["check-file", str(customers), "-o", str(output), "--processes", "2"]) == 1
    return output.read_bytes()


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(data.decode().splitlines()))


def test_a_local_cluster_of_two_worker_processes_answers_row_for_row_as_locally(
    customers: Path, local_output: bytes
) -> None:
    output = customers.with_name("dask.csv")
    argv = ["check-file", str(customers), "-o", str(output), "--engine", "dask"]
    assert main([*argv, "--processes", "2"]) == 1
    assert output.read_bytes() == local_output
    rows = _rows(local_output)
    assert len(rows) == ROWS + 3 + 1
    problems = [r[-1] for r in rows[-3:]]  # as the local run reports them
    assert "4 columns, the header has 10" in problems[0]
    assert "not UTF-8" in problems[1]
    assert "field larger than field limit" in problems[2]


@pytest.fixture(scope="module")
def cli_cluster() -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A scheduler and two workers started as an operator would, on loopback."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--no-dashboard"], **quiet,
    )  # fmt: skip
    worker = [str(BIN / "dask"), "worker", address, "--nthreads", "1", "--nworkers", "1"]
    worker += ["--no-dashboard", "--host", "127.0.0.1"]
    workers = [subprocess.Popen(worker, **quiet) for _ in range(2)]
    try:
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield address, workers
    finally:
        for process in (*workers, scheduler):
            process.terminate()
        for process in (*workers, scheduler):
            try:
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_cluster_started_from_the_command_line_answers_as_locally(
    customers: Path, local_output: bytes, cli_cluster: tuple[str, list[subprocess.Popen[bytes]]]
) -> None:
    address, _ = cli_cluster
    output = customers.with_name("scheduler.csv")
    assert main(["check-file", str(customers), "-o", str(output), "--scheduler", address]) == 1
    assert output.read_bytes() == local_output


def test_a_worker_killed_in_the_middle_of_a_run_loses_no_row(
    customers: Path, local_output: bytes, cli_cluster: tuple[str, list[subprocess.Popen[bytes]]]
) -> None:
    address, workers = cli_cluster
    output = customers.with_name("killed.csv")
    run = subprocess.Popen(
        [str(BIN / "eligibility"), "check-file", str(customers), "-o", str(output),
         "--scheduler", address],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # mid-run: some rows written, not all
        if output.exists() and output.stat().st_size > len(local_output) // 10:
            break
        time.sleep(0.05)
    assert output.stat().st_size < len(local_output), "the run ended before a worker was lost"
    victim = workers[0]
    for child in _children(victim.pid):  # `dask worker` runs the worker in a child process
        os.kill(child, signal.SIGKILL)
    os.kill(victim.pid, signal.SIGKILL)
    assert run.wait(timeout=120) == 1
    assert output.read_bytes() == local_output


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(line) for line in found.stdout.split()]


def test_parquet_in_and_out_locally_and_on_a_cluster(
    customers: Path, local_output: bytes, cli_cluster: tuple[str, list[subprocess.Popen[bytes]]]
) -> None:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    readable = customers.with_name("readable.csv")
    readable.write_bytes(b"".join(customers.read_bytes().splitlines(keepends=True)[:-3]))
    options = pacsv.ConvertOptions(column_types=dict.fromkeys(("id", *COLUMNS), "string"))
    source = customers.with_name("customers.parquet")
    pq.write_table(pacsv.read_csv(readable, convert_options=options), source)
    expected = _rows(local_output)[1:-3]
    address, _ = cli_cluster
    for engine, where in (("local", ["--processes", "2"]), ("dask", ["--scheduler", address])):
        output = customers.with_name(f"{engine}.parquet")
        assert main(["check-file", str(source), "-o", str(output), *where]) == 1
        table = pq.read_table(output).to_pylist()
        assert len(table) == ROWS
        got = [[row["id"], row["valid"], row["errors"], row["messages"]] for row in table]
        assert got == [[r[0], r[2] == "true", r[3], r[6]] for r in expected], engine


def test_a_dask_dataframe_in_a_dask_dataframe_out_with_the_rules_loaded_per_worker(
    customers: Path, local_output: bytes, ruleset: Ruleset
) -> None:
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    from eligibility.batch.cluster import check_dataframe

    frame = pd.read_csv(customers, dtype=str, keep_default_na=False, nrows=5000)
    records = dd.from_pandas(frame, npartitions=4)
    result = check_dataframe(records)
    # Only the data directory's path travels in the graph, never the rules: the check
    # adds a few kilobytes to the records' own graph; the rules pickle to megabytes.
    added = len(pickle.dumps(dict(result.__dask_graph__()))) - len(
        pickle.dumps(dict(records.__dask_graph__()))
    )
    assert added < 16 * 1024
    assert len(pickle.dumps(ruleset.postcode_places)) > 100 * added
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster),
    ):
        answered = result.compute()
    expected = _rows(local_output)[1:5001]
    assert [[r["id"], r["valid"], r["errors"]] for r in answered.to_dict("records")] == [
        [r[0], r[2], r[3]] for r in expected
    ]
