"""Warm-up, in one place: load and compile now what the first checks would otherwise pay for.

The service warms up once per worker at start-up; a batch run also builds every
market's region index and compiles every region's phone patterns, because a
customer file mixes every region and its workers are forked from a warmed parent.
"""

from __future__ import annotations

import phonenumbers

from eligibility.rules.phone import check_company_phone, preload_phone_metadata
from eligibility.rules.postal import preload_address_formats
from eligibility.rules.regions import load_regions
from eligibility.ruleset import Ruleset

__all__ = ["warm_up"]


def warm_up(ruleset: Ruleset, *, every_region: bool = False) -> None:
    """Phone metadata and every market's address format; with ``every_region``, also
    every market's region index and one check of each region's example number."""
    preload_phone_metadata()
    preload_address_formats(ruleset)
    if not every_region:
        return
    for market in ruleset.markets:
        load_regions(ruleset, market.code)
    for region in sorted(phonenumbers.SUPPORTED_REGIONS & set(ruleset.by_code)):
        example = phonenumbers.example_number(region)
        if example is not None:
            check_company_phone(
                ruleset, region, f"+{example.country_code} {example.national_number}"
            )
