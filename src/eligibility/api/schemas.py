"""The API's own bodies beyond the checks': batches, markets, health.

Each check's request and result live beside its declaration (``eligibility.checks``);
problems (RFC 9457) beside the codes (``eligibility.errors``)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from eligibility.checks.account_setup import AccountSetupRequest, AccountSetupResult
from eligibility.checks.fields import RequestBody
from eligibility.errors import ProblemField

__all__ = [
    "BATCH_MAX_ITEMS",
    "BatchItem",
    "BatchItemProblem",
    "BatchItemResult",
    "BatchRequest",
    "BatchResult",
    "Health",
    "Market",
    "MarketList",
]


class BatchItemResult(
    AccountSetupResult, frozen=True, kw_only=True, tag_field="outcome", tag="checked"
):
    """A batch item's check result (``outcome`` ``checked``)."""

    id: Annotated[str, Meta(description="The item's id, as sent.")]


BATCH_MAX_ITEMS = 1000
"""Items of one POST /v1/checks/batch; a larger list is a 400 problem naming `items`."""


class BatchItem(AccountSetupRequest, kw_only=True):
    """One record: the account-setup body and the client's own id for it."""

    id: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=100,
            description="The client's id for this record, answered with its result.",
            examples=["C0000001"],
        ),
    ]


class BatchRequest(RequestBody):
    items: Annotated[
        list[BatchItem],
        Meta(
            min_length=1,
            max_length=BATCH_MAX_ITEMS,
            description=f"At most {BATCH_MAX_ITEMS} records, answered in the same order.",
        ),
    ]


class Health(msgspec.Struct, frozen=True, kw_only=True):
    status: Annotated[
        Literal["ok", "ready", "unavailable"],
        Meta(description="`ok` (alive), `ready` (serving), `unavailable` (starting or stopping)."),
    ]
    version: Annotated[str, Meta(description="The service's version.", examples=["0.1.0"])]
    rules_version: Annotated[
        str, Meta(description="Short hash of the loaded rules data.", examples=["6a4deaa64d4f"])
    ]


class Market(msgspec.Struct, frozen=True, kw_only=True):
    code: Annotated[str, Meta(description="ISO 3166-1 alpha-2 code (XK for Kosovo).")]
    alpha3: str
    name: str
    served: Annotated[
        bool,
        Meta(
            description="False where Microsoft does not sell at all (a country under embargo: "
            "North Korea, Iran, Cuba, Syria); every check refuses it with `market.not_served`."
        ),
    ]
    reservations_available: Annotated[
        bool,
        Meta(description="False where Azure reservations are not sold, and where not `served`."),
    ]
    tax_inclusive_pricing: Annotated[
        bool, Meta(description="True where commercial prices include tax (Australia, Brazil).")
    ]


class MarketList(msgspec.Struct, frozen=True, kw_only=True):
    rules_version: str
    markets: list[Market]


class BatchItemProblem(
    msgspec.Struct, frozen=True, kw_only=True, tag_field="outcome", tag="unreadable"
):
    """A batch item that could not be read (``outcome`` ``unreadable``): its problems, in
    its place."""

    id: Annotated[
        str | None, Meta(description="The item's id, when it could be read as one; else null.")
    ]
    index: Annotated[int, Meta(ge=0, description="The item's position in `items`, from 0.")]
    problems: Annotated[
        list[ProblemField],
        Meta(description="Every problem of the item, with its path in the item (`market`)."),
    ]


class BatchResult(msgspec.Struct, frozen=True, kw_only=True):
    results: Annotated[
        list[BatchItemResult | BatchItemProblem],
        Meta(
            description=(
                "One per item, in the order they were sent: the item's check result, or, "
                "for an item that cannot be read, its problems (`problems`) in its place."
            )
        ),
    ]
    rules_version: str
