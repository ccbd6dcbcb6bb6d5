"""`make bench`: each endpoint's server CPU per request against a bare Litestar floor.

Starts the real server as `make run` would in production (`eligibility serve`,
one worker per CPU, access log on) and the floor app (bench/floor.py) the same
way, drives each endpoint with wrk for a bounded time over loopback only, and
prints one table. Server CPU is read from /proc for the server's whole process
tree before and after each run, so it does not depend on how fast wrk is.
Results are written to bench/results/<UTC time>.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import phonenumbers
from stdnum.exceptions import ValidationError

from eligibility.rules.markets import search_markets
from eligibility.rules.phone import check_company_phone, parse_phone, preload_phone_metadata
from eligibility.rules.tax_id import check_company_tax_id
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.settings import default_data_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.phone_examples import global_mix  # noqa: E402  (the harness's own generator)

BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

GET_TARGET = 1.3
POST_TARGET = 1.5
ACCOUNT_SETUP_TARGET = 1.8
CANCELLATION_TARGET = 1.3
TAX_ID_TARGET = 1.3
PHONE_MIX_TARGET = 1.8
"""In-process: a global mix of distinct numbers against distinct numbers of the US."""
PHONE_LIBRARY_TARGET = 1.5
"""In-process: the check against phonenumbers' own parse and validation (issue 28)."""
FILE_ROWS_TARGET = 10_000
"""check-file: rows per second with 2 processes."""
FILE_RSS_TARGET_MIB = 300
DISTINCT = 150_000
"""Distinct bodies per distinct-traffic row: more than a row sends, so none repeats."""
SEARCH_TARGET_US = 50.0
STARTUP_TARGET_S = 2.0


@dataclass
class Row:
    endpoint: str
    kind: str  # "get", "post", or "floor-get"/"floor-post"
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


# ---------------------------------------------------------------- processes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


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


