"""Request bodies of the public API and its non-check answers (markets, health, problems).

The answers of the checks are in ``eligibility.answers``: the command line and
the batch runner give the same ones."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from eligibility.answers import BatchItemResult
from eligibility.errors import ProblemField

__all__ = [
    "AMOUNT_PATTERN",
    "AccountSetupRequest",
    "Address",
    "BatchItem",
    "BatchItemProblem",
    "BatchRequest",
    "BatchResult",
    "CancellationRequest",
    "CardAddressRequest",
    "CompanyPhoneRequest",
    "Health",
    "Market",
    "MarketList",
    "QuoteRequest",
    "RequestBody",
    "ReservationCheckRequest",
    "TaxIdCheckRequest",
]

AMOUNT_PATTERN = r"^(0|[1-9][0-9]{0,14})(\.[0-9]{1,4})?$"
"""A non-negative decimal string: at most 15 integer digits and 4 decimals, no sign or exponent."""


class RequestBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every request body: an unknown field is refused with a 400."""


MarketCode = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=64,
        description="ISO 3166-1 alpha-2 or alpha-3 code, any case (XK for Kosovo).",
        examples=["AU"],
    ),
]


class ReservationCheckRequest(RequestBody):
    market: MarketCode


class CompanyPhoneRequest(RequestBody):
    country: MarketCode
    phone: Annotated[
        str,
        Meta(
            max_length=256,
            description=(
                "The company phone as typed. Over 64 characters it is reported as too long "
                "without being parsed."
            ),
            examples=["+1 (425) 882-8080"],
        ),
    ]


Region = Annotated[
    str,
    Meta(
        max_length=100,
        description="State, province or prefecture: code or name (`WA` or `Washington`).",
        examples=["WA"],
    ),
]
City = Annotated[str, Meta(max_length=100, description="City or locality.", examples=["Redmond"])]
PostalCode = Annotated[
    str,
    Meta(max_length=32, description="Postal code; a US ZIP+4 is accepted.", examples=["98052"]),
]
LINE_MAX_LENGTH = 200
Line1 = Annotated[
    str,
    Meta(
        max_length=LINE_MAX_LENGTH,
        description="House number and street.",
        examples=["1 Microsoft Way"],
    ),
]
Line2 = Annotated[
    str,
    Meta(
        max_length=LINE_MAX_LENGTH,
        description="Suite, floor or building; not compared.",
        examples=["Building 92"],
    ),
]


class Address(RequestBody):
    """A postal address. Which fields are required depends on the country."""

    country: MarketCode
    region: Region | None = None
    city: City | None = None
    postal_code: PostalCode | None = None
    line1: Line1 | None = None
    line2: Line2 | None = None


BillingAddress = Annotated[
    Address, Meta(description="The address entered as billing address: it is checked.")
]
CardAddress = Annotated[
    Address | None,
    Meta(description="The card's billing address (where its statement goes), if known."),
]
LegalEntityAddress = Annotated[
    Address | None, Meta(description="The company's legal-entity address, if known.")
]


class CardAddressRequest(RequestBody):
    billing_address: BillingAddress
    card_address: CardAddress = None
    legal_entity_address: LegalEntityAddress = None


TaxIdValue = Annotated[
    str,
    Meta(
        max_length=128,
        description=(
            "The tax ID as typed, with or without spaces, dots, dashes and its country "
            "prefix. Over 64 characters it is reported as a wrong format without being read."
        ),
        examples=["DE 136 695 976"],
    ),
]
CompanyTaxId = Annotated[
    str,
    Meta(
        max_length=128,
        description=(
            "The company's VAT, GST or business number as typed, checked for `market`; "
            "optional except where the market requires one (Brazil's CNPJ, Belarus's UNP)."
        ),
        examples=["11.222.333/0001-81"],
    ),
]
TaxIdKindName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=32,
        description=(
            "The kind the form asked for (`eu_vat`, `gb_vat`, `br_cnpj`...: the market "
            "form's `tax_id.kinds`); any kind the market uses when omitted."
        ),
        examples=["eu_vat"],
    ),
]


class TaxIdCheckRequest(RequestBody):
    market: MarketCode
    tax_id: TaxIdValue
    kind: TaxIdKindName | None = None


class AccountSetupRequest(RequestBody):
    """The signup form's company step: market, company phone and card address at once."""

    market: MarketCode
    company_phone: Annotated[
        str,
        Meta(
            max_length=256,
            description=(
                "The company phone as typed; checked for `market`. Over 64 characters it is "
                "reported as too long without being parsed."
            ),
            examples=["4255550100"],
        ),
    ]
    billing_address: BillingAddress
    card_address: CardAddress = None
    legal_entity_address: LegalEntityAddress = None
    company_tax_id: CompanyTaxId | None = None
    company_tax_id_kind: TaxIdKindName | None = None


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


class QuoteRequest(RequestBody):
    market: MarketCode
    amount: Annotated[
        str,
        Meta(
            pattern=AMOUNT_PATTERN,
            max_length=20,
            description=(
                "The price as a decimal string (never a JSON number), with no more decimals than "
                "the currency's ISO 4217 minor unit."
            ),
            examples=["110.00"],
        ),
    ]
    currency: Annotated[
        str,
        Meta(pattern=r"^[A-Za-z]{3}$", description="ISO 4217 currency code.", examples=["AUD"]),
    ]


AwareTime = Annotated[
    datetime,
    Meta(
        tz=True,
        description=(
            "RFC 3339 with its UTC offset (`2026-11-30T14:00:00+01:00` or `...Z`); a time "
            "without an offset is refused."
        ),
    ),
]


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
    reservations_available: Annotated[
        bool, Meta(description="False where Azure reservations are not sold.")
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
