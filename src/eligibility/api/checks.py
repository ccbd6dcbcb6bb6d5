"""The checks resource: one POST per declared check (``eligibility.checks``).

Each route decodes its body into the check's request Struct, calls the check's
rule and answers the envelope; its examples are the declaration's named inputs,
whose answers the app computes when it starts (``api/common.py``). No check is
named here: a new declaration is a new route.
"""

from __future__ import annotations

from typing import Annotated, Any

from anyio import to_thread
from litestar import Request
from litestar.handlers import HTTPRouteHandler
from litestar.params import Body

from eligibility.api.common import AcceptLanguage, Examples, check_answer, json_post
from eligibility.api.responses import RawResponse
from eligibility.api.state import request_state
from eligibility.checks import CHECKS, Check

__all__ = ["check_handlers", "check_route"]


def check_route(check: Check) -> HTTPRouteHandler:
    """The POST route of one check, documented from its declaration."""
    examples = Examples.of(check)

    async def handler(
        request: Request[Any, Any, Any], data: Any, accept_language: str = ""
    ) -> RawResponse:
        if request_state(request).register is None:
            return check_answer(request, accept_language, check, data)
        # A register (VIES) is asked over the network: off the event loop, within its bound.
        return await to_thread.run_sync(check_answer, request, accept_language, check, data)

    # Litestar reads the body's type and the header from the annotations.
    handler.__annotations__ = {
        "request": Request[Any, Any, Any],
        "data": Annotated[check.request, Body(examples=examples.requests)],
        "accept_language": AcceptLanguage,
        "return": RawResponse,
    }
    handler.__name__ = handler.__qualname__ = f"check_{check.name}"
    return json_post(
        check.path,
        operation_id=check.operation_id,
        tag=check.tag,
        summary=check.summary,
        description=check.description,
        response=check.result,
        response_description=check.response_description,
        examples=examples,
    )(handler)


check_handlers = [check_route(check) for check in CHECKS]
