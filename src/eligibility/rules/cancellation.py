"""Can this order still be cancelled? The seed's cancellation window, for checkout and
order pages.

Seed 001_25e49b1c4efd0137.txt (Partner Center, "Sell software subscriptions through
the CSP program", section "Cancel a purchase"; docs/sources.md): a software purchase
can be cancelled within 60 days of the purchase date, for a 100% credit (perpetual
software) or a prorated one (software subscriptions); after 60 days it cannot; a
SUSE Linux or Red Hat software plan in Azure can never be cancelled.

The window (data/cancellation_policy.json) is ``window_days`` times 24 hours from
the purchase instant, half-open: an order bought at ``t`` can be cancelled at any
instant ``t <= at < t + window``. Times are timezone-aware throughout; the deadline
is answered in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Final, Literal

import msgspec

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import DEFAULT_LANGUAGE, written_moment
from eligibility.rules.findings import Findings
from eligibility.ruleset import ProductPolicy, Ruleset

__all__ = ["Cancellation", "CancellationFindings", "Remaining", "check_cancellation", "utc_text"]

_DAY = timedelta(days=1)
_HOUR = timedelta(hours=1)
EARLIEST_YEAR: Final = 1900
LATEST_YEAR: Final = 9000
"""Times outside these years are refused (``cancellation.time_out_of_range``): no order
is that old or that far ahead, and their arithmetic would leave what datetime holds."""


class Remaining(msgspec.Struct, frozen=True, kw_only=True):
    """Time left to cancel, as Partner Center shows it: whole days and hours."""

    days: Annotated[int, msgspec.Meta(ge=0, examples=[12])]
    hours: Annotated[int, msgspec.Meta(ge=0, le=23, examples=[5])]


class Cancellation(msgspec.Struct, frozen=True, kw_only=True):
    """Whether the order can be cancelled, until when, and for what credit."""

    product: Annotated[str, msgspec.Meta(examples=["perpetual_software"])]
    cancellable: Annotated[bool, msgspec.Meta(description="True while it can be cancelled.")]
    purchased_at: Annotated[
        datetime, msgspec.Meta(description="The purchase time in UTC (RFC 3339).")
    ]
    at: Annotated[datetime, msgspec.Meta(description="The time the answer is for, in UTC.")]
    deadline: Annotated[
        datetime | None,
        msgspec.Meta(
            description=(
                "The first instant it can no longer be cancelled, in UTC (RFC 3339): the "
                "purchase time plus the window. Null for a product that can never be cancelled."
            ),
            examples=["2026-12-30T10:00:00Z"],
        ),
    ]
    remaining: Annotated[
        Remaining | None,
        msgspec.Meta(description="Time left before the deadline; null when not cancellable."),
    ]
    credit: Annotated[
        Literal["full", "prorated", "none"],
        msgspec.Meta(
            description=(
                "What cancelling now gives back, as the source says: `full` (100%) for "
                "perpetual software, `prorated` for software subscriptions, `none` when it "
                "cannot be cancelled."
            )
        ),
    ]
    window_days: Annotated[int, msgspec.Meta(examples=[60])]
    policy_source: Annotated[
        str,
        msgspec.Meta(description="Where the policy comes from: the page and its section."),
    ]


class CancellationFindings(Findings, kw_only=True):
    cancellation: Cancellation | None = None


def utc_text(moment: datetime) -> str:
    """An aware datetime in UTC, RFC 3339, with ``Z`` (``2026-12-30T10:00:00Z``), as
    msgspec writes the answer's times."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.isoformat().removesuffix("+00:00") + "Z"


def _to_the_second(moment: datetime) -> datetime:
    """A time as answers write it: in UTC, to the second (the window itself is computed
    from the exact times)."""
    return moment.astimezone(UTC).replace(microsecond=0)


