"""libphonenumber's own example numbers, written the ways people type them.

Shared by `make bench` (bench/workloads.py, bench/customers.py) and the property
test (tests/rules/test_phone_examples.py): real third-party numbers for every supported region and
number type, not examples the project chose.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberFormat, PhoneNumberType

__all__ = [
    "AS_COPIED",
    "FORMS",
    "TYPES",
    "Typed",
    "example_numbers",
    "global_mix",
    "typed_form",
    "typed_forms",
]

TYPES = (
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER,
    PhoneNumberType.PAGER,
    PhoneNumberType.UAN,
    PhoneNumberType.VOICEMAIL,
)

FORMS = (
    "nsn",  # national significant number: digits, no trunk prefix
    "national_digits",  # the national format's digits: with the trunk prefix
    "national",  # national format as libphonenumber writes it (spaces, brackets)
    "e164",  # +4420...
    "international",  # +44 20 ...
    "idd_00",  # 0044 20 ...
    "idd_00_spaced",  # 00 44 20 ...
    "idd_011",  # 011 44 20 ...
    "bare_country_code",  # 4420...
)
AS_COPIED = (
    "national_nnbsp",  # 01 42 92 81 00 with narrow no-break spaces (French typography)
    "national_thin",  # ... with thin spaces
    "national_nbsp",  # ... with no-break spaces
    "national_dashes",  # ... with non-breaking hyphens and en dashes
    "fullwidth_nsn",  # full-width digits (Japanese and Chinese input methods)
    "zero_width_nsn",  # a zero-width space inside, from a web page
    "soft_hyphen_nsn",  # a soft hyphen inside
    "tel_uri",  # tel:+33142928100, from a link
)
"""Forms copied from web pages, documents and input methods (issue 22); the bench's mix
keeps to FORMS."""
INTERNATIONAL_FORMS = frozenset(FORMS[3:]) | {"tel_uri"}


@dataclass(frozen=True, slots=True)
class Typed:
    region: str
    number_type: int
    form: str
    value: str
    nsn: str

    @property
    def has_country_code(self) -> bool:
        return self.form in INTERNATIONAL_FORMS

    @property
    def digits_only(self) -> bool:
        return self.value.isascii() and self.value.isdigit()


def example_numbers(regions: Iterator[str] | None = None) -> Iterator[tuple[str, int, PhoneNumber]]:
    """(region, number type, example) for every supported region and type it has."""
    for region in sorted(regions or phonenumbers.SUPPORTED_REGIONS):
        for number_type in TYPES:
            number = phonenumbers.example_number_for_type(region, number_type)
            if number is not None:
                yield region, number_type, number


_SEPARATORS = {"national_nnbsp": "\u202f", "national_thin": "\u2009", "national_nbsp": "\u00a0"}
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _as_copied(form: str, number: PhoneNumber, nsn: str, cc: str) -> str:
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    if form in _SEPARATORS:
        return national.replace(" ", _SEPARATORS[form])
    if form == "national_dashes":
        return national.replace(" ", "\u2011", 1).replace(" ", "\u2013")
    if form == "fullwidth_nsn":
        return nsn.translate(_FULLWIDTH)
    if form == "tel_uri":
        return f"tel:+{cc}{nsn}"
    middle = len(nsn) // 2
    mark = "\u200b" if form == "zero_width_nsn" else "\u00ad"
    return nsn[:middle] + mark + nsn[middle:]


def typed_form(region: str, number_type: int, number: PhoneNumber, form: str) -> Typed:
    """``number`` written in one of FORMS or AS_COPIED."""
    nsn = phonenumbers.national_significant_number(number)
    cc = str(number.country_code)
    if form in AS_COPIED:
        return Typed(region, number_type, form, _as_copied(form, number, nsn, cc), nsn)
    if form == "nsn":
        value = nsn
    elif form in ("national", "national_digits"):
        value = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        if form == "national_digits":
            value = phonenumbers.normalize_digits_only(value)
    elif form == "e164":
        value = f"+{cc}{nsn}"
    elif form == "idd_00":
        value = f"00{cc}{nsn}"
    elif form == "bare_country_code":
        value = f"{cc}{nsn}"
    else:
        international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        after_cc = international.removeprefix(f"+{cc}").strip()
        value = {
            "international": international,
            "idd_00_spaced": f"00 {cc} {after_cc}",
            "idd_011": f"011 {cc} {after_cc}",
        }[form]
    return Typed(region, number_type, form, value, nsn)


def typed_forms(region: str, number_type: int, number: PhoneNumber) -> list[Typed]:
    """``number`` in every written form of FORMS and AS_COPIED."""
    return [typed_form(region, number_type, number, form) for form in (*FORMS, *AS_COPIED)]


# Large markets weigh more in a realistic mix; every other region weighs 1.
WEIGHTS = {
    "US": 40, "IN": 12, "GB": 10, "DE": 10, "FR": 8, "JP": 8, "BR": 8, "CA": 6, "AU": 6,
    "CN": 5, "MX": 5, "IT": 5, "ES": 5, "NL": 4, "KR": 4, "PL": 3, "SE": 3, "CH": 3,
    "ZA": 3, "SG": 3, "AR": 2, "CO": 2, "TR": 2, "ID": 2, "PH": 2, "NG": 2, "AE": 2,
}  # fmt: skip


def global_mix(
    count: int, seed: int, regions: set[str] | None = None, invalid_share: float = 0.2
) -> list[tuple[str, str]]:
    """``count`` distinct (region, typed value) pairs: every region, weighted towards
    the large markets, every written form, about ``invalid_share`` invalid.

    Valid values are libphonenumber's examples with their last digits varied and
    kept only where still valid; invalid ones are digits cut short or padded.
    """
    phonenumbers.enable_pattern_cache()  # a mix of regions: see rules/phone.py
    rng = random.Random(seed)
    examples = [e for e in example_numbers() if regions is None or e[0] in regions]
    cumulative = list(itertools.accumulate(WEIGHTS.get(region, 1) for region, _, _ in examples))
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    while len(out) < count:
        region, number_type, example = rng.choices(examples, cum_weights=cumulative)[0]
        varied = PhoneNumber(
            country_code=example.country_code,
            national_number=example.national_number
            - example.national_number % 1000
            + rng.randrange(1000),
            italian_leading_zero=example.italian_leading_zero,
        )
        if not phonenumbers.is_valid_number_for_region(varied, region):
            continue
        typed = typed_form(region, number_type, varied, rng.choice(FORMS))
        value = typed.value
        if rng.random() < invalid_share:
            digits = phonenumbers.normalize_digits_only(value)
            value = digits[: max(3, len(digits) - 3)] if rng.random() < 0.5 else digits + "12"
        if (region, value) not in seen:
            seen.add((region, value))
            out.append((region, value))
    return out
