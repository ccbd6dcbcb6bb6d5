"""Problem texts in the request's language that do not start as ours: why a body is not
valid JSON, and the detail of an HTTP error (Litestar's, or a page's 404).

msgspec says why a body is not JSON in English (``Input data was truncated``, ``JSON is malformed:
invalid character (byte 3)``); the reason goes inside ``request.invalid_json``'s
message, so a French problem would carry an English phrase. Each of msgspec's
texts has a catalogue entry (``problem.json/...``) whose English is msgspec's own.
"""

from __future__ import annotations

import re
from typing import Final

from litestar.exceptions import HTTPException

from eligibility.errors import problem
from eligibility.i18n import DEFAULT_LANGUAGE, load_catalogue, render

__all__ = ["http_detail", "localised_reason"]

_BYTE: Final = re.compile(r"^(?P<text>.+?) \(byte (?P<byte>\d+)\)$")
_KEYS: Final = {
    "Input data was truncated": "truncated",
    "Number out of range": "number_out_of_range",
    "invalid character": "invalid_character",
    "invalid number": "invalid_number",
    "expected ',' or ']'": "expected_item_separator",
    "expected ',' or '}'": "expected_member_separator",
    "expected ':'": "expected_colon",
    "trailing characters": "trailing_characters",
    "object keys must be strings": "keys_not_strings",
    "invalid escape character in string": "invalid_escape",
    "invalid escaped character": "invalid_escaped_character",
    "invalid character in unicode escape": "invalid_unicode_escape",
    "unexpected end of hex escape": "unexpected_end_of_hex_escape",
    "invalid utf-16 surrogate pair": "invalid_surrogate_pair",
    "unexpected end of escaped utf-16 surrogate pair": "unexpected_end_of_surrogate_pair",
    # Ours (api/problems.py), for what msgspec and Litestar let through as 500s.
    "the client hung up mid-body": "hung_up",
    "nested too deeply": "nested_too_deeply",
    "invalid UTF-8": "invalid_utf8",
}


def localised_reason(reason: str, lang: str) -> str:
    """``reason`` (msgspec's English, without ``JSON is malformed:``) in ``lang``; a text
    it does not know stays as it is in English and is said generally in another
    language."""
    match = _BYTE.match(reason)
    text, byte = (match["text"], match["byte"]) if match else (reason, None)
    key = _KEYS.get(text)
    if key is None:
        return reason if lang == DEFAULT_LANGUAGE else render("problem.json/unreadable", lang)
    return render(f"problem.json/{key}", lang, byte=byte)


def http_detail(exc: HTTPException, lang: str) -> str | None:
    """An HTTP error's detail in ``lang``: a catalogue key (``problem.no_such_file/demo``,
    its parameters in ``extra``) rendered; Litestar's own (the status's phrase: a route
    not found, a method not allowed) None, for the status's title in ``lang``."""
    detail = str(exc.detail)
    if detail in load_catalogue():
        return render(detail, lang, **(exc.extra if isinstance(exc.extra, dict) else {}))
    if detail == problem(exc.status_code, DEFAULT_LANGUAGE).title or lang != DEFAULT_LANGUAGE:
        return None  # another English text (none of ours) is not sent in another language
    return detail
