"""Market catalogue look-ups, name search and reservation eligibility."""

from __future__ import annotations

from typing import Final

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.findings import Findings
from eligibility.ruleset import MarketRecord, Ruleset
from eligibility.ruleset.markets_served import markets_not_served
from eligibility.text import fold

__all__ = [
    "MARKET_FACTS",
    "check_reservation",
    "embargoed_region_of_postcode",
    "find_market",
    "market_facts",
    "market_name",
    "market_refusal",
    "not_served_error",
    "region_not_served_finding",
    "reservation_finding",
    "resolve_market",
    "search_markets",
    "unknown_market_error",
]

MAX_QUERY_LENGTH = 100


def find_market(ruleset: Ruleset, code: str) -> MarketRecord | None:
    """The market with this alpha-2 or alpha-3 code, in any case."""
    return ruleset.by_code.get(code.strip().upper())


MARKET_FACTS: Final = ("reservations_available", "tax_inclusive_pricing")


def market_facts(ruleset: Ruleset, code: str) -> dict[str, bool | None]:
    """What the rules say of the market called ``code``: None each where it is unknown."""
    market = find_market(ruleset, code)
    return {
        "reservations_available": market.reservations_available if market else None,
        "tax_inclusive_pricing": market.tax_inclusive_pricing if market else None,
    }


def market_name(market: MarketRecord, lang: str = DEFAULT_LANGUAGE) -> str:
    return market.name_fr if lang == "fr" else market.name_en


def search_markets(ruleset: Ruleset, query: str) -> list[MarketRecord]:
    """Markets whose names match ``query``, best match first.

    Case, accents and punctuation are ignored. A query that is a market code
    ranks that market first; then whole-name matches, name prefixes, matches at
    a later word of a name, and (only when nothing else matched) substrings.
    """
    folded = fold(query[:MAX_QUERY_LENGTH])
    if not folded:
        return []
    codes: dict[str, None] = {}  # ordered and de-duplicated
    exact = ruleset.by_code.get(folded.replace(" ", "").upper()) if len(folded) <= 3 else None
    if exact is not None:
        codes[exact.code] = None
    ranked = ruleset.search_prefixes.get(folded)
    if ranked is None:
        # search_names is in display-name order
        ranked = tuple({code: None for name, code in ruleset.search_names if folded in name})
    codes.update(dict.fromkeys(ranked))
    return [ruleset.by_code[c] for c in codes]


def unknown_market_error(
    ruleset: Ruleset, field: str, value: str, lang: str = DEFAULT_LANGUAGE
) -> FieldError:
    """``market.unknown``, suggesting the code when the value is a market's name."""
    matches = search_markets(ruleset, value) if len(value) > 3 else []
    return field_error(
        field,
        ErrorCode.MARKET_UNKNOWN,
        lang,
        suggestion=matches[0].code if matches else None,
        value=value[:MAX_QUERY_LENGTH],
    )


def resolve_market(ruleset: Ruleset, market: str | MarketRecord) -> MarketRecord | None:
    """``market`` as a record: a code is looked up, a record read once already is handed on."""
    return market if isinstance(market, MarketRecord) else find_market(ruleset, market)


def not_served_error(
    ruleset: Ruleset, record: MarketRecord, field: str, lang: str = DEFAULT_LANGUAGE
) -> FieldError | None:
    """``market.not_served`` where Microsoft does not sell in ``record``'s market (an
    embargo), naming why; else None.

    >>> not_served_error(ruleset, find_market(ruleset, "KP"), "market").code.value
    'market.not_served'
    >>> not_served_error(ruleset, find_market(ruleset, "KR"), "market") is None
    True
    """
    if record.served:
        return None
    entry = markets_not_served(ruleset).markets[record.code]
    return field_error(
        field,
        ErrorCode.MARKET_NOT_SERVED,
        lang,
        market=market_name(record, lang),
        other=record.code,
        basis=entry.basis_fr if lang == "fr" else entry.basis_en,
    )


def market_refusal(
    ruleset: Ruleset,
    record: MarketRecord | None,
    field: str,
    typed: str,
    lang: str = DEFAULT_LANGUAGE,
) -> FieldError | None:
    """Why ``typed`` (read as ``record``) is no market to sell in: ``market.unknown``
    where it is none, ``market.not_served`` where Microsoft does not sell there; else
    None. Every check that takes a market asks this once."""
    if record is None:
        return unknown_market_error(ruleset, field, typed, lang)
    return not_served_error(ruleset, record, field, lang)


def embargoed_region_of_postcode(ruleset: Ruleset, country: str, postal_code: str) -> str | None:
    """The embargoed ISO 3166-2 region whose postcodes ``postal_code`` (written as its
    country writes it) opens like, or None.

    >>> embargoed_region_of_postcode(ruleset, "UA", "95000")
    'UA-43'
    >>> embargoed_region_of_postcode(ruleset, "UA", "01001") is None
    True
    """
    for prefix, region in markets_not_served(ruleset).by_postcode.get(country, ()):
        if postal_code.startswith(prefix):
            return region
    return None


def region_not_served_finding(
    ruleset: Ruleset, region: str, field: str, lang: str = DEFAULT_LANGUAGE
) -> tuple[FieldError, bool] | None:
    """``address.region_not_served`` for an address in the ISO 3166-2 ``region``, and
    whether it is an error: where the embargo covers the whole region; a warning where
    it covers only a part of it (never an error for people outside that part).

    >>> finding, is_error = region_not_served_finding(ruleset, "UA-43", "region")
    >>> finding.code.value, is_error
    ('address.region_not_served', True)
    >>> region_not_served_finding(ruleset, "UA-14", "region")[1]
    False
    >>> region_not_served_finding(ruleset, "UA-30", "region") is None
    True
    """
    entry = markets_not_served(ruleset).regions.get(region)
    if entry is None:
        return None
    whole = entry.scope == "whole"
    finding = field_error(
        field,
        ErrorCode.ADDRESS_REGION_NOT_SERVED,
        lang,
        variant=None if whole else "partial",
        region=entry.name_fr if lang == "fr" else entry.name_en,
        region_code=entry.code,
        basis=entry.basis_fr if lang == "fr" else entry.basis_en,
    )
    return finding, whole


def reservation_finding(
    record: MarketRecord, field: str, lang: str = DEFAULT_LANGUAGE, *, variant: str | None = None
) -> FieldError | None:
    """``reservations.unavailable_in_market`` where Azure reservations are not sold in
    ``record``'s market, else None. ``variant`` picks another wording."""
    if record.reservations_available:
        return None
    return field_error(
        field,
        ErrorCode.RESERVATIONS_UNAVAILABLE,
        lang,
        variant=variant,
        market=market_name(record, lang),
        other=record.code,
    )


def check_reservation(
    ruleset: Ruleset, market: str, lang: str = DEFAULT_LANGUAGE, field: str = "market"
) -> Findings:
    """Errors that stop Azure reservations being sold in ``market``.

    >>> [e.code.value for e in check_reservation(ruleset, "CN").errors]
    ['reservations.unavailable_in_market']
    >>> check_reservation(ruleset, "au").errors
    []
    >>> check_reservation(ruleset, "Germany").errors[0].suggestion
    'DE'
    >>> [e.code.value for e in check_reservation(ruleset, "KP").errors]
    ['market.not_served']
    """
    record = find_market(ruleset, market)
    refusal = market_refusal(ruleset, record, field, market, lang)
    if refusal is not None or record is None:
        return Findings(errors=[refusal] if refusal is not None else [])
    error = reservation_finding(record, field, lang)
    return Findings(errors=[error] if error is not None else [])
