"""A credit or refund request, complete before it is filed with Microsoft Support.

The seed (000_935147987dcb360b.txt, "Credits and refunds") lists what the request
must give: the subscription ID of the affected customer, the customer's name, how
much the credit should be for, the period of the credit, the bill date of that
period, and the reason. Only Microsoft decides the credit; what can be refused
before the ticket is filed is a request that would bounce: a subscription ID that is
not one, an amount of zero or with more decimals than its currency has, a period
that ends before it starts or lies in the future, a bill date that is not that
period's, an empty or unreadable name or reason. Dates are calendar dates; "the
future" is judged on ``today``, a UTC date.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import Annotated, Final, NamedTuple

import msgspec

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import DEFAULT_LANGUAGE, label, written_date
from eligibility.rules.findings import Findings
from eligibility.rules.markets import find_market, market_name, market_refusal
from eligibility.rules.pricing import check_money
from eligibility.rules.subscription_id import CanonicalSubscriptionId, read_subscription_id
from eligibility.ruleset import MarketRecord, Ruleset
from eligibility.ruleset.files import Source
from eligibility.ruleset.support_requests import (
    Content,
    market_currencies,
    support_policy,
)

__all__ = [
    "CreditRequest",
    "CreditRequestFindings",
    "TicketLine",
    "check_credit_request",
    "check_text",
    "source_text",
    "ticket_lines",
]

_ALLOWED_CONTROLS: Final = frozenset("\n\r\t")
"""Line breaks and tabs a free text may hold (a reason written in paragraphs)."""


class TicketLine(msgspec.Struct, frozen=True, kw_only=True):
    """One thing the support ticket gives, in the seed's order."""

    field: Annotated[str, msgspec.Meta(description="The request field it comes from.")]
    label: Annotated[
        str, msgspec.Meta(description="What the seed calls it, in the answer's language.")
    ]
    value: Annotated[
        str | None,
        msgspec.Meta(
            description="What to write, as the check read it; null when missing or wrong."
        ),
    ]


class CreditRequest(msgspec.Struct, frozen=True, kw_only=True):
    subscription_id: CanonicalSubscriptionId
    ticket: Annotated[
        list[TicketLine],
        msgspec.Meta(
            description=(
                "What the ticket's 'What is the issue?' box should contain, in the seed's order."
            )
        ),
    ]
    acknowledgement_hours: Annotated[
        int, msgspec.Meta(description="Microsoft acknowledges a request within this many hours.")
    ]
    source: Annotated[str, msgspec.Meta(description="The page the contents come from.")]


class CreditRequestFindings(Findings, kw_only=True):
    credit_request: CreditRequest | None = None


class Period(NamedTuple):
    start: date
    end: date


def source_text(source: Source) -> str:
    """A source as an answer cites it: title, section and date."""
    return f"{source.title}, {source.section} ({source.published.isoformat()})"


def _label(content: Content, lang: str) -> str:
    return content.name_fr if lang == "fr" else content.name_en


def ticket_lines(
    contents: list[Content], values: dict[str, str | None], lang: str
) -> list[TicketLine]:
    """The ticket's lines in the seed's order, each with the value the check read."""
    return [
        TicketLine(field=c.field, label=_label(c, lang), value=values.get(c.field))
        for c in contents
    ]


def check_text(
    value: str | None, field: str, label: str, limit: int, lang: str, *, lines: bool = False
) -> list[FieldError]:
    """A free text that is given, at most ``limit`` characters, without control characters
    (line breaks and tabs allowed where ``lines``)."""
    text = (value or "").strip()
    if not text:
        return [field_error(field, ErrorCode.TEXT_REQUIRED, lang, label=label)]
    errors = []
    if len(text) > limit:
        errors.append(
            field_error(
                field, ErrorCode.TEXT_TOO_LONG, lang, label=label, limit=limit, length=len(text)
            )
        )
    allowed = _ALLOWED_CONTROLS if lines else frozenset()
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        errors.append(field_error(field, ErrorCode.TEXT_CONTROL_CHARACTERS, lang, label=label))
    return errors


def _period_errors(
    period: Period, bill_date: date, today: date, max_days: int, lang: str
) -> list[FieldError]:
    errors = []
    if period.end < period.start:
        errors.append(
            field_error(
                "period.end",
                ErrorCode.CREDIT_PERIOD_REVERSED,
                lang,
                start=written_date(period.start, lang),
                end=written_date(period.end, lang),
            )
        )
    for which, day in (("start", period.start), ("end", period.end)):
        if day > today:
            errors.append(
                field_error(
                    f"period.{which}",
                    ErrorCode.CREDIT_PERIOD_IN_FUTURE,
                    lang,
                    which=_WHICH[lang == "fr"][which],
                    day=written_date(day, lang),
                    today=written_date(today, lang),
                )
            )
    days = (period.end - period.start).days + 1
    if days > max_days:
        errors.append(
            field_error("period", ErrorCode.CREDIT_PERIOD_TOO_LONG, lang, days=days, limit=max_days)
        )
    if bill_date < period.end:
        errors.append(
            field_error(
                "bill_date",
                ErrorCode.CREDIT_BILL_DATE_BEFORE_PERIOD_END,
                lang,
                bill_date=written_date(bill_date, lang),
                end=written_date(period.end, lang),
            )
        )
    elif bill_date > today:
        errors.append(
            field_error(
                "bill_date",
                ErrorCode.CREDIT_BILL_DATE_IN_FUTURE,
                lang,
                bill_date=written_date(bill_date, lang),
                today=written_date(today, lang),
            )
        )
    return errors


