"""A subscription validation request, complete before it is filed with Microsoft Support.

"Microsoft Support will help to confirm that a subscription ID and billing address
belong to a known customer"; the partner provides both (seed
000_935147987dcb360b.txt, "Customer subscription validation"). Whether they belong to
a known customer only Microsoft can say; what can be refused before filing is a
subscription ID that is not one and a billing address the address check refuses
(every code of ``check_address``).
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

import msgspec

from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.address import NormalizedAddress, check_address
from eligibility.rules.credit_request import TicketLine, source_text, ticket_lines
from eligibility.rules.findings import Findings
from eligibility.rules.postal import AddressLike
from eligibility.rules.subscription_id import CanonicalSubscriptionId, read_subscription_id
from eligibility.ruleset import Ruleset
from eligibility.ruleset.support_requests import support_policy

__all__ = ["SubscriptionValidation", "ValidationFindings", "check_subscription_validation"]

CONFIRMED_BY: Final = "microsoft_support"


class SubscriptionValidation(msgspec.Struct, frozen=True, kw_only=True):
    subscription_id: CanonicalSubscriptionId
    ticket: Annotated[
        list[TicketLine],
        msgspec.Meta(description="What the support request gives, in the seed's order."),
    ]
    owner_confirmed_by: Annotated[
        Literal["microsoft_support"],
        msgspec.Meta(
            description=(
                "Who can confirm that the subscription and the address belong to a known "
                "customer: only Microsoft Support, after the request is filed. A valid answer "
                "here says the request is complete, not that the subscription is the "
                "customer's."
            )
        ),
    ]
    source: Annotated[str, msgspec.Meta(description="The page the contents come from.")]


class ValidationFindings(Findings, kw_only=True):
    address: NormalizedAddress | None = None
    subscription_validation: SubscriptionValidation | None = None


def check_subscription_validation(
    ruleset: Ruleset,
    subscription_id: str | None,
    billing_address: AddressLike,
    lang: str = DEFAULT_LANGUAGE,
) -> ValidationFindings:
    """Every problem that would make the validation request bounce, what it contains, and
    who alone can answer it.

    >>> from eligibility.rules.postal import PlainAddress
    >>> address = PlainAddress("US", "WA", "Redmond", "98052", "1 Microsoft Way")
    >>> found = check_subscription_validation(ruleset, "6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f", address)
    >>> [e.code.value for e in found.errors], found.subscription_validation.owner_confirmed_by
    (['subscription_id.invalid'], 'microsoft_support')
    """
    policy = support_policy(ruleset)
    read = read_subscription_id(subscription_id, "subscription_id", lang)
    address = check_address(ruleset, billing_address, "billing_address", lang)
    written = address.address
    where = (
        ", ".join(
            part
            for part in (
                billing_address.line1,
                written.postal_code or billing_address.postal_code,
                written.city,
                written.region,
                written.country,
            )
            if part
        )
        if written is not None
        else None
    )
    values = {"subscription_id": read.canonical, "billing_address": where}
    answer = SubscriptionValidation(
        subscription_id=read.canonical,
        ticket=ticket_lines(policy.validation.contents, values, lang),
        owner_confirmed_by=CONFIRMED_BY,
        source=source_text(policy.source),
    )
    return ValidationFindings(
        errors=[*read.errors, *address.errors],
        warnings=[*read.warnings, *address.warnings],
        address=written,
        subscription_validation=answer,
    )
