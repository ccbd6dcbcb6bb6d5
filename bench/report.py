"""The report: one Markdown table of every row, the in-process figures, the caches, and
each check's distance from the floor and from its limit."""

from __future__ import annotations

from typing import Any

from bench.floor import LIMITS
from bench.wrk import Row

__all__ = ["limits", "markdown"]

PHONE_MIX_TARGET = 1.8
"""In-process: a global mix of distinct numbers against distinct numbers of the US."""
PHONE_LIBRARY_TARGET = 1.5
"""In-process: the check against phonenumbers' own parse and validation (issue 28)."""
FILE_ROWS_TARGET = 10_000
"""check-file: rows per second with 2 processes."""
FILE_RSS_TARGET_MIB = 300
SEARCH_TARGET_US = 50.0
STARTUP_TARGET_S = 2.0


def _limit_of(row: Row, limit_rows: list[Row]) -> Row | None:
    """The limit row sent the same bodies as ``row`` (the same words in brackets)."""
    shape = row.endpoint.partition(" (")[2]
    for limit in limit_rows:
        if limit.endpoint.partition(" (")[2].partition(":")[0] == shape:
            return limit
    return None


def limits(result: dict[str, Any]) -> str:
    """Each check's rows against the floor and against its limit (the floor plus only
    the library calls the check makes, bench/floor.py): what is left is ours."""
    by_check: dict[str, list[Row]] = {}
    for row in (Row(**r) for r in result["rows"]):
        if row.check is not None:
            by_check.setdefault(row.check, []).append(row)
    lines = [
        "| check | row | × floor | its limit × floor | × its limit | limit: the floor + |",  # noqa: RUF001
        "|---|---|---:|---:|---:|---|",
    ]
    for check, found in by_check.items():
        limit_rows = [r for r in found if r.kind == "limit"]
        libraries = LIMITS[check][1] if check in LIMITS else "nothing (it calls no library)"
        for row in found:
            if row.kind == "limit" or row.ratio is None:
                continue
            limit = _limit_of(row, limit_rows)
            ratio = limit.ratio if limit is not None else None if check in LIMITS else 1.0
            shown = "" if ratio is None else f"{ratio:.2f}"
            over = "" if not ratio else f"{row.ratio / ratio:.2f}"
            lines.append(
                f"| {check} | `{row.endpoint}` | {row.ratio:.2f} | {shown} | {over} | {libraries} |"
            )
    return "\n".join(lines) + "\n"


def markdown(result: dict[str, Any]) -> str:
    rows = [
        "| endpoint | distinct requests | req/s | p50 ms | p99 ms | server CPU µs/req "
        "| × floor | rounds | target |",  # noqa: RUF001 (a multiplication sign)
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in (Row(**r) for r in result["rows"]):
        target = ""
        if row.target is not None:
            met = row.ratio is not None and row.ratio <= row.target
            target = f"≤ {row.target} " + ("✓" if met else "✗")
        if row.warm_up and row.requests > row.distinct:
            target += " (bodies repeated: raise DISTINCT)"
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}"
        spread = f"{min(row.ratios):.2f}-{max(row.ratios):.2f}" if row.ratios else ""
        rows.append(
            f"| `{row.endpoint}` | {row.distinct} | {row.rps:,.0f} | {row.p50_ms:.2f} | "
            f"{row.p99_ms:.2f} | {row.cpu_us:.1f} | {ratio} | {spread} | {target} |"
        )
    search, start, phone = result["search"], result["startup_s"], result["phone"]
    tax = result.get("tax_id")
    files = "".join(
        f"- `eligibility check-file`, {f['rows']:,.0f} distinct records, {f['processes']:.0f} "
        f"process(es): **{f['rows_per_s']:,.0f} rows/s**, peak RSS of the process tree "
        f"**{f['peak_rss_mib']:.0f} MiB** (target with 2: ≥ {FILE_ROWS_TARGET:,} rows/s, "
        f"< {FILE_RSS_TARGET_MIB} MiB; its PSS, the pages forked workers share counted once: "
        f"{f.get('peak_pss_mib', 0):.0f} MiB).\n"
        for f in result.get("check_file", ())
    )
    caches = "\n".join(
        f"| {name} | {c['hits']:,} | {c['misses']:,} | "
        f"{c['hits'] / max(1, c['hits'] + c['misses']):.1%} | {c['size']}/{c['maxsize']} |"
        for name, c in result["caches"].items()
    )
    machine = result["machine"]
    failed = sum(r["status_errors"] + r["socket_errors"] for r in result["rows"])
    return (
        f"# Benchmark {result['when']}\n\n"
        f"{machine['cpus']} CPUs, Python {machine['python']}, {machine['workers']} workers, "
        f"wrk -t1 -c{machine['connections']}, {machine.get('rounds', 1)} interleaved rounds of "
        f"{machine.get('per_round', machine['seconds'])} s per endpoint after a warm-up "
        "(distinct rows warm up on other bodies, and send none twice); loopback only. "
        "Each figure is the median of the rounds; a ratio divides by the floor of the same "
        "round, and `rounds` gives the lowest and highest.\n\n" + "\n".join(rows) + "\n\n"
        f"- Name search in-process, {search['markets']} markets, worst query per market: "
        f"median {search['median_us']:.1f} µs, max {search['max_us']:.1f} µs "
        f"(target < {SEARCH_TARGET_US:.0f} µs).\n"
        + f"- Company phone in-process, {phone['count']:,} distinct numbers each: a global mix "
        f"{phone['mix_us']:.1f} µs, the US alone {phone['us_us']:.1f} µs per check: "
        f"**{phone['ratio']:.2f}x** (target ≤ {PHONE_MIX_TARGET}x); phonenumbers' own parse "
        f"and validation of the mix alone: {phone['library_us']:.1f} µs, so the check costs "
        f"**{phone['library_ratio']:.2f}x** the library's own work "
        f"(target ≤ {PHONE_LIBRARY_TARGET}x).\n"
        + (
            f"- Company tax ID in-process, {tax['count']:,} distinct bodies: "
            f"{tax['check_us']:.1f} µs per check, python-stdnum's own validation of the same "
            f"numbers {tax['library_us']:.1f} µs: **{tax['library_ratio']:.2f}x** the "
            "library's own work.\n"
            if tax
            else ""
        )
        + files
        + f"- Start-up to the first 200 on /healthz: {start:.2f} s "
        f"(target < {STARTUP_TARGET_S} s).\n"
        f"- Failed requests: {failed}.\n\n"
        "| cache (all workers, whole run) | hits | misses | hit rate | size |\n"
        "|---|---:|---:|---:|---:|\n" + caches + "\n\n" + limits(result)
    )
