"""The wrk driver: one row's round against a running server, and a row from its rounds.

wrk cycles through request lines (bench/requests.lua reads them: METHOD, path,
content type, body) for a bounded time over loopback; the server's CPU time per
request is read from /proc before and after, so it does not depend on wrk's speed.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.process import ROOT, tree_cpu_seconds
from bench.workloads import Workload

__all__ = ["Row", "Target", "combine", "measure", "run_wrk"]

LUA = ROOT / "bench" / "requests.lua"


@dataclass
class Row:
    endpoint: str
    kind: str
    """A workload's kind (bench.workloads.Workload.kind)."""
    distinct: int
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_us: float
    ratio: float | None = None
    status_errors: int = 0
    socket_errors: int = 0
    target: float | None = None
    warm_up: int = 0
    """Distinct warm-up bodies sent first (0: the row's own bodies are the warm-up)."""
    ratios: list[float] | None = None
    """The ratio of each round (its median is ``ratio``)."""
    check: str | None = None
    """The declared check this row measures, or whose limit it is."""


@dataclass(frozen=True)
class Target:
    """A running server and how to drive it."""

    base: str
    pid: int
    workdir: Path
    seconds: float
    connections: int


def run_wrk(
    base: str, lines_file: Path, seconds: float, connections: int, threads: int = 1
) -> dict[str, int]:
    """Drive ``base`` with the requests of ``lines_file``; wrk's summary as a dict."""
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "-s",
            str(LUA),
            base,
            "--",
            str(lines_file),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"^RESULT (.*)$", result.stdout, re.MULTILINE)
    if match is None:
        raise SystemExit(f"wrk printed no result:\n{result.stdout}{result.stderr}")
    return dict(json.loads(match.group(1)))


def measure(target: Target, endpoint: str, load: Workload, round_: int = 0, rounds: int = 1) -> Row:
    """One round of ``endpoint``: a warm-up in the first round, then ``seconds``.

    A distinct row sends its own share of the bodies in each round (every
    ``rounds``-th), so no round repeats another's."""
    base, pid, workdir = target.base, target.pid, target.workdir
    seconds, connections = target.seconds, target.connections
    stem = re.sub(r"\W+", "_", endpoint)
    lines_file = workdir / f"{stem}.{round_}.tsv"
    lines = load.lines[round_::rounds] if load.warm_up is not None else load.lines
    lines_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warm_file = lines_file
    if load.warm_up is not None:  # distinct traffic: warm up on other bodies
        warm_file = workdir / f"{stem}.warm.tsv"
        warm_file.write_text("\n".join(load.warm_up) + "\n", encoding="utf-8")
    if round_ == 0:
        run_wrk(base, warm_file, max(1.0, seconds / 2), connections)
    before = tree_cpu_seconds(pid)
    stats = run_wrk(base, lines_file, seconds, connections)
    cpu = tree_cpu_seconds(pid) - before
    requests = max(1, stats["requests"])
    return Row(
        endpoint=endpoint,
        kind=load.kind,
        distinct=len(lines),
        target=load.target,
        warm_up=len(load.warm_up or ()),
        requests=stats["requests"],
        rps=stats["requests"] / (stats["duration_us"] / 1e6),
        p50_ms=stats["p50_us"] / 1000,
        p99_ms=stats["p99_us"] / 1000,
        cpu_us=cpu / requests * 1e6,
        status_errors=stats["s4xx"] + stats["s5xx"],
        socket_errors=stats["socket_errors"],
        check=load.check,
    )


def combine(measured: list[Row]) -> Row:
    """One row from its rounds: medians, with every round's ratio to the floor measured
    in the same round kept beside them."""
    first = measured[0]
    ratios = [r.ratio for r in measured if r.ratio is not None]
    return Row(
        endpoint=first.endpoint,
        kind=first.kind,
        distinct=sum(r.distinct for r in measured) if first.warm_up else first.distinct,
        requests=sum(r.requests for r in measured),
        rps=statistics.median(r.rps for r in measured),
        p50_ms=statistics.median(r.p50_ms for r in measured),
        p99_ms=statistics.median(r.p99_ms for r in measured),
        cpu_us=statistics.median(r.cpu_us for r in measured),
        status_errors=sum(r.status_errors for r in measured),
        socket_errors=sum(r.socket_errors for r in measured),
        target=first.target,
        warm_up=first.warm_up,
        ratio=statistics.median(ratios) if ratios else None,
        ratios=ratios or None,
        check=first.check,
    )
