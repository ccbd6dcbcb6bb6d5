"""Responses sent as they are: status, encoded headers and body, nothing re-processed.

Litestar's ``Response`` rebuilds its headers through ``MutableScopeHeaders`` on
every request (its measured cost: docs/performance.md, "Why the code is shaped so").
The bodies here are
encoded by msgspec (or once, for the catalogue) and the headers are byte pairs
built once per language, so answering costs two ``send`` calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import msgspec
from litestar.types import Receive, Scope, Send

from eligibility.i18n import LANGUAGES

__all__ = ["LOCALIZED_JSON", "RawResponse", "localized_json"]

Headers = Sequence[tuple[bytes, bytes]]

LOCALIZED_JSON: Final[dict[str, Headers]] = {
    lang: (
        (b"content-type", b"application/json"),
        (b"content-language", lang.encode()),
        (b"vary", b"Accept-Language"),
        (b"x-content-type-options", b"nosniff"),
    )
    for lang in LANGUAGES
}
"""Headers of a JSON answer in each language."""
_PRIVATE: Final[dict[str, Headers]] = {
    lang: (*headers, (b"cache-control", b"no-store")) for lang, headers in LOCALIZED_JSON.items()
}
"""A check's answer echoes what was sent (an address, a phone): no cache keeps it."""

_encode = msgspec.json.Encoder().encode


class RawResponse:
    """An ASGI response; Litestar passes a handler's ASGI app through untouched."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: Headers, body: bytes = b"") -> None:
        self.status = status
        self.headers = headers
        self.body = body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = list(self.headers)
        if self.status != 304:
            headers.append((b"content-length", str(len(self.body)).encode()))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": self.body, "more_body": False})


def localized_json(content: object, lang: str) -> RawResponse:
    """A 200 JSON answer to a check, whose messages are in ``lang``: never cached."""
    return RawResponse(200, _PRIVATE[lang], _encode(content))
