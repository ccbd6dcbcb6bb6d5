"""`make bench` (`python -m bench`): each endpoint's server CPU per request against a bare
Litestar floor, and each check's against its limit.

Starts the real server as `make run` would in production (`eligibility serve`,
one worker per CPU, access log on) and the floor app (bench/floor.py) the same
way, drives each row (bench/workloads.py: every declared check, and its limit on
the floor) with wrk for a bounded time over loopback only, and prints one table
(bench/report.py). Server CPU is read from /proc for the server's whole process
tree before and after each run, so it does not depend on how fast wrk is.
Results are written to bench/results/<UTC time>.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.check_file import check_file_timings
from bench.inprocess import phone_timings, search_timings, tax_id_timings
from bench.process import ROOT, app_command, cache_stats, floor_command, free_port, server
from bench.report import markdown
from bench.workloads import Workload, workloads
from bench.wrk import Row, Target, combine, measure
from eligibility.ruleset import load_ruleset
from eligibility.settings import default_data_dir


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    env = os.environ.get
    parser.add_argument("--seconds", type=float, default=float(env("BENCH_SECONDS", "5")))
    parser.add_argument(
        "--rounds",
        type=int,
        default=int(env("BENCH_ROUNDS", "3")),
        help="measure every row this many times, interleaved; report the median",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--file-rows", type=int, default=int(env("BENCH_FILE_ROWS", "200000")))
    parser.add_argument(
        "--only", choices=("check-file",), help="run only this part (prints, writes nothing)"
    )
    return parser.parse_args(argv)


def _rounds(
    loads: dict[str, Workload], floor: Target, app: Target, rounds: int
) -> dict[str, list[Row]]:
    """Every row ``rounds`` times, interleaved: each round measures the floors and then
    each row, so that a ratio divides by a floor measured minutes, not hours, apart
    (this machine's speed drifts by more than the differences measured)."""
    measured: dict[str, list[Row]] = {endpoint: [] for endpoint in loads}
    for round_ in range(rounds):
        for endpoint, load in loads.items():
            on_floor = load.kind.startswith("floor") or load.kind == "limit"
            row = measure(floor if on_floor else app, endpoint, load, round_, rounds)
            measured[endpoint].append(row)
            print(
                f"bench: round {round_ + 1}/{rounds} {endpoint}: {row.cpu_us:.1f} µs/req",
                file=sys.stderr,
            )
        floors = {
            "get": measured["GET /floor"][-1].cpu_us,
            "post": measured["POST /floor"][-1].cpu_us,
        }
        for found in measured.values():
            row = found[-1]
            row.ratio = row.cpu_us / floors.get(row.kind.removeprefix("floor-"), floors["post"])
    return measured


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    ruleset = load_ruleset(default_data_dir())
    if args.only == "check-file":
        with tempfile.TemporaryDirectory() as tmp:
            check_file_timings(ruleset, Path(tmp), args.file_rows)
        return 0
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (make bench installs it)")

    loads = workloads(ruleset)
    per_round = max(1.0, round(args.seconds / args.rounds))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        floor_port, app_port = free_port(), free_port()
        floor_base, app_base = f"http://127.0.0.1:{floor_port}", f"http://127.0.0.1:{app_port}"
        app_log = workdir / "app.log"
        with (
            server(
                floor_command(floor_port, args.workers),
                f"{floor_base}/floor",
                workdir / "floor.log",
            ) as (floor_process, _),
            server(app_command(app_port, args.workers), f"{app_base}/healthz", app_log) as (
                app_process,
                startup,
            ),
        ):
            floor = Target(floor_base, floor_process.pid, workdir, per_round, args.connections)
            app = Target(app_base, app_process.pid, workdir, per_round, args.connections)
            rounds = _rounds(loads, floor, app, args.rounds)
        caches = cache_stats(app_log)
        files = check_file_timings(ruleset, workdir, args.file_rows)

    rows = [combine(measured) for measured in rounds.values()]
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    result: dict[str, Any] = {
        "when": when,
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "workers": args.workers,
            "connections": args.connections,
            "seconds": args.seconds,
            "rounds": args.rounds,
            "per_round": per_round,
        },
        "rows": [asdict(r) for r in rows],
        "search": search_timings(ruleset),
        "phone": phone_timings(ruleset),
        "tax_id": tax_id_timings(ruleset),
        "check_file": files,
        "startup_s": startup,
        "caches": caches,
    }
    text = markdown(result)
    print(text)
    args.output.mkdir(parents=True, exist_ok=True)
    stem = when.replace(":", "").replace("-", "")
    (args.output / f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.output / f"{stem}.md").write_text(text)
    print(f"bench: wrote {args.output / stem}.json and .md", file=sys.stderr)
    return 1 if sum(r.status_errors + r.socket_errors for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
