"""The pages' one static-file server and their one Content-Security-Policy.

Files are read once at start-up and answered from memory with their media type and a
``Cache-Control``; a name that is not one of them is a 404 problem naming it (in the
request's language, ``problem.no_such_file/<kind>``). Every page (``/``, ``/site/``,
``/schema``, ``/demo``) is sent with the same CSP: scripts, styles, fonts and calls
from this origin only, nothing framed, no form posted elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources.abc import Traversable
from typing import Final

from litestar import Response
from litestar.enums import ScopeType
from litestar.exceptions import NotFoundException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "PAGE_PATHS", "StaticFiles", "security_headers"]

CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
_SECURITY_HEADERS: Final = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
PAGE_PATHS: Final = ("/schema", "/site/", "/demo")
"""Paths (besides ``/``) whose answers are pages or their files: sent with the CSP."""

MEDIA_TYPES: Final = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".png": "image/png",
}


class StaticFiles:
    """Named files of package directories, read once, answered with their media type."""

    def __init__(
        self, kind: str, sources: Iterable[tuple[Traversable, Iterable[str]]], cache_control: str
    ) -> None:
        """``kind`` names them in a 404 (``docs``, ``demo``); ``sources`` are (directory,
        file names) pairs; ``cache_control`` is each answer's unless told otherwise."""
        self.kind = kind
        self.cache_control = cache_control
        self._files = {
            name: (directory.joinpath(name).read_bytes(), MEDIA_TYPES[name[name.rindex(".") :]])
            for directory, names in sources
            for name in names
        }

    def __contains__(self, name: object) -> bool:
        return name in self._files

    def not_found(self, name: str) -> NotFoundException:
        return NotFoundException(f"problem.no_such_file/{self.kind}", extra={"name": name[:64]})

    def response(self, name: str, cache_control: str | None = None) -> Response[bytes]:
        """``name``'s bytes, or a 404 problem naming it."""
        found = self._files.get(name)
        if found is None:
            raise self.not_found(name)
        body, media_type = found
        headers = {"Cache-Control": cache_control or self.cache_control}
        return Response(body, media_type=media_type, headers=headers)


def security_headers(app: ASGIApp) -> ASGIApp:
    """Send the CSP and its companions with the pages' answers (``/``, PAGE_PATHS).

    Litestar renders the docs page itself, so its headers are added here rather
    than in a handler.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == ScopeType.HTTP else ""
        if path != "/" and not path.startswith(PAGE_PATHS):
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *_SECURITY_HEADERS]
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
