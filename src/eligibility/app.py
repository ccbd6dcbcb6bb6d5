"""The Litestar application factory."""

from __future__ import annotations

import gc
import ipaddress
import logging
from typing import Any

from litestar import Litestar
from litestar.middleware import DefineMiddleware
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.openapi import OpenAPIConfig

from eligibility import __version__
from eligibility.api.batch import batch_handlers
from eligibility.api.catalogue import EncodedCatalogue
from eligibility.api.checks import check_handlers
from eligibility.api.markets import market_handlers
from eligibility.api.postcodes import postcode_handlers
from eligibility.api.problems import SafeJSONRequest, exception_handlers
from eligibility.api.service import service_handlers
from eligibility.api.spec import finish_app_spec
from eligibility.api.state import AppState
from eligibility.checks.fields import RequestBody
from eligibility.i18n import LANGUAGES
from eligibility.memo import CacheInfo
from eligibility.registers import ViesRegister
from eligibility.rules.phone import parse_phone
from eligibility.rules.places import folded_names
from eligibility.rules.postal import load_address_format
from eligibility.rules.regions import load_regions
from eligibility.rules.warmup import warm_up
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.server.access import AccessLog
from eligibility.server.cors import cors
from eligibility.server.drain import install_drain
from eligibility.server.metrics import metrics, observe_request, start_sampling, stop_sampling
from eligibility.server.ratelimit import (
    STORE_NAME,
    ItemCounter,
    rate_limit_config,
    rate_limit_store,
)
from eligibility.server.state import ServerState, server_state
from eligibility.settings import Settings, load_settings
from eligibility.web.demo import demo_handlers
from eligibility.web.site import DocsPage, site_handlers
from eligibility.web.static import security_headers

__all__ = ["create_app"]

cache_logger = logging.getLogger("eligibility.cache")

MAX_BODY_BYTES = 64 * 1024


def _request_body_names() -> set[str]:
    names = set()
    stack: list[type[Any]] = [RequestBody]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            names.add(sub.__name__)
            stack.append(sub)
    return names


def _info(info: Any) -> CacheInfo:
    """functools' ``cache_info()`` as the one CacheInfo type (memo.py's)."""
    return CacheInfo(info.hits, info.misses, info.maxsize or 0, info.currsize)


def cache_infos(catalogues: list[EncodedCatalogue]) -> dict[str, list[CacheInfo]]:
    """Each cache's statistics, by name (a name may stand for one cache per language)."""
    return {
        "phone_parse": [parse_phone.cache_info()],
        "address_format": [load_address_format.cache_info()],
        "regions": [load_regions.cache_info()],
        "postcode_places": [folded_names.cache_info()],
        "market_search": [_info(c.search.cache_info()) for c in catalogues],
    }


def log_cache_stats(app: Litestar) -> None:
    """At shutdown each worker logs its caches' hits, misses and sizes (`make bench` reads them)."""
    for name, infos in server_state(app).cache_infos().items():
        cache_logger.info(
            "cache %s hits=%d misses=%d size=%d/%d",
            name,
            sum(i.hits for i in infos),
            sum(i.misses for i in infos),
            sum(i.currsize for i in infos),
            sum(i.maxsize or 0 for i in infos),
        )


def _ready(app: Litestar) -> None:
    state = server_state(app)
    start_sampling(state)
    # The rules, the phone metadata and the app live as long as the process: out of
    # the collector's sight, a full collection is far shorter, and it would otherwise
    # land on whichever request is running (docs/performance.md, "Why the code is
    # shaped so"). A worker starts once; only its first start pays for a collection.
    if not gc.get_freeze_count():
        gc.collect()
    gc.freeze()
    install_drain(state.drain_seconds)
    state.ready = True


def _not_ready(app: Litestar) -> None:
    state = server_state(app)
    state.ready = False
    stop_sampling(state)


def _register(settings: Settings) -> ViesRegister | None:
    """VIES, where ``ELIGIBILITY_VIES_URL`` is set; else None (offline checks only)."""
    if settings.vies_url is None:
        return None
    return ViesRegister(
        settings.vies_url,
        timeout=settings.vies_timeout_seconds,
        requester=settings.vies_requester,
    )


def _install_state(
    app: Litestar, settings: Settings, ruleset: Ruleset, limits: RateLimitConfig | None
) -> None:
    """The API's state and the server's, each under its own key."""
    catalogues = {lang: EncodedCatalogue(ruleset, lang) for lang in LANGUAGES}
    AppState(
        ruleset=ruleset,
        catalogues=catalogues,
        cache_control=f"public, max-age={settings.cache_max_age}".encode(),
        item_counter=ItemCounter(limits) if limits is not None else None,
        register=_register(settings),
    ).install(app)
    ServerState(
        rules_version=ruleset.version,
        cache_infos=lambda: cache_infos(list(catalogues.values())),
        metrics_networks=tuple(ipaddress.ip_network(n) for n in settings.metrics_networks),
        metrics_cache_seconds=settings.metrics_cache_seconds,
        drain_seconds=settings.drain_seconds,
    ).install(app)


def create_app(settings: Settings | None = None, ruleset: Ruleset | None = None) -> Litestar:
    """Build the app; loading the rules here means a bad data file stops start-up."""
    settings = settings or load_settings()
    ruleset = ruleset or load_ruleset(settings.data_dir)
    warm_up(ruleset)
    access = AccessLog(json_lines=settings.log_format == "json", observe=observe_request)
    limits = rate_limit_config(settings.rate_limit) if settings.rate_limit else None
    app = Litestar(
        route_handlers=[
            *service_handlers,
            *market_handlers,
            *postcode_handlers,
            *check_handlers,
            *batch_handlers,
            *demo_handlers,
            *site_handlers,
            metrics,
        ],
        request_class=SafeJSONRequest,
        exception_handlers=exception_handlers,
        middleware=[
            security_headers,
            DefineMiddleware(cors, origins=settings.cors_origins),
            *([limits.middleware] if limits is not None else []),
        ],
        stores={STORE_NAME: rate_limit_store(settings.rate_limit_store)},
        request_max_body_size=MAX_BODY_BYTES,
        openapi_config=OpenAPIConfig(
            title="eligibility",
            version=__version__,
            description=(
                "Validate market eligibility, tax-inclusive pricing and signup fields before "
                "anything is submitted or charged. A value that breaks a rule is a 200 with "
                "`valid: false` and every error at once; a request that cannot be read is a "
                "4xx `application/problem+json` naming the field."
            ),
            path="/schema",
            render_plugins=[DocsPage()],
        ),
        on_startup=[_ready],
        on_shutdown=[_not_ready, log_cache_stats, access.flush],
        logging_config=None,
        debug=False,
    )
    _install_state(app, settings, ruleset, limits)
    finish_app_spec(app, ruleset=ruleset, request_bodies=_request_body_names())
    # The edge wraps routing too, so an unknown route's 404 has a request id and a log line.
    app.asgi_handler = access.wrap(app.asgi_handler)
    return app