def _tree_cpu_seconds(root: int) -> float:
    """utime + stime of ``root`` and every descendant, from /proc."""
    ticks = 0
    for proc in process_tree(root):
        try:
            stat = (proc / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / CLOCK_TICKS


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
            raise SystemExit(f"bench: server at {url} did not start")
        time.sleep(0.01)


@contextmanager
def _server(command: Sequence[str], health: str, log: Path) -> Iterator[tuple[int, float]]:
    """(pid, seconds from start to the first 200 on ``health``)."""
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(health, process)
            yield process.pid, time.perf_counter() - started
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# ----------------------------------------------------------------- workloads


def _lines(method: str, items: Sequence[tuple[str, object | None]]) -> list[str]:
    """Request lines for bench/requests.lua: METHOD, path, content type, body."""
    return [
        f"{method}\t{path}\t"
        + ("\t" if body is None else f"application/json\t{json.dumps(body, ensure_ascii=False)}")
        for path, body in items
    ]


def _phones(count: int, seed: int) -> list[dict[str, str]]:
    """Distinct company phones as people type them (tests/phone_examples.py): every
    region, weighted towards the large markets, every written form, 1 in 5 invalid."""
    return [{"country": region, "phone": phone} for region, phone in global_mix(count, seed)]


_ADDRESSES = [
    ("US", "WA", "Redmond", "98052", "Microsoft Way"),
    ("US", "WA", "Seattle", "98101", "Pine Street"),
    ("US", "NY", "New York", "10001", "W 34th St"),
    ("US", "CA", "San Francisco", "94105", "Mission Street"),
    ("US", "CA", "San Francisco", "98052", "Market Street"),  # ZIP of another state
    ("CA", "ON", "Toronto", "M5V 3L9", "King Street West"),
    ("AU", "NSW", "Sydney", "2000", "George Street"),
    ("AU", "VIC", "Sydney", "2000", "George Street"),  # postcode of another state
    ("AU", "WA", "Flying Fish Cove", "6798", "Gaze Road"),  # Christmas Island
    ("GB", None, "London", "SW1A 1AA", "Downing Street"),
    ("FR", None, "Paris", "75008", "rue du Faubourg Saint-Honoré"),
    ("FR", None, "Saint-Denis", "97400", "rue de Paris"),  # Réunion
    ("DE", None, "Berlin", "10117", "Unter den Linden"),
    ("JP", "13", "Chiyoda-ku", "100-0001", "Chiyoda"),
    ("BR", "SP", "São Paulo", "01310-100", "Avenida Paulista"),
    ("IN", "MH", "Mumbai", "400001", "Marine Drive"),
    ("US", "WA", "Redmond", "9805", "Microsoft Way"),  # malformed ZIP
]


def _address(rng: random.Random) -> dict[str, str | None]:
    country, region, city, postal, street = rng.choice(_ADDRESSES)
    return {
        "country": country,
        "region": region,
        "city": city,
        "postal_code": postal,
        "line1": f"{rng.randrange(1, 2000)} {street}",
        "line2": None,
    }


def _card_bodies(rng: random.Random, count: int) -> list[dict[str, object]]:
    bodies = []
    for _ in range(count):
        billing = _address(rng)
        roll = rng.random()
        card = billing if roll < 0.5 else _address(rng) if roll < 0.8 else None
        legal = _address(rng) if rng.random() < 0.3 else None
        bodies.append({"billing_address": billing, "card_address": card, "legal_entity": legal})
    return [
        {
            "billing_address": b["billing_address"],
            "card_address": b["card_address"],
            "legal_entity_address": b["legal_entity"],
        }
        for b in bodies
    ]


def _search_queries(ruleset: Ruleset) -> list[str]:
    """What a market autocomplete sends: prefixes and whole names, English and French."""
    queries: dict[str, None] = {}
    for market in ruleset.markets:
        for name in (market.name_en, market.name_fr):
            for length in (2, 3, 4, 6, len(name)):
                queries[name[:length]] = None
    return list(queries)


def _setups(phones: list[dict[str, str]], rng: random.Random) -> list[dict[str, object]]:
    return [
        {"market": p["country"], "company_phone": p["phone"], **card}
        for p, card in zip(phones, _card_bodies(rng, len(phones)), strict=True)
    ]


def _maybe_typo(number: str, rng: random.Random) -> str:
    """``number`` with one digit changed half of the time."""
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    if digits and rng.random() < 0.5:
        i = rng.choice(digits)
        number = number[:i] + str(rng.randrange(10)) + number[i + 1 :]
    return number


def _tax_ids(ruleset: Ruleset, rng: random.Random, count: int) -> list[dict[str, str]]:
    """Distinct tax IDs of every market with a check: each kind's example, half of them
    with a typo, spaced as people type them."""
    examples = [(k.market, k.example) for kinds in ruleset.tax_ids.values() for k in kinds]
    bodies, seen = [], set()
    while len(bodies) < count:
        market, number = rng.choice(examples)
        number = _maybe_typo(number, rng)
        number = rng.choice([number, number.replace(" ", ""), " ".join(number)])
        if (market, number) not in seen:
            seen.add((market, number))
            bodies.append({"market": market, "tax_id": number})
    return bodies


def _with_tax_ids(
    setups: list[dict[str, object]], ruleset: Ruleset, rng: random.Random
) -> list[dict[str, object]]:
    """Account-setup bodies with a tax ID where the market has a check."""
    found = []
    for setup in setups:
        kinds = ruleset.tax_ids.get(str(setup["market"]).upper(), ())
        tax = {"company_tax_id": _maybe_typo(kinds[0].example, rng)} if kinds else {}
        found.append({**setup, **tax})
    return found


def _cancellations(rng: random.Random, count: int) -> list[dict[str, str]]:
    """Distinct orders: every product, purchase times over two years in offsets from
    -12:00 to +14:00, asked about inside and after the window."""
    products = ["perpetual_software", "software_subscription", "suse_software_plan"]
    products.append("red_hat_software_plan")
    bodies = []
    for _ in range(count):
        offset = rng.randrange(-12 * 4, 14 * 4 + 1) * 15
        sign, minutes = ("+" if offset >= 0 else "-"), abs(offset)
        day = rng.randrange(1, 28)
        bought = f"2026-{rng.randrange(1, 13):02d}-{day:02d}T{rng.randrange(24):02d}:"
        bought += f"{rng.randrange(60):02d}:{rng.randrange(60):02d}"
        bought += f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
        at = f"2027-{rng.randrange(1, 4):02d}-{day:02d}T12:00:00Z"
        bodies.append({"product": rng.choice(products), "purchased_at": bought, "at": at})
    return bodies


@dataclass(frozen=True)
class Workload:
    kind: str
    """"get", "post", "floor-get", "floor-post", "floor-phone" (the floor and the phone
    library's own work: a ratio, not a floor) or "info" (no target)."""
    lines: list[str]
    target: float | None = None
    warm_up: list[str] | None = None
    """Distinct bodies to warm up with, so that the measured ones are all new."""


def workloads(ruleset: Ruleset, seed: int = 7, distinct: int = DISTINCT) -> dict[str, Workload]:
    rng = random.Random(seed)
    codes = [m.code for m in ruleset.markets] + [m.alpha3 for m in ruleset.markets]
    repeated_phones = _phones(5000, seed)
    distinct_phones = _phones(distinct, seed + 1)
    warm_phones = _phones(5000, seed + 2)
    cards = _card_bodies(rng, 3000)
    quotes = []
    for _ in range(3000):
        market, currency, decimals = rng.choice(
            [
                ("AU", "AUD", 2),
                ("BR", "BRL", 2),
                ("US", "USD", 2),
                ("JP", "JPY", 0),
                ("GB", "GBP", 2),
                ("KW", "KWD", 3),
            ]
        )
        amount = f"{rng.randrange(1, 10**6) / 10**decimals:.{decimals}f}"
        quotes.append({"market": market, "amount": amount, "currency": currency})
    phone_path, setup_path = "/v1/checks/company-phone", "/v1/checks/account-setup"
    cancellations = _cancellations(rng, 3000)
    tax_ids = _tax_ids(ruleset, rng, 3000)

    def posts(path: str, bodies: list[Any]) -> list[str]:
        return _lines("POST", [(path, body) for body in bodies])

    return {
        "GET /floor": Workload("floor-get", _lines("GET", [("/floor", None)])),
        "POST /floor": Workload("floor-post", posts("/floor", [{"market": c} for c in codes])),
        "POST /floor/phone (phonenumbers alone, distinct mix)": Workload(
            "floor-phone",
            posts("/floor/phone", distinct_phones),
            None,
            posts("/floor/phone", warm_phones),
        ),
        "GET /v1/markets/{code}": Workload(
            "get",
            _lines("GET", [(f"/v1/markets/{rng.choice([c, c.lower()])}", None) for c in codes]),
            GET_TARGET,
        ),
        "GET /v1/markets?q=": Workload(
            "get",
            _lines(
                "GET",
                [
                    ("/v1/markets?q=" + urllib.request.quote(q), None)
                    for q in _search_queries(ruleset)
                ],
            ),
            GET_TARGET,
        ),
        "POST /v1/checks/reservation": Workload(
            "post", posts("/v1/checks/reservation", [{"market": c} for c in codes]), POST_TARGET
        ),
        "POST /v1/pricing/quote": Workload("post", posts("/v1/pricing/quote", quotes), POST_TARGET),
        "POST /v1/checks/company-tax-id": Workload(
            "post", posts("/v1/checks/company-tax-id", tax_ids), TAX_ID_TARGET
        ),
        "POST /v1/checks/cancellation": Workload(
            "post", posts("/v1/checks/cancellation", cancellations), CANCELLATION_TARGET
        ),
        "POST /v1/checks/company-phone (distinct, global mix)": Workload(
            "post", posts(phone_path, distinct_phones), POST_TARGET, posts(phone_path, warm_phones)
        ),
        "POST /v1/checks/company-phone (5,000 repeated)": Workload(
            "info", posts(phone_path, repeated_phones)
        ),
        "POST /v1/checks/card-address": Workload(
            "post", posts("/v1/checks/card-address", cards), POST_TARGET
        ),
        "POST /v1/checks/account-setup (distinct)": Workload(
            "post",
            posts(setup_path, _setups(distinct_phones, rng)),
            ACCOUNT_SETUP_TARGET,
            posts(setup_path, _setups(warm_phones, rng)),
        ),
        "POST /v1/checks/account-setup (distinct, with tax IDs)": Workload(
            "info",
            posts(setup_path, _with_tax_ids(_setups(distinct_phones, rng), ruleset, rng)),
            None,
            posts(setup_path, _with_tax_ids(_setups(warm_phones, rng), ruleset, rng)),
        ),
        "POST /v1/checks/account-setup (3,000 repeated)": Workload(
            "info", posts(setup_path, _setups(repeated_phones[:3000], rng))
        ),
    }


# ----------------------------------------------------------------- measuring


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
            str(ROOT / "bench" / "requests.lua"),
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


@dataclass(frozen=True)
class Target:
    """A running server and how to drive it."""

    base: str
    pid: int
    workdir: Path
    seconds: float
    connections: int


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
    before = _tree_cpu_seconds(pid)
    stats = run_wrk(base, lines_file, seconds, connections)
    cpu = _tree_cpu_seconds(pid) - before
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
    )


