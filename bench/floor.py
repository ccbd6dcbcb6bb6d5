"""The floor: a bare Litestar app with nothing but a constant GET and a Struct echo POST.

`make bench` serves it exactly as `eligibility serve` serves the real app
(uvicorn, uvloop, httptools, same workers) and divides each endpoint's server
CPU per request by this app's.
"""

from __future__ import annotations

import msgspec
from litestar import Litestar, get, post


class Floor(msgspec.Struct, frozen=True):
    status: str


class Echo(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    market: str


_OK = Floor(status="ok")


@get("/floor", sync_to_thread=False)
def floor_get() -> Floor:
    return _OK


@post("/floor", status_code=200, sync_to_thread=False)
def floor_post(data: Echo) -> Echo:
    return data


def create_app() -> Litestar:
    return Litestar([floor_get, floor_post], openapi_config=None, logging_config=None)
