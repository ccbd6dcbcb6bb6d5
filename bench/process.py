"""Servers and processes: start one on loopback and stop it; read a process tree's CPU
time and resident memory from /proc (uvicorn's workers included)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "BIN",
    "ROOT",
    "app_command",
    "cache_stats",
    "floor_command",
    "free_port",
    "process_tree",
    "server",
    "tree_cpu_seconds",
    "tree_pss_kib",
    "tree_rss_kib",
]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _bound(port: int, workers: int) -> list[str]:
    """Where and how many: the same for the app and the floor, so both are served alike."""
    return ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]


def app_command(port: int, workers: int) -> list[str]:
    """`eligibility serve` as production runs it (access log on), on loopback."""
    return [str(BIN / "eligibility"), "serve", *_bound(port, workers)]


def floor_command(port: int, workers: int) -> list[str]:
    """The floor (bench/floor.py) served exactly as `eligibility serve` serves the app."""
    return [
        str(BIN / "python"),
        "-m",
        "uvicorn",
        "bench.floor:create_app",
        "--factory",
        "--app-dir",
        str(ROOT),
        *_bound(port, workers),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--no-server-header",
        "--log-level",
        "warning",
    ]


def process_tree(root: int) -> list[Path]:
    """/proc directories of ``root`` and every descendant (uvicorn's workers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    return [Path(f"/proc/{pid}") for pid in sorted(tree)]


def _tree_files(root: int, name: str) -> Iterator[str]:
    """/proc/<pid>/``name`` of ``root`` and every descendant still running."""
    for proc in process_tree(root):
        try:
            yield (proc / name).read_text()
        except OSError:
            continue  # it ended between the listing and the read


def tree_cpu_seconds(root: int) -> float:
    """utime + stime of ``root`` and every descendant, from /proc."""
    ticks = 0
    for stat in _tree_files(root, "stat"):
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / CLOCK_TICKS


def _tree_field_kib(root: int, name: str, field: str) -> int:
    """The sum of one ``field: N kB`` line of /proc/<pid>/``name`` over the tree."""
    total = 0
    for text in _tree_files(root, name):
        for line in text.splitlines():
            if line.startswith(field):
                total += int(line.split()[1])
    return total


def tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and every descendant (workers), from /proc."""
    return _tree_field_kib(root, "status", "VmRSS:")


def tree_pss_kib(root: int) -> int:
    """Proportional memory of ``root`` and every descendant: each page shared by forked
    workers counted once in all, divided among its sharers (RSS counts it in each)."""
    return _tree_field_kib(root, "smaps_rollup", "Pss:")


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 20) -> float:
    started = time.perf_counter()
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        if process.poll() is not None or time.perf_counter() - started > timeout:
            raise SystemExit(f"bench: server at {url} did not start (its log: see below)")
        time.sleep(0.01)


@contextmanager
def server(
    command: Sequence[str], health: str, log: Path, env: Mapping[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], float]]:
    """(process, seconds from start to the first 200 on ``health``); stopped on exit
    with SIGINT (SIGKILL after 20 s). Its output goes to ``log``."""
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        try:
            try:
                _wait_healthy(health, process)
            except SystemExit:
                sys.stderr.write(log.read_text(errors="replace"))
                raise
            yield process, time.perf_counter() - started
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def cache_stats(log: Path) -> dict[str, dict[str, int]]:
    """Sum of the per-worker cache lines the server logs at shutdown."""
    totals: dict[str, dict[str, int]] = {}
    pattern = re.compile(r"cache (\w+) hits=(\d+) misses=(\d+) size=(\d+)/(\d+)")
    for match in pattern.finditer(log.read_text(errors="replace")):
        name, hits, misses, size, maxsize = match.groups()
        entry = totals.setdefault(name, {"hits": 0, "misses": 0, "size": 0, "maxsize": 0})
        entry["hits"] += int(hits)
        entry["misses"] += int(misses)
        entry["size"] += int(size)
        entry["maxsize"] += int(maxsize)
    return totals
