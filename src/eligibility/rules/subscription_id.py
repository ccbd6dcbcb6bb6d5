"""Azure subscription IDs: GUIDs, read in any case, with or without braces or hyphens.

A support request that names no real subscription bounces (seed
000_935147987dcb360b.txt). The canonical form is RFC 9562's: 32 lower-case
hexadecimal digits in groups of 8-4-4-4-12. A GUID written otherwise (upper case,
braces, no hyphens) is accepted with a warning that gives the canonical form; one
that is not a GUID is an error saying what is wrong with it.
"""

from __future__ import annotations

import re
from typing import Annotated, Final, NamedTuple

import msgspec

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import label

__all__ = ["CanonicalSubscriptionId", "SubscriptionId", "read_subscription_id"]

CanonicalSubscriptionId = Annotated[
    str | None,
    msgspec.Meta(description="The canonical lower-case GUID; null when it is not one."),
]
"""How an answer gives the subscription ID it read."""

_CANONICAL: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_GROUPS: Final = (8, 4, 4, 4, 12)
_HEX: Final = frozenset("0123456789abcdefABCDEF")


class SubscriptionId(NamedTuple):
    """A subscription ID as read: its canonical form (None when it is not one) and what
    was found."""

    canonical: str | None
    errors: list[FieldError]
    warnings: list[FieldError]


def _canonical(digits: str) -> str:
    parts, start = [], 0
    for size in _GROUPS:
        parts.append(digits[start : start + size])
        start += size
    return "-".join(parts).lower()


def read_subscription_id(value: str | None, field: str, lang: str) -> SubscriptionId:
    """``value`` as a subscription ID.

    >>> read_subscription_id("{6B1F3A9E-0C2D-4E5F-8A7B-9C0D1E2F3A4B}", "id", "en").canonical
    '6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b'
    >>> [e.code.value for e in read_subscription_id("6b1f3a9e-0c2d", "id", "en").errors]
    ['subscription_id.invalid']
    """
    typed = (value or "").strip()
    if not typed:
        return SubscriptionId(
            None, [field_error(field, ErrorCode.SUBSCRIPTION_ID_REQUIRED, lang)], []
        )
    if _CANONICAL.fullmatch(typed):
        return _nil_or(typed, field, lang)
    inner = typed[1:-1] if typed.startswith("{") and typed.endswith("}") else typed
    problem = _problem(inner, field, lang)
    if problem is not None:
        return SubscriptionId(None, [problem], [])
    canonical = _canonical(inner.replace("-", ""))
    what = [
        label(f"subscription_id/{name}", lang)
        for name, differs in (
            ("upper_case", inner != inner.lower()),
            ("braces", inner != typed),
            ("no_hyphens", "-" not in inner),
        )
        if differs
    ]
    found = _nil_or(canonical, field, lang)
    if found.errors:
        return found
    warning = field_error(
        field,
        ErrorCode.SUBSCRIPTION_ID_NOT_CANONICAL,
        lang,
        suggestion=canonical,
        what=", ".join(what),
    )
    return SubscriptionId(canonical, [], [warning])


def _nil_or(canonical: str, field: str, lang: str) -> SubscriptionId:
    if canonical.strip("0-") == "":
        error = field_error(field, ErrorCode.SUBSCRIPTION_ID_INVALID, lang, variant="nil")
        return SubscriptionId(None, [error], [])
    return SubscriptionId(canonical, [], [])


def _problem(inner: str, field: str, lang: str) -> FieldError | None:
    """What makes ``inner`` (braces removed) no GUID: a character, the digit count, or
    hyphens out of place; None when it is one."""
    code = ErrorCode.SUBSCRIPTION_ID_INVALID
    for character in inner:
        if character != "-" and character not in _HEX:
            return field_error(field, code, lang, character=character)
    digits = inner.replace("-", "")
    if len(digits) != sum(_GROUPS):
        return field_error(field, code, lang, variant="length", digits=len(digits))
    if "-" in inner and [len(group) for group in inner.split("-")] != list(_GROUPS):
        return field_error(field, code, lang, variant="groups")
    return None
