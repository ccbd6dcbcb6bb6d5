"""`make bench`'s workloads follow the declarations: every declared check has rows, each
body is one its route accepts, and the distinct rows send no body twice (no server)."""

from __future__ import annotations

import json

import msgspec
import pytest

from bench.floor import LIMITS
from bench.workloads import BODIES, Workload, workloads
from eligibility.checks import CHECKS, Check
from eligibility.ruleset import Ruleset


@pytest.fixture(scope="module")
def loads(ruleset: Ruleset) -> dict[str, Workload]:
    return workloads(ruleset, distinct=2000)


def _bodies(load: Workload) -> list[str]:
    return [line.split("\t")[3] for line in load.lines]


def test_every_declared_check_has_a_workload() -> None:
    assert {check.name for check in CHECKS} <= set(BODIES)


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.name)
def test_each_check_has_a_measured_row_of_bodies_its_route_reads(
    check: Check, loads: dict[str, Workload]
) -> None:
    rows = {e: w for e, w in loads.items() if w.check == check.name and w.kind != "limit"}
    assert any(w.kind == "post" for w in rows.values())
    decoder = msgspec.json.Decoder(check.request, strict=True)
    for load in rows.values():
        assert {line.split("\t")[1] for line in load.lines} == {check.path}
        for body in _bodies(load):
            decoder.decode(body)  # raises on a body the route would answer 400


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.name)
def test_distinct_rows_send_each_body_once(check: Check, loads: dict[str, Workload]) -> None:
    for endpoint, load in loads.items():
        if load.check == check.name and "repeated" not in endpoint:
            bodies = _bodies(load)
            assert len(set(bodies)) >= 0.98 * len(bodies), endpoint


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.name)
def test_bodies_come_from_more_than_one_market(check: Check, loads: dict[str, Workload]) -> None:
    load = next(w for w in loads.values() if w.check == check.name and w.kind == "post")
    countries = set()
    for body in map(json.loads, _bodies(load)):
        countries.add(body.get("market") or body.get("country"))
        for field in ("billing_address", "card_address", "legal_entity_address"):
            countries.add((body.get(field) or {}).get("country"))
        countries.add(body.get("product"))  # cancellation: no market, every product
    assert len(countries - {None}) >= 4


def test_a_check_with_a_library_call_has_a_limit_row_on_its_own_bodies(
    loads: dict[str, Workload],
) -> None:
    for name, (path, _) in LIMITS.items():
        check = next(c for c in CHECKS if c.name == name)
        measured = [w for w in loads.values() if w.check == name and w.kind == "post"]
        limits = [w for w in loads.values() if w.check == name and w.kind == "limit"]
        assert limits, name
        assert {line.split("\t")[1] for line in limits[0].lines} == {path}
        assert _bodies(limits[0]) == _bodies(measured[0]), check.name
