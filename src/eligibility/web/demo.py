"""The example signup form at ``/demo``: static files, read once, with the pages' CSP
(``web/static.py``)."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Final

from litestar import Response, get
from litestar.params import PathParameter

from eligibility.web.static import StaticFiles

__all__ = ["demo_handlers"]

_FILES: Final = StaticFiles(
    "demo",
    [(resources.files(__package__).joinpath("demo"), ("index.html", "demo.js", "demo.css"))],
    cache_control="no-cache",
)


@get(["/demo", "/demo/"], include_in_schema=False, sync_to_thread=False)
def demo_page() -> Response[bytes]:
    return _FILES.response("index.html")


@get("/demo/{name:str}", include_in_schema=False, sync_to_thread=False)
def demo_asset(name: Annotated[str, PathParameter()]) -> Response[bytes]:
    if name == "index.html":  # the page is /demo
        raise _FILES.not_found(name)
    return _FILES.response(name)


demo_handlers = [demo_page, demo_asset]
