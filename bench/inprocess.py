"""In-process timings, no server: the name search, the company phone check against
phonenumbers' own work, and the tax ID check against python-stdnum's."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

import phonenumbers
from stdnum.exceptions import ValidationError

from bench.phone_examples import global_mix
from bench.workloads import tax_id_bodies
from eligibility.rules.markets import search_markets
from eligibility.rules.phone import check_company_phone, parse_phone, preload_phone_metadata
from eligibility.rules.tax_id import check_company_tax_id
from eligibility.ruleset import Ruleset

__all__ = ["phone_timings", "search_timings", "tax_id_timings"]


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
    bodies = [(b["market"], b["tax_id"]) for b in tax_id_bodies(ruleset, random.Random(3), 3000)]

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