def search_timings(ruleset: Ruleset) -> dict[str, float]:
    """In-process name search (no cache): mean µs per query, per market's worst query."""
    per_market = []
    for market in ruleset.markets:
        worst = 0.0
        for query in {
            market.name_en,
            market.name_fr,
            market.name_en[:3],
            market.name_fr[:4],
            market.name_fr.lower(),
            market.code,
        }:
            repeats = 200
            started = time.perf_counter_ns()
            for _ in range(repeats):
                search_markets(ruleset, query)
            worst = max(worst, (time.perf_counter_ns() - started) / repeats / 1000)
        per_market.append(worst)
    return {
        "markets": len(per_market),
        "median_us": statistics.median(per_market),
        "max_us": max(per_market),
    }


def _best_of(passes: int, run: Callable[[], float]) -> float:
    """The fastest of ``passes`` runs: the one least disturbed by the machine."""
    return min(run() for _ in range(passes))


def phone_timings(ruleset: Ruleset, count: int = 20_000, passes: int = 5) -> dict[str, float]:
    """In-process company phone checks of distinct numbers, as the server sees them
    after start-up (metadata preloaded): a global mix against the US alone, and
    against phonenumbers' own parse and validation of the same numbers (the guard of
    issue 28: the check's cost over the library's own work). Best of ``passes``."""
    preload_phone_metadata()
    mix, us = global_mix(count, 11), global_mix(count, 12, {"US"})

    def per_check(values: list[tuple[str, str]]) -> float:
        parse_phone.cache_clear()
        started = time.perf_counter_ns()
        for region, value in values:
            check_company_phone(ruleset, region, value)
        return (time.perf_counter_ns() - started) / len(values) / 1000

    def library_alone(values: list[tuple[str, str]]) -> float:
        """phonenumbers' own parse and validation: the least any check can cost."""
        started = time.perf_counter_ns()
        for region, value in values:
            try:
                number = phonenumbers.parse(value, region)
            except phonenumbers.NumberParseException:
                continue
            phonenumbers.is_valid_number_for_region(number, region)
        return (time.perf_counter_ns() - started) / len(values) / 1000

    per_check(global_mix(5000, 13))  # warm-up: every region's patterns compiled once
    mix_us = _best_of(passes, lambda: per_check(mix))
    us_us = _best_of(passes, lambda: per_check(us))
    library_us = _best_of(passes, lambda: library_alone(mix))
    return {
        "count": count,
        "mix_us": mix_us,
        "us_us": us_us,
        "ratio": mix_us / us_us,
        "library_us": library_us,
        "library_ratio": mix_us / library_us,
    }


