"""The check of one record and of a partition of records: what every runner calls.

The same rule function the account-setup route calls (``check_account_setup``)
answers each record, and the same envelope (``eligibility.answers``) carries its
findings; a runner (``batch.local`` today) only decides where partitions run.
"""

from __future__ import annotations

from collections.abc import Iterable

from eligibility.answers import AccountSetupResult, answer
from eligibility.batch.records import Record
from eligibility.batch.results import Finding, Result
from eligibility.rules.account import check_account_setup
from eligibility.rules.address import PlainAddress
from eligibility.rules.markets import find_market
from eligibility.ruleset import Ruleset

__all__ = ["check_partition", "check_record"]


def _blank(value: str | None) -> str | None:
    return value if value and value.strip() else None


def check_record(ruleset: Ruleset, record: Record, lang: str = "en") -> Result:
    """The account-setup check of one record, as the API's route runs it."""
    if record.problem is not None:
        return Result(line=record.line, id=record.id, valid=None, problem=record.problem)
    market = record.get("market")
    billing = PlainAddress(
        country=record.get("billing_country") or market,
        region=_blank(record.get("billing_region")),
        city=_blank(record.get("billing_city")),
        postal_code=_blank(record.get("billing_postal_code")),
        line1=_blank(record.get("billing_line1")),
    )
    findings = check_account_setup(
        ruleset,
        market,
        record.get("company_phone"),
        billing,
        company_tax_id=_blank(record.get("company_tax_id")),
        lang=lang,
    )
    answered = answer(findings, ruleset.version, AccountSetupResult)
    found = find_market(ruleset, market)
    return Result(
        line=record.line,
        id=record.id,
        valid=answered.valid,
        errors=tuple(
            Finding(e.field, e.code.value, e.message, e.suggestion) for e in answered.errors
        ),
        warnings=tuple(
            Finding(w.field, w.code.value, w.message, w.suggestion) for w in answered.warnings
        ),
        reservations_available=found.reservations_available if found else None,
        tax_inclusive_pricing=found.tax_inclusive_pricing if found else None,
    )


def check_partition(ruleset: Ruleset, records: Iterable[Record]) -> list[Result]:
    """Every record's result, in order: the unit of work a runner hands a worker."""
    return [check_record(ruleset, record) for record in records]
