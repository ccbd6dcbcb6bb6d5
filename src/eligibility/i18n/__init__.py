"""Message catalogues: every error code in English and French."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from importlib import resources
from typing import Final

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "label",
    "load_catalogue",
    "load_labels",
    "load_market_names",
    "name_forms",
    "negotiate",
    "render",
    "written_date",
    "written_moment",
]

LANGUAGES: Final = ("en", "fr")
DEFAULT_LANGUAGE: Final = "en"

MAX_HEADER_LENGTH: Final = 512
"""Longer Accept-Language headers are not read past this; browsers send under 100."""


@cache
def load_catalogue() -> dict[str, dict[str, str]]:
    """Read ``messages.toml`` once: message key -> language -> template.

    A key is an error code (``phone.too_long``), or a code and a variant for
    a second wording of the same code (``phone.too_long/cannot_fit``).
    """
    text = resources.files(__package__).joinpath("messages.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def load_labels() -> dict[str, dict[str, str]]:
    """Read ``labels.toml`` once: a field (``line1``) or field/type (``region/state``)
    -> language -> label."""
    text = resources.files(__package__).joinpath("labels.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def label(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label for ``key`` in ``lang`` (English when the language is unknown)."""
    labels = load_labels()[key]
    return labels.get(lang) or labels[DEFAULT_LANGUAGE]


def written_date(day: date, lang: str = DEFAULT_LANGUAGE) -> str:
    """A calendar date as ``lang`` writes it in a sentence.

    >>> written_date(date(2026, 11, 1), "en"), written_date(date(2026, 11, 1), "fr")
    ('1 November 2026', '1er novembre 2026')
    """
    month = label("date/months", lang).split()[day.month - 1]
    form = "date/first_day" if day.day == 1 else "date/day"
    return label(form, lang).format(day=day.day, month=month, year=day.year)


def written_moment(moment: datetime, lang: str = DEFAULT_LANGUAGE) -> str:
    """An aware time in UTC, to the minute, as ``lang`` writes it in a sentence.

    >>> from datetime import UTC
    >>> written_moment(datetime(2026, 11, 30, 9, 5, 59, tzinfo=UTC), "fr")
    '30 novembre 2026 à 9 h 05 UTC'
    >>> written_moment(datetime(2026, 11, 30, 9, 5, 59, tzinfo=UTC), "en")
    '30 November 2026 at 09:05 UTC'
    """
    moment = moment.astimezone(UTC)
    day = written_date(moment.date(), lang)
    return label("date/moment", lang).format(date=day, hour=moment.hour, minute=moment.minute)


NAMED_PARAMS: Final = ("market", "place")
"""Parameters that hold a market's name, and so have grammatical forms in messages."""
FORMS: Final = {"en": ("the",), "fr": ("le", "de", "en")}
"""The forms of a name each language's messages use: ``{the_market}`` (the United
States), ``{le_market}`` (les États-Unis), ``{de_market}`` (des États-Unis),
``{en_market}`` (aux États-Unis)."""


@cache
def load_market_names() -> dict[str, dict[str, dict[str, str]]]:
    """Read ``market_names.toml`` once: language -> a market's name -> form -> text."""
    text = resources.files(__package__).joinpath("market_names.toml").read_text(encoding="utf-8")
    by_lang: dict[str, dict[str, dict[str, str]]] = {lang: {} for lang in LANGUAGES}
    for entry in tomllib.loads(text).values():
        by_lang["en"][entry["en"]] = {"the": entry["en_the"]}
        by_lang["fr"][entry["fr"]] = {form: entry[f"fr_{form}"] for form in FORMS["fr"]}
    return by_lang


def _default_forms(name: str, lang: str) -> dict[str, str]:
    """Forms of a name the table does not know (a city, a code): no article."""
    if lang != "fr":
        return {"the": name}
    elided = name[:1].lower() in "aeiouéèêîïôöûüh"
    return {"le": name, "de": f"d'{name}" if elided else f"de {name}", "en": f"à {name}"}