_WHICH: Final = ({"start": "start", "end": "end"}, {"start": "date de début", "end": "date de fin"})


def _currency_warning(
    ruleset: Ruleset, market: MarketRecord, currency: str, lang: str
) -> list[FieldError]:
    """``credit.currency_not_of_market``: a currency that is none of the market's (CLDR)
    nor one Microsoft bills in everywhere. A warning: the data cannot be sure."""
    known = market_currencies(ruleset)
    own = known.by_market.get(market.code)
    if own is None or currency in own or currency in known.also_billed_in:
        return []
    warning = field_error(
        "currency",
        ErrorCode.CREDIT_CURRENCY_NOT_OF_MARKET,
        lang,
        suggestion=own[0],
        currency=currency,
        market=market_name(market, lang),
        expected=", ".join(own),
    )
    return [warning]


def _reason_code_errors(
    reasons: Collection[str], reason_code: str | None, lang: str
) -> list[FieldError]:
    """The optional reason code, when given, is one of the documented list."""
    if reason_code is None or reason_code.strip().lower() in reasons:
        return []
    unknown = {"value": reason_code[:32], "known": ", ".join(reasons)}
    return [field_error("reason_code", ErrorCode.CREDIT_REASON_CODE_UNKNOWN, lang, **unknown)]


def check_credit_request(
    ruleset: Ruleset,
    *,
    market: str,
    subscription_id: str | None,
    customer_name: str | None,
    amount: Decimal,
    currency: str,
    period: Period,
    bill_date: date,
    reason: str | None,
    reason_code: str | None = None,
    today: date,
    lang: str = DEFAULT_LANGUAGE,
) -> CreditRequestFindings:
    """Every problem that would make Microsoft Support bounce the credit request, and what
    the ticket should contain.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> found = check_credit_request(
    ...     ruleset, market="FR", subscription_id="6B1F3A9E0C2D4E5F8A7B9C0D1E2F3A4B",
    ...     customer_name="Contoso", amount=Decimal("120.00"), currency="EUR",
    ...     period=Period(date(2026, 10, 1), date(2026, 10, 31)), bill_date=date(2026, 11, 1),
    ...     reason="Outage on 12 October", today=date(2026, 12, 2))
    >>> found.valid, found.credit_request.subscription_id
    (True, '6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b')
    >>> [line.value for line in found.credit_request.ticket][2:5]
    ['120.00 EUR', '2026-10-01 to 2026-10-31', '2026-11-01']
    """
    policy = support_policy(ruleset)
    rules = policy.credit
    labels = {c.field: _label(c, lang) for c in rules.contents}
    errors: list[FieldError] = []
    warnings: list[FieldError] = []
    record = find_market(ruleset, market)
    if refusal := market_refusal(ruleset, record, "market", market, lang):
        errors.append(refusal)
    read = read_subscription_id(subscription_id, "subscription_id", lang)
    errors += read.errors
    warnings += read.warnings
    errors += check_text(
        customer_name, "customer_name", labels["customer_name"], rules.max_name_length, lang
    )
    money = check_money(ruleset, amount, currency, lang)
    errors += money.errors
    if amount <= 0:
        errors.append(field_error("amount", ErrorCode.CREDIT_AMOUNT_NOT_POSITIVE, lang))
    if record is not None and money.minor_unit is not None:
        warnings += _currency_warning(ruleset, record, money.currency, lang)
    errors += _period_errors(period, bill_date, today, rules.max_period_days, lang)
    errors += check_text(
        reason, "reason", labels["reason"], rules.max_reason_length, lang, lines=True
    )
    errors += _reason_code_errors(policy.reasons, reason_code, lang)
    values = {
        "subscription_id": read.canonical,
        "customer_name": (customer_name or "").strip() or None,
        "amount": f"{amount} {money.currency}" if not money.errors else None,
        "period": label("credit/period", lang).format(
            start=period.start.isoformat(), end=period.end.isoformat()
        ),
        "bill_date": bill_date.isoformat(),
        "reason": (reason or "").strip() or None,
    }
    answer = CreditRequest(
        subscription_id=read.canonical,
        ticket=ticket_lines(rules.contents, values, lang),
        acknowledgement_hours=rules.acknowledgement_hours,
        source=source_text(policy.source),
    )
    return CreditRequestFindings(errors=errors, warnings=warnings, credit_request=answer)
