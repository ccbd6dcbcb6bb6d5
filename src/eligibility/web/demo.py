"""The example signup form at ``/demo``: static files, read once, strict CSP."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Final

from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter

__all__ = ["demo_handlers"]

_MEDIA_TYPES: Final = {
    "index.html": "text/html",
    "demo.js": "text/javascript",
    "demo.css": "text/css",
}
_FILES: Final = {
    name: resources.files(__package__).joinpath("demo", name).read_bytes() for name in _MEDIA_TYPES
}
_HEADERS: Final = {
    # Scripts and styles from this origin only, calls to this API only.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def _file(name: str) -> Response[bytes]:
    return Response(_FILES[name], media_type=_MEDIA_TYPES[name], headers=_HEADERS)


@get(["/demo", "/demo/"], include_in_schema=False, sync_to_thread=False)
def demo_page() -> Response[bytes]:
    return _file("index.html")


@get("/demo/{name:str}", include_in_schema=False, sync_to_thread=False)
def demo_asset(name: Annotated[str, PathParameter()]) -> Response[bytes]:
    if name not in _MEDIA_TYPES or name == "index.html":
        raise NotFoundException(f"No demo file is called '{name[:64]}'.")
    return _file(name)


demo_handlers = [demo_page, demo_asset]
