"""The service's own state: liveness and readiness."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.openapi.datastructures import ResponseSpec

from eligibility import __version__
from eligibility.api.schemas import Health
from eligibility.api.state import request_state
from eligibility.server.state import ready as serving

__all__ = ["service_handlers"]


@get(
    "/healthz",
    operation_id="getHealth",
    tags=["service"],
    summary="Liveness: the process answers",
    description=(
        "200 while the worker answers at all, with the service's version and the loaded rules' "
        "version. For a container's HEALTHCHECK or a liveness probe; HEAD works too."
    ),
    sync_to_thread=False,
)
def get_health(request: Request[Any, Any, Any]) -> Health:
    version = request_state(request).ruleset.version
    return Health(status="ok", version=__version__, rules_version=version)


@get(
    "/readyz",
    operation_id="getReadiness",
    tags=["service"],
    summary="Readiness: send traffic here",
    description=(
        "200 `ready` once the rules are loaded and the worker has started serving; 503 "
        "`unavailable` while it starts, drains after SIGTERM (`ELIGIBILITY_DRAIN_SECONDS`) "
        "or shuts down, so a load balancer stops sending to a replica being stopped before "
        "it stops accepting. For a readiness probe; HEAD works too."
    ),
    responses={
        200: ResponseSpec(Health, description="Ready.", generate_examples=False),
        503: ResponseSpec(
            Health, description="Starting, draining or stopping.", generate_examples=False
        ),
    },
    sync_to_thread=False,
)
def get_readiness(request: Request[Any, Any, Any]) -> Response[Health]:
    state = request_state(request)
    ready = serving(request)
    return Response(
        Health(
            status="ready" if ready else "unavailable",
            version=__version__,
            rules_version=state.ruleset.version,
        ),
        status_code=200 if ready else 503,
        headers={"Cache-Control": "no-store"},
    )


service_handlers = [get_health, get_readiness]