def tax_id_timings(ruleset: Ruleset, passes: int = 5) -> dict[str, float]:
    """In-process tax ID checks of the bench's distinct bodies against python-stdnum's
    own validation of the same numbers (each market's kinds in turn, as the check
    tries them). Best of ``passes``."""
    bodies = [(b["market"], b["tax_id"]) for b in _tax_ids(ruleset, random.Random(3), 3000)]

    def per_check() -> float:
        started = time.perf_counter_ns()
        for market, number in bodies:
            check_company_tax_id(ruleset, market, number)
        return (time.perf_counter_ns() - started) / len(bodies) / 1000

    def library_alone() -> float:
        started = time.perf_counter_ns()
        for market, number in bodies:
            for kind in ruleset.tax_ids.get(market, ()):
                try:
                    kind.module.validate(number)
                    break
                except (ValidationError, ValueError, TypeError, IndexError, KeyError):
                    continue  # what the check also catches
        return (time.perf_counter_ns() - started) / len(bodies) / 1000

    per_check()
    check_us = _best_of(passes, per_check)
    library_us = _best_of(passes, library_alone)
    return {
        "count": len(bodies),
        "check_us": check_us,
        "library_us": library_us,
        "library_ratio": check_us / library_us,
    }


def tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and every descendant (workers), from /proc."""
    total = 0
    for proc in process_tree(root):
        try:
            status = (proc / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def check_file_timings(ruleset: Ruleset, workdir: Path, rows: int) -> list[dict[str, float]]:
    """`eligibility check-file` over a generated file of ``rows`` distinct records with 1
    and 2 processes: rows per second, and the peak RSS of the whole process tree."""
    sys.path.insert(0, str(ROOT / "bench"))
    from customers import write_customers

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
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, tree_rss_kib(process.pid) / 1024)
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        summary = process.stderr.read() if process.stderr else ""
        if "rows in" not in summary:
            raise SystemExit(f"bench: check-file failed:\n{summary}")
        found.append({"processes": processes, "rows": rows, "rows_per_s": rows / seconds,
                      "peak_rss_mib": peak, "seconds": seconds})  # fmt: skip
        print(f"bench: check-file, {processes} process(es): {rows / seconds:,.0f} rows/s, "
              f"peak RSS {peak:.0f} MiB", file=sys.stderr)  # fmt: skip
    return found


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


# ------------------------------------------------------------------ reporting


def markdown(result: dict) -> str:
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
    by_name = {r["endpoint"]: r for r in result["rows"]}
    served = by_name.get("POST /floor/phone (phonenumbers alone, distinct mix)")
    check = by_name.get("POST /v1/checks/company-phone (distinct, global mix)")
    served_line = (
        f"- Served, the company-phone check of distinct numbers costs "
        f"{check['cpu_us'] - served['cpu_us']:+.1f} µs over the floor plus phonenumbers' own "
        f"parse and validation ({check['cpu_us']:.1f} against {served['cpu_us']:.1f} µs), "
        f"which is itself {served['ratio']:.2f}x the floor: the least a phone check costs "
        "here.\n"
        if served and check and served["ratio"]
        else ""
    )
    files = "".join(
        f"- `eligibility check-file`, {f['rows']:,.0f} distinct records, {f['processes']:.0f} "
        f"process(es): **{f['rows_per_s']:,.0f} rows/s**, peak RSS of the process tree "
        f"**{f['peak_rss_mib']:.0f} MiB** (target with 2: ≥ {FILE_ROWS_TARGET:,} rows/s, "
        f"< {FILE_RSS_TARGET_MIB} MiB).\n"
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
        + served_line
        + files
        + f"- Start-up to the first 200 on /healthz: {start:.2f} s "
        f"(target < {STARTUP_TARGET_S} s).\n"
        f"- Failed requests: {failed}.\n\n"
        "| cache (all workers, whole run) | hits | misses | hit rate | size |\n"
        "|---|---:|---:|---:|---:|\n" + caches + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "5"))
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=int(os.environ.get("BENCH_ROUNDS", "3")),
        help="measure every row this many times, interleaved; report the median",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument(
        "--file-rows", type=int, default=int(os.environ.get("BENCH_FILE_ROWS", "200000"))
    )
    parser.add_argument(
        "--only", choices=("check-file",), help="run only this part (prints, writes nothing)"
    )
    args = parser.parse_args(argv)
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
        floor_port, app_port = _free_port(), _free_port()
        floor_cmd = [
            str(BIN / "python"),
            "-m",
            "uvicorn",
            "floor:create_app",
            "--factory",
            "--app-dir",
            str(ROOT / "bench"),
            "--host",
            "127.0.0.1",
            "--port",
            str(floor_port),
            "--workers",
            str(args.workers),
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--no-server-header",
            "--log-level",
            "warning",
        ]
        app_cmd = [
            str(BIN / "eligibility"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(app_port),
            "--workers",
            str(args.workers),
        ]
        floor_base, app_base = f"http://127.0.0.1:{floor_port}", f"http://127.0.0.1:{app_port}"
        app_log = workdir / "app.log"
        rounds: dict[str, list[Row]] = {endpoint: [] for endpoint in loads}
        # Both servers run together and every round measures the floors and then each
        # row, so that a ratio divides by a floor measured minutes, not hours, apart:
        # this machine's speed drifts by more than the differences measured.
        with (
            _server(floor_cmd, f"{floor_base}/floor", workdir / "floor.log") as (floor_pid, _),
            _server(app_cmd, f"{app_base}/healthz", app_log) as (app_pid, startup),
        ):
            floor = Target(floor_base, floor_pid, workdir, per_round, args.connections)
            app = Target(app_base, app_pid, workdir, per_round, args.connections)
            for round_ in range(args.rounds):
                for endpoint, load in loads.items():
                    target = floor if load.kind.startswith("floor") else app
                    row = measure(target, endpoint, load, round_, args.rounds)
                    rounds[endpoint].append(row)
                    print(
                        f"bench: round {round_ + 1}/{args.rounds} {endpoint}: "
                        f"{row.cpu_us:.1f} µs/req",
                        file=sys.stderr,
                    )
                floors = {
                    "get": rounds["GET /floor"][-1].cpu_us,
                    "post": rounds["POST /floor"][-1].cpu_us,
                }
                for measured in rounds.values():
                    row = measured[-1]
                    row.ratio = row.cpu_us / floors.get(
                        row.kind.removeprefix("floor-"), floors["post"]
                    )
        caches = cache_stats(app_log)
        files = check_file_timings(ruleset, workdir, args.file_rows)

    rows = [combine(measured) for measured in rounds.values()]
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = {
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
    failed = sum(r.status_errors + r.socket_errors for r in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
