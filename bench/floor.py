"""The floor: a bare Litestar app with nothing but a constant GET and a Struct echo POST.

`make bench` serves it exactly as `eligibility serve` serves the real app
(uvicorn, uvloop, httptools, same workers) and divides each endpoint's server
CPU per request by this app's.

``POST /floor/phone`` is the floor plus phonenumbers' own parse and validation of
the number sent (metadata preloaded and its patterns kept, as the app does): the
least a company phone check can cost in this stack, served.
"""

from __future__ import annotations

import msgspec
import phonenumbers
from litestar import Litestar, get, post
from phonenumbers.phonemetadata import PhoneMetadata


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


class Phone(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    country: str
    phone: str


@post("/floor/phone", status_code=200, sync_to_thread=False)
def floor_phone(data: Phone) -> Floor:
    try:
        number = phonenumbers.parse(data.phone, data.country)
    except phonenumbers.NumberParseException:
        return _OK
    phonenumbers.is_valid_number_for_region(number, data.country)
    return _OK


def create_app() -> Litestar:
    phonenumbers.enable_pattern_cache()
    PhoneMetadata.load_all()
    return Litestar([floor_get, floor_post, floor_phone], openapi_config=None, logging_config=None)
