"""The service's own pages: ``/`` pointing the way, and the API docs at ``/schema``.

Swagger UI's files come from the ``swagger-ui-py`` package (the swagger-ui dist,
version in its package), read once at start-up and served from this origin; the
docs page has no inline script or style, and every page here is sent with a
Content-Security-Policy naming no other origin. The docs work with the network
blocked.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any, Final

from litestar import Request, Response, get
from litestar.enums import ScopeType
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.params import PathParameter
from litestar.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["DocsPage", "security_headers", "site_handlers"]

ASSETS_PATH: Final = "/schema/assets"

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

_SWAGGER: Final = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-standalone-preset.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}
_OWN: Final = {"docs.js": "text/javascript", "site.css": "text/css", "index.html": "text/html"}


def _read() -> dict[str, tuple[bytes, str]]:
    swagger = resources.files("swagger_ui").joinpath("static")
    own = resources.files(__package__).joinpath("site")
    files = {name: (swagger.joinpath(name).read_bytes(), kind) for name, kind in _SWAGGER.items()}
    files.update({name: (own.joinpath(name).read_bytes(), kind) for name, kind in _OWN.items()})
    return files


_FILES: Final = _read()


class DocsPage(SwaggerRenderPlugin):
    """Swagger UI with its files served by this service and no inline script."""

    def __init__(self) -> None:
        super().__init__(
            js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            css_url=f"{ASSETS_PATH}/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui-standalone-preset.js",
            favicon=f'<link rel="icon" type="image/png" href="{ASSETS_PATH}/favicon-32x32.png">',
        )

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = openapi_schema["info"]["title"]
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} API</title>
  {self.favicon}
  <link rel="stylesheet" href="{self.css_url}">
  <script src="{self.js_url}" defer></script>
  <script src="{self.standalone_preset_js_url}" defer></script>
  <script src="{ASSETS_PATH}/docs.js" defer></script>
</head>
<body>
  <div id="swagger-ui"></div>
</body>
</html>
""".encode()


def _file(name: str) -> Response[bytes]:
    body, kind = _FILES[name]
    return Response(body, media_type=kind, headers={"Cache-Control": "public, max-age=3600"})


@get("/", include_in_schema=False, sync_to_thread=False)
def landing_page() -> Response[bytes]:
    body, kind = _FILES["index.html"]
    return Response(body, media_type=kind, headers={"Cache-Control": "no-cache"})


@get("/favicon.ico", include_in_schema=False, sync_to_thread=False)
def favicon() -> Response[bytes]:
    """Browsers ask for it on every page: Swagger UI's icon, not a 404."""
    return _file("favicon-32x32.png")


@get("/site/site.css", include_in_schema=False, sync_to_thread=False)
def site_css() -> Response[bytes]:
    return _file("site.css")


@get(f"{ASSETS_PATH}/{{name:str}}", include_in_schema=False, sync_to_thread=False)
def docs_asset(name: Annotated[str, PathParameter()]) -> Response[bytes]:
    if name not in _SWAGGER and name != "docs.js":
        raise NotFoundException(f"No docs file is called '{name[:64]}'.")
    return _file(name)


site_handlers = [landing_page, favicon, site_css, docs_asset]


def security_headers(app: ASGIApp) -> ASGIApp:
    """Send the CSP and its companions with ``/``, ``/site`` and ``/schema`` answers.

    Litestar renders the docs page itself, so its headers are added here rather
    than in a handler.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == ScopeType.HTTP else ""
        if path != "/" and not path.startswith(("/schema", "/site/")):
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *_SECURITY_HEADERS]
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