def _remaining(left: timedelta) -> Remaining:
    days, rest = divmod(left, _DAY)
    return Remaining(days=days, hours=rest // _HOUR)


def _product_name(policy: ProductPolicy, lang: str) -> str:
    return policy.name_fr if lang == "fr" else policy.name_en


def check_cancellation(
    ruleset: Ruleset,
    product: str,
    purchased_at: datetime,
    at: datetime,
    lang: str = DEFAULT_LANGUAGE,
) -> CancellationFindings:
    """Whether an order of ``product`` bought at ``purchased_at`` can be cancelled at ``at``.

    Errors (all at once): ``cancellation.time_out_of_range``,
    ``cancellation.product_unknown`` (listing the known products),
    ``cancellation.purchase_in_future``, ``cancellation.not_cancellable`` (SUSE, Red
    Hat), ``cancellation.window_passed`` (naming the deadline). Both times must be
    timezone-aware (the HTTP layer refuses a time without an offset); a naive one is a
    programming error and raises ValueError.

    >>> from datetime import UTC, datetime
    >>> bought = datetime(2026, 10, 13, 7, 30, tzinfo=UTC)
    >>> asked = datetime(2026, 11, 30, tzinfo=UTC)
    >>> window = check_cancellation(ruleset, "perpetual_software", bought, asked).cancellation
    >>> window.deadline.isoformat(), window.remaining.days, window.credit
    ('2026-12-12T07:30:00+00:00', 12, 'full')
    """
    if purchased_at.tzinfo is None or at.tzinfo is None:
        raise ValueError("purchased_at and at must be timezone-aware")
    policy = ruleset.cancellation
    if errors := _out_of_range(purchased_at, at, lang):
        return CancellationFindings(errors=errors)
    # In UTC from here on: Python adds and subtracts the wall clock of datetimes that
    # share a tzinfo (Europe/Paris + 60 days would cross a DST change an hour off).
    purchased_at, at = purchased_at.astimezone(UTC), at.astimezone(UTC)
    found = policy.products.get(product.strip().lower())
    if found is None:
        errors.append(
            field_error(
                "product",
                ErrorCode.CANCELLATION_PRODUCT_UNKNOWN,
                lang,
                value=product[:64],
                known=", ".join(policy.products),
            )
        )
    if purchased_at > at:
        errors.append(
            field_error(
                "purchased_at",
                ErrorCode.CANCELLATION_PURCHASE_IN_FUTURE,
                lang,
                purchased_at=written_moment(purchased_at, lang),
                at=written_moment(at, lang),
            )
        )
    if found is None:
        return CancellationFindings(errors=errors)
    deadline = purchased_at + policy.window if found.cancellable else None
    if (window_error := _window_error(ruleset, found, at, deadline, lang)) is not None:
        errors.append(window_error)
    cancellable = not errors
    answer = Cancellation(
        product=found.product,
        cancellable=cancellable,
        purchased_at=_to_the_second(purchased_at),
        at=_to_the_second(at),
        deadline=_to_the_second(deadline) if deadline is not None else None,
        remaining=_remaining(deadline - at) if cancellable and deadline is not None else None,
        credit=found.credit if cancellable else "none",
        window_days=policy.window_days,
        policy_source=policy.source_text,
    )
    return CancellationFindings(errors=errors, cancellation=answer)


def _out_of_range(purchased_at: datetime, at: datetime, lang: str) -> list[FieldError]:
    """``cancellation.time_out_of_range`` for each time outside the years an order can have."""
    return [
        field_error(
            name,
            ErrorCode.CANCELLATION_TIME_OUT_OF_RANGE,
            lang,
            first=EARLIEST_YEAR,
            last=LATEST_YEAR,
        )
        for name, moment in (("purchased_at", purchased_at), ("at", at))
        if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR
    ]


def _window_error(
    ruleset: Ruleset, found: ProductPolicy, at: datetime, deadline: datetime | None, lang: str
) -> FieldError | None:
    """``cancellation.not_cancellable`` for a product that never is, or
    ``cancellation.window_passed`` once its deadline has passed."""
    if not found.cancellable:
        return field_error(
            "product",
            ErrorCode.CANCELLATION_NOT_CANCELLABLE,
            lang,
            product=_product_name(found, lang),
        )
    if deadline is not None and at >= deadline:
        return field_error(
            "purchased_at",
            ErrorCode.CANCELLATION_WINDOW_PASSED,
            lang,
            days=ruleset.cancellation.window_days,
            deadline=written_moment(deadline, lang),
        )
    return None
