"""Market catalogue look-ups, name search and reservation eligibility."""

from __future__ import annotations

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.findings import Findings
from eligibility.ruleset import MarketRecord, Ruleset
from eligibility.text import fold

__all__ = [
    "check_reservation",
    "find_market",
    "market_name",
    "search_markets",
    "unknown_market_error",
]

MAX_QUERY_LENGTH = 100


def find_market(ruleset: Ruleset, code: str) -> MarketRecord | None:
    """The market with this alpha-2 or alpha-3 code, in any case."""
    return ruleset.by_code.get(code.strip().upper())


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


def check_reservation(
    ruleset: Ruleset,
    market: str,
    lang: str = DEFAULT_LANGUAGE,
    field: str = "market",
    *,
    variant: str | None = None,
) -> Findings:
    """Errors that stop Azure reservations being sold in ``market``.

    ``variant`` picks another wording of ``reservations.unavailable_in_market``.
    """
    record = find_market(ruleset, market)
    if record is None:
        return Findings(errors=[unknown_market_error(ruleset, field, market, lang)])
    if not record.reservations_available:
        error = field_error(
            field,
            ErrorCode.RESERVATIONS_UNAVAILABLE,
            lang,
            variant=variant,
            market=market_name(record, lang),
            other=record.code,
        )
        return Findings(errors=[error])
    return Findings()
