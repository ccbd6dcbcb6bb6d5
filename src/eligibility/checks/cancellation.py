"""``POST /v1/checks/cancellation``: can this order still be cancelled, until when, for what?"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final

from msgspec import Meta

from eligibility.answers import CheckResult
from eligibility.checks.declaration import Arg, Case, Check
from eligibility.checks.fields import AwareTime, RequestBody
from eligibility.rules.cancellation import (
    Cancellation,
    CancellationFindings,
    check_cancellation,
)
from eligibility.ruleset import Ruleset

__all__ = ["CHECK", "CancellationRequest", "CancellationResult"]


class CancellationRequest(RequestBody):
    product: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=64,
            description=(
                "What was bought: `perpetual_software`, `software_subscription`, "
                "`suse_software_plan` or `red_hat_software_plan`. Another value is answered "
                "with `cancellation.product_unknown`, listing the known ones."
            ),
            examples=["perpetual_software"],
        ),
    ]
    purchased_at: AwareTime
    at: Annotated[
        AwareTime | None,
        Meta(description="The time to answer for (RFC 3339 with offset); now when omitted."),
    ] = None


class CancellationResult(CheckResult, frozen=True, kw_only=True):
    cancellation: Annotated[
        Cancellation | None,
        Meta(
            description=(
                "The order's cancellation window: deadline, time left and credit; null when "
                "the product or a time cannot be read."
            )
        ),
    ]


def run(ruleset: Ruleset, request: CancellationRequest, lang: str) -> CancellationFindings:
    at = request.at if request.at is not None else datetime.now(UTC)
    return check_cancellation(ruleset, request.product, request.purchased_at, at, lang)


CHECK: Final = Check(
    name="cancellation",
    path="/v1/checks/cancellation",
    operation_id="checkCancellation",
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
    request=CancellationRequest,
    result=CancellationResult,
    response_description="The check result with the order's cancellation window.",
    run=run,
    examples=(
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
    cli_help=(
        "whether an order can still be cancelled: check cancellation perpetual_software "
        "2026-10-13T09:30:00+02:00 [--at TIME]"
    ),
    cli=(
        Arg("product", "product", "perpetual_software, software_subscription, ..."),
        Arg("purchased_at", "purchased_at", "RFC 3339 with its UTC offset"),
        Arg("--at", "at", "the time to answer for (default: now)"),
    ),
)
