"""Order checks for checkout and order pages: can this order still be cancelled?"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Final

from litestar import Request
from litestar.params import Body

from eligibility.answers import CancellationResult, answer
from eligibility.api.common import AcceptLanguage, Case, Examples, check_answer, json_post
from eligibility.api.responses import RawResponse
from eligibility.api.schemas import CancellationRequest
from eligibility.rules import cancellation as cancellation_rules
from eligibility.ruleset import Ruleset

__all__ = ["order_handlers"]


def cancellation(ruleset: Ruleset, body: CancellationRequest, lang: str) -> CancellationResult:
    at = body.at if body.at is not None else datetime.now(UTC)
    findings = cancellation_rules.check_cancellation(
        ruleset, body.product, body.purchased_at, at, lang
    )
    return answer(findings, ruleset.version, CancellationResult)


CANCELLATION_EXAMPLES: Final = Examples(
    (
        Case(
            "Perpetual software bought 48 days ago",
            "Cancellable for 11 more days and 21 hours, for a full credit",
            {
                "product": "perpetual_software",
                "purchased_at": "2026-10-13T09:30:00+02:00",
                "at": "2026-11-30T10:00:00Z",
            },
        ),
        Case(
            "A software subscription bought 61 days ago",
            "cancellation.window_passed",
            {
                "product": "software_subscription",
                "purchased_at": "2026-09-30T08:00:00-04:00",
                "at": "2026-11-30T10:00:00Z",
            },
        ),
        Case(
            "A SUSE Linux software plan",
            "cancellation.not_cancellable",
            {
                "product": "suse_software_plan",
                "purchased_at": "2026-11-29T10:00:00Z",
                "at": "2026-11-30T10:00:00Z",
            },
        ),
        Case(
            "An unknown product, bought after the time asked about",
            "cancellation.product_unknown, cancellation.purchase_in_future",
            {
                "product": "hardware",
                "purchased_at": "2026-12-01T10:00:00+01:00",
                "at": "2026-11-30T10:00:00Z",
            },
        ),
    ),
    CancellationRequest,
    cancellation,
)


@json_post(
    "/v1/checks/cancellation",
    operation_id="checkCancellation",
    tag="checks",
    summary="Can this order still be cancelled, until when, and for what credit?",
    description=(
        "A software purchase can be cancelled within 60 days of its purchase (read as 60 x 24 "
        "hours from the purchase instant, whatever the time zone): perpetual software for a "
        "full credit, a software subscription for a prorated one; a SUSE Linux or Red Hat "
        "software plan in Azure never. The answer gives `cancellable`, the `deadline` in UTC, "
        "the time `remaining` in days and hours as Partner Center shows it, and the `credit`. "
        "Errors, all at once: `cancellation.product_unknown` (listing the known products), "
        "`cancellation.not_cancellable`, `cancellation.window_passed` (naming the deadline), "
        "`cancellation.purchase_in_future`, `cancellation.time_out_of_range`. Times are RFC "
        "3339 with their UTC offset; a time without one is a 400 problem. `at` defaults to now."
    ),
    response=CancellationResult,
    response_description="The check result with the order's cancellation window.",
    examples=CANCELLATION_EXAMPLES,
)
def check_cancellation(
    request: Request[Any, Any, Any],
    data: Annotated[CancellationRequest, Body(examples=CANCELLATION_EXAMPLES.requests)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    return check_answer(request, accept_language, "cancellation", cancellation, data)


order_handlers = [check_cancellation]
