"""`make soak`: a bounded load test that watches for server errors and memory growth.

Starts `eligibility serve` as production runs it (one worker per CPU) on
127.0.0.1, then drives every endpoint with wrk for SOAK_SECONDS (loopback only)
with a shuffled mix of valid bodies (the benchmark's workloads) and invalid ones
(malformed JSON, unknown fields, wrong types, non-JSON media types, unknown
routes). The server's RSS (all its processes) is sampled after a warm-up and
every few seconds to the end. It fails when any answer is a 5xx, any socket
error occurs, or RSS grows by 5% or more from the warm-up to the end.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import threading
import time
from pathlib import Path

from bench.process import BIN, free_port, server, tree_rss_kib
from bench.workloads import workloads
from bench.wrk import run_wrk
from eligibility.ruleset import load_ruleset
from eligibility.settings import default_data_dir

MAX_RSS_GROWTH = 0.05

_INVALID = [
    ("POST", "/v1/checks/reservation", "application/json", '{"market": "U'),
    ("POST", "/v1/checks/reservation", "application/json", '{"market": "US", "card_number": "4"}'),
    ("POST", "/v1/checks/company-phone", "application/json", '{"country": "US", "phone": 7}'),
    ("POST", "/v1/checks/company-phone", "text/plain", '{"country": "US", "phone": "1"}'),
    ("POST", "/v1/checks/card-address", "application/json", "[]"),
    ("POST", "/v1/checks/card-address", "application/json", '{"billing_address": null}'),
    ("POST", "/v1/checks/account-setup", "application/json", "{}"),
    ("POST", "/v1/checks/account-setup", "application/x-www-form-urlencoded", "market=US"),
    ("POST", "/v1/pricing/quote", "application/json", '{"market": "AU", "amount": 1.5}'),
    (
        "POST",
        "/v1/pricing/quote",
        "application/json",
        '{"market": "JP", "amount": "1.5", "currency": "JPY"}',
    ),
    ("GET", "/v1/markets/ZZ", "", ""),
    ("GET", "/v1/markets?q=" + "x" * 150, "", ""),
    ("GET", "/v1/nowhere", "", ""),
]


def soak_lines(seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for workload in workloads(load_ruleset(default_data_dir())).values():
        if workload.kind.startswith("floor") or workload.kind in {"limit", "info"}:
            continue
        lines += rng.sample(workload.lines, min(len(workload.lines), 1500))
    # Scrapes and probes among the traffic, as a monitored deployment has them.
    lines += ["GET\t/metrics\t\t", "GET\t/readyz\t\t"] * 20
    invalid = [f"{m}\t{p}\t{c}\t{b}" for m, p, c, b in _INVALID]
    # About one request in five is invalid.
    lines += invalid * (len(lines) // (4 * len(invalid)))
    rng.shuffle(lines)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", "30")))
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        lines_file = Path(tmp) / "soak.tsv"
        lines = soak_lines()
        lines_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [str(BIN / "eligibility"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        with server(command, f"{base}/healthz", Path(tmp) / "server.log") as (process, _):
            pid = process.pid
            run_wrk(base, lines_file, args.warmup, args.connections, threads=2)
            samples = [(0.0, tree_rss_kib(pid))]
            started = time.monotonic()
            stop = threading.Event()

            def sample() -> None:
                while not stop.wait(2.0):
                    samples.append((time.monotonic() - started, tree_rss_kib(pid)))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            stats = run_wrk(base, lines_file, args.seconds, args.connections, threads=2)
            stop.set()
            sampler.join()
            samples.append((time.monotonic() - started, tree_rss_kib(pid)))
        log = (Path(tmp) / "server.log").read_text(errors="replace")

    first, last = samples[0][1], samples[-1][1]
    growth = (last - first) / first
    peak = max(rss for _, rss in samples)
    tracebacks = log.count("Traceback")
    print(
        f"soak: {args.seconds} s after a {args.warmup} s warm-up, {len(lines)} distinct requests "
        f"(~1 in 5 invalid), wrk -t2 -c{args.connections}, loopback\n"
        f"  requests {stats['requests']:,} ({stats['requests'] / args.seconds:,.0f}/s), "
        f"p50 {stats['p50_us'] / 1000:.2f} ms, p99 {stats['p99_us'] / 1000:.2f} ms\n"
        f"  2xx {stats['s2xx']:,}  4xx {stats['s4xx']:,}  5xx {stats['s5xx']:,}  "
        f"other {stats['s3xx']:,}  socket errors {stats['socket_errors']}  "
        f"tracebacks in the log {tracebacks}\n"
        f"  server RSS after warm-up {first / 1024:.1f} MiB, at the end {last / 1024:.1f} MiB "
        f"({growth:+.2%}), peak {peak / 1024:.1f} MiB over {len(samples)} samples"
    )
    failed = stats["s5xx"] or stats["socket_errors"] or tracebacks or growth >= MAX_RSS_GROWTH
    if failed:
        print("soak: FAILED (5xx, socket errors, tracebacks or RSS growth >= 5%)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
