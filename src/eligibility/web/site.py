"""The service's own pages: ``/`` pointing the way, and the API docs at ``/schema``.

Swagger UI's files come from the ``swagger-ui-py`` package (the swagger-ui dist,
version in its package), read once at start-up and served from this origin; the
docs page has no inline script or style, and every page here is sent with the
pages' Content-Security-Policy (``web/static.py``), naming no other origin. The docs
work with the network blocked.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any, Final

from litestar import Request, Response, get
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.params import PathParameter

from eligibility.web.static import StaticFiles

__all__ = ["DocsPage", "site_handlers"]

ASSETS_PATH: Final = "/schema/assets"

_DOCS: Final = StaticFiles(
    "docs",
    [
        (
            resources.files("swagger_ui").joinpath("static"),
            (
                "swagger-ui-bundle.js",
                "swagger-ui-standalone-preset.js",
                "swagger-ui.css",
                "favicon-32x32.png",
            ),
        ),
        (resources.files(__package__).joinpath("site"), ("docs.js",)),
    ],
    cache_control="public, max-age=3600",
)
"""Swagger UI's files and ours, under ASSETS_PATH."""
_SITE: Final = StaticFiles(
    "docs",
    [(resources.files(__package__).joinpath("site"), ("index.html", "site.css"))],
    cache_control="public, max-age=3600",
)


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


@get("/", include_in_schema=False, sync_to_thread=False)
def landing_page() -> Response[bytes]:
    return _SITE.response("index.html", cache_control="no-cache")


@get("/favicon.ico", include_in_schema=False, sync_to_thread=False)
def favicon() -> Response[bytes]:
    """Browsers ask for it on every page: Swagger UI's icon, not a 404."""
    return _DOCS.response("favicon-32x32.png")


@get("/site/site.css", include_in_schema=False, sync_to_thread=False)
def site_css() -> Response[bytes]:
    return _SITE.response("site.css")


@get(f"{ASSETS_PATH}/{{name:str}}", include_in_schema=False, sync_to_thread=False)
def docs_asset(name: Annotated[str, PathParameter()]) -> Response[bytes]:
    return _DOCS.response(name)


site_handlers = [landing_page, favicon, site_css, docs_asset]
