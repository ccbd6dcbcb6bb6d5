"""``eligibility check``: one value, the same answer as the API's."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any

from eligibility.cli.common import settings_for
from eligibility.ruleset import load_ruleset

__all__ = ["aware_time", "check_value"]


def _print_findings(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print("valid" if result["valid"] else "invalid")
    for kind in ("errors", "warnings"):
        for finding in result[kind]:
            suggestion = finding.get("suggestion")
            tail = f" (suggestion: {suggestion})" if suggestion else ""
            print(
                f"  {kind[:-1]} {finding['field']}: {finding['code']}: {finding['message']}{tail}"
            )
    for key, value in result.items():  # the check's own extras: avs, address, tax_id...
        if isinstance(value, dict) and value:
            print(f"  {key}: " + ", ".join(f"{k} {_words(v)}" for k, v in value.items()))


def _words(value: Any) -> str:
    """A value as a person reads it: yes/no, none, ``11 days 21 hours``."""
    if value is True or value is False:
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, dict):
        return " ".join(f"{v} {k}" for k, v in value.items())
    return str(value)


def check_value(args: argparse.Namespace) -> int:
    """One value, the same answer as the API's (and the market's facts for ``market``)."""
    import msgspec

    from eligibility.answers import (
        CancellationResult,
        CardAddressResult,
        CheckResult,
        TaxIdResult,
        answer,
    )
    from eligibility.rules.address import PlainAddress, check_card_address
    from eligibility.rules.cancellation import check_cancellation
    from eligibility.rules.findings import Findings
    from eligibility.rules.markets import check_reservation, find_market
    from eligibility.rules.phone import check_company_phone
    from eligibility.rules.tax_id import check_company_tax_id
    from eligibility.rules.warmup import warm_up

    ruleset = load_ruleset(settings_for(args.data_dir).data_dir)
    result_type: type[CheckResult] = CheckResult
    findings: Findings
    extra: dict[str, Any] = {}
    if args.what == "cancellation":
        at = args.at if args.at is not None else datetime.now(UTC)
        findings = check_cancellation(ruleset, args.product, args.purchased_at, at, args.lang)
        result_type = CancellationResult
    elif args.what == "tax-id":
        findings = check_company_tax_id(ruleset, args.country, args.value, args.kind, args.lang)
        result_type = TaxIdResult
    elif args.what == "phone":
        warm_up(ruleset)
        findings = check_company_phone(ruleset, args.country, args.value, args.lang)
    elif args.what == "market":
        findings = check_reservation(ruleset, args.country, args.lang)
        if (market := find_market(ruleset, args.country)) is not None:
            extra["market"] = {
                "code": market.code,
                "reservations_available": market.reservations_available,
                "tax_inclusive_pricing": market.tax_inclusive_pricing,
            }
    else:
        billing = PlainAddress(
            country=args.country,
            region=args.region,
            city=args.city,
            postal_code=args.postal_code,
            line1=args.line1,
        )
        findings = check_card_address(ruleset, billing, lang=args.lang)
        result_type = CardAddressResult
    result = msgspec.to_builtins(answer(findings, ruleset.version, result_type)) | extra
    _print_findings(result, args.json)
    return 0 if findings.valid else 1


def aware_time(text: str) -> datetime:
    """An RFC 3339 time with its UTC offset (``Z`` or ``+01:00``); refused without one."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an RFC 3339 time") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} has no UTC offset: write it as 2026-11-30T14:00:00+01:00 or ...Z"
        )
    return moment
