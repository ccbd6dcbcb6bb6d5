"""``POST /v1/checks/reservation``: can Azure reservations be sold in this market?"""

from __future__ import annotations

from typing import Final

from eligibility.answers import CheckResult
from eligibility.checks.declaration import Arg, Case, Check
from eligibility.checks.fields import MarketCode, RequestBody, market_facts_of
from eligibility.rules.findings import Findings
from eligibility.rules.markets import MARKET_FACTS, check_reservation
from eligibility.ruleset import Ruleset

__all__ = ["CHECK", "ReservationCheckRequest"]


class ReservationCheckRequest(RequestBody):
    market: MarketCode


def run(ruleset: Ruleset, request: ReservationCheckRequest, lang: str) -> Findings:
    return check_reservation(ruleset, request.market, lang)


CHECK: Final = Check(
    name="reservation",
    path="/v1/checks/reservation",
    operation_id="checkReservation",
    summary="Can Azure reservations be sold in this market?",
    description=(
        "`market.unknown` when the code is unknown (with the code as `suggestion` when a "
        "market's name was sent); `reservations.unavailable_in_market` when reservations are "
        "not sold there."
    ),
    request=ReservationCheckRequest,
    result=CheckResult,
    run=run,
    examples=(
        Case("A market where reservations are sold", "Eligible", {"market": "AU"}),
        Case("A market where they are not", "reservations.unavailable_in_market", {"market": "CN"}),
        Case("A name instead of a code", "market.unknown", {"market": "Germany"}),
    ),
    cli_help="reservation eligibility: check reservation CN",
    cli=(Arg("market", "market", "market, alpha-2 or alpha-3"),),
    aliases=("market",),
    facts=market_facts_of,
    fact_names=MARKET_FACTS,
)