def name_forms(name: str, lang: str) -> dict[str, str]:
    """Every form of ``name`` that ``lang``'s messages use."""
    found = load_market_names().get(lang, {}).get(name)
    return found if found is not None else _default_forms(name, lang)


ELIDED_PARAMS: Final = ("label",)
"""Parameters that hold a noun (a tax ID's label) whose article or determiner changes
before a vowel: ``Ce {label}`` reads ``Cet INN`` in French, ``le {label}`` ``l'ABN``,
``de {label}`` ``d'EIN``; ``a {label}`` reads ``an EIN`` in English."""
_ELISIONS: Final = {
    "fr": ("aeiouéèêîïôöûü", (("Ce", "Cet "), ("ce", "cet "), ("le", "l'"), ("de", "d'"))),
    "en": ("aeio", (("a", "an "),)),  # not u: "a UEN", "a unified business number"
}
"""Language -> the first letters that take the other form, and each word -> that form
(English's by the letter's sound: "an INN", "an ABN", "an organisation number")."""


def _elide(template: str, params: Mapping[str, object], lang: str) -> str:
    """``template`` with ``lang``'s forms before each elided parameter's vowel."""
    vowels, forms = _ELISIONS.get(lang, ("", ()))
    for param in ELIDED_PARAMS:
        value = params.get(param)
        if not (isinstance(value, str) and value and value[0].lower() in vowels):
            continue
        slot = re.escape("{" + param + "}")
        for word, form in forms:
            template = re.sub(rf"\b{word} (?={slot})", form, template)
    return template


def render(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The message for ``key`` in ``lang`` (English when the language is unknown).

    A market's name (``market``, ``place``) also fills its grammatical forms
    (``{de_market}``: de la France, des États-Unis, du Canada, d'Italie)."""
    templates = load_catalogue()[key]
    template = templates.get(lang) or templates[DEFAULT_LANGUAGE]
    language = lang if lang in templates else DEFAULT_LANGUAGE
    for param in NAMED_PARAMS:
        name = params.get(param)
        if isinstance(name, str) and "_" + param in template:
            for form, text in name_forms(name, language).items():
                params[f"{form}_{param}"] = text
    template = _elide(template, params, language)
    return template.format(**params)


def _quality(param: str) -> float | None:
    """The q-value of one ``;q=0.8`` parameter; None when it is malformed."""
    name, _, value = param.partition("=")
    if name.strip().lower() != "q":
        return 1.0
    try:
        q = float(value.strip())
    except ValueError:
        return None
    return q if 0.0 <= q <= 1.0 else None


@lru_cache(maxsize=256)
def negotiate(accept_language: str | None) -> str:
    """The best of LANGUAGES for an ``Accept-Language`` header (RFC 9110 12.5.4).

    Ranges are matched on their primary subtag (``fr-CA`` is French), weighed
    by q-value (``q=0`` refuses), ties going to the earlier range; ``*`` stands
    for any language not named. English when nothing acceptable is offered.
    """
    if not accept_language:
        return DEFAULT_LANGUAGE
    best, best_q = DEFAULT_LANGUAGE, 0.0
    named: set[str] = set()
    wildcard_q: float | None = None
    for item in accept_language[:MAX_HEADER_LENGTH].split(","):
        tag, *params = item.split(";")
        primary = tag.strip().lower().partition("-")[0]
        q = _quality(params[0]) if params else 1.0
        if q is None or not primary:
            continue
        if primary == "*":
            wildcard_q = q
            continue
        named.add(primary)
        if primary in LANGUAGES and q > best_q:
            best, best_q = primary, q
    if wildcard_q is not None and wildcard_q > best_q:
        unnamed = [lang for lang in LANGUAGES if lang not in named]
        if unnamed:
            best = DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in unnamed else unnamed[0]
    return best
