"""Settings from the environment, validated once at start-up."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

import msgspec

__all__ = ["Settings", "SettingsError", "default_data_dir", "load_settings", "parse_rate_limit"]

_PREFIX = "ELIGIBILITY_"
_RATE = re.compile(r"\s*([1-9][0-9]{0,8})\s*/\s*(second|minute|hour|day)\s*")
RateUnit = Literal["second", "minute", "hour", "day"]
_ORIGIN = re.compile(r"https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(:[0-9]{1,5})?")
PRIVATE_NETWORKS: tuple[str, ...] = (
    "127.0.0.0/8",
    "::1/128",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "fc00::/7",
)
"""Loopback and the private ranges (RFC 1918, RFC 4193): who may read ``/metrics``."""


class SettingsError(ValueError):
    """An environment variable holds a value the service cannot run with."""


def default_data_dir() -> Path:
    """The rules data shipped with the package, else the checkout's ``data/``."""
    packaged = Path(__file__).with_name("_data")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    data_dir: Path
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    cache_max_age: Annotated[int, msgspec.Meta(ge=0, le=86_400)] = 300
    """Seconds a client may reuse a catalogue response before revalidating with its ETag."""
    cors_origins: tuple[str, ...] = ()
    """Origins whose pages may call the API from a browser; none by default."""
    rate_limit: tuple[RateUnit, int] | None = None
    """Requests allowed per client address and period; off by default."""
    rate_limit_store: Annotated[str, msgspec.Meta(pattern=r"^(redis|rediss)://\S+$")] | None = None
    """A Redis URL whose counters every worker and replica share; None: per worker, in memory."""
    log_format: Literal["text", "json"] = "text"
    forwarded_allow_ips: str | None = None
    """Proxies trusted to set X-Forwarded-For (uvicorn's ``forwarded_allow_ips``); none."""
    metrics_networks: tuple[str, ...] = PRIVATE_NETWORKS
    """Networks whose clients may read ``/metrics``; to any other it is a 404."""
    metrics_cache_seconds: Annotated[float, msgspec.Meta(ge=0, le=60)] = 1.0
    """Seconds a rendered ``/metrics`` is answered again before it is rendered anew."""
    header_timeout_seconds: Annotated[float, msgspec.Meta(gt=0, le=300)] = 10.0
    """Seconds a connection has to send a request's headers, from when it opens or its
    last answer ends; then 408 and closed."""
    body_timeout_seconds: Annotated[float, msgspec.Meta(gt=0, le=600)] = 30.0
    """Seconds a request has to send its whole body after its headers; then 408, closed."""
    max_header_bytes: Annotated[int, msgspec.Meta(ge=1024, le=1_048_576)] = 16_384
    """The request line and headers together; more is a 431 and the connection closed."""
    max_headers: Annotated[int, msgspec.Meta(ge=8, le=1000)] = 100
    """Header fields in one request; more is a 431 and the connection closed."""
    max_connections: Annotated[int, msgspec.Meta(ge=1, le=1_000_000)] = 1000
    """Open connections per worker; one more is answered 503 and closed at once."""
    vies_url: Annotated[str, msgspec.Meta(pattern=r"^https?://\S+$")] | None = None
    """The base of the EU's VIES REST API (before ``/ms/{country}/vat/{number}``); None: EU
    VAT numbers are checked offline only (``verification: not_checked``)."""
    vies_timeout_seconds: Annotated[float, msgspec.Meta(gt=0, le=10)] = 2.0
    """Seconds one VIES request may take; then the number's verification is ``unavailable``."""
    vies_requester: Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}[0-9A-Z+*. ]{2,14}$")] | None = (
        None
    )
    """A VAT number of the requester (``FR40303265045``): VIES then returns a consultation
    number as proof of each check."""
    drain_seconds: Annotated[float, msgspec.Meta(ge=0, le=300)] = 0.0
    """Seconds a worker keeps serving after SIGTERM with ``/readyz`` at 503 (server/drain.py);
    0: it stops at once. The image sets 5."""


_AS_GIVEN = (
    "cache_max_age",
    "rate_limit_store",
    "forwarded_allow_ips",
    "metrics_cache_seconds",
    # what bounds a connection (server/connections.py)
    "header_timeout_seconds",
    "body_timeout_seconds",
    "max_header_bytes",
    "max_headers",
    "max_connections",
    "drain_seconds",
    "vies_url",
    "vies_timeout_seconds",
    "vies_requester",
)
"""Settings read as given from ``ELIGIBILITY_<NAME>`` and validated by the Struct."""


def parse_rate_limit(value: str) -> tuple[RateUnit, int]:
    """``"120/minute"`` -> ``("minute", 120)``; ValueError when it is not of that form."""
    match = _RATE.fullmatch(value)
    if match is None:
        raise ValueError(f"{value!r} is not a rate such as 120/minute (second, minute, hour, day)")
    unit: RateUnit = match.group(2)  # type: ignore[assignment]
    return unit, int(match.group(1))


def _origins(value: str) -> tuple[str, ...]:
    """``ELIGIBILITY_CORS_ORIGINS``: comma-separated ``scheme://host[:port]`` origins."""
    origins = tuple(dict.fromkeys(o.strip().rstrip("/") for o in value.split(",") if o.strip()))
    for origin in origins:
        if origin != "*" and not _ORIGIN.fullmatch(origin):
            raise SettingsError(
                f"{_PREFIX}CORS_ORIGINS: {origin!r} is not an origin such as "
                "https://signup.example.com or http://localhost:3000"
            )
    return origins


def _networks(value: str) -> tuple[str, ...]:
    """``ELIGIBILITY_METRICS_NETWORKS``: comma-separated networks or addresses; ``none``: nobody."""
    if value.strip().lower() == "none":
        return ()
    networks: list[str] = []
    for item in (v.strip() for v in value.split(",")):
        if not item:
            continue
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise SettingsError(
                f"{_PREFIX}METRICS_NETWORKS: {item!r} is not a network such as 10.0.0.0/8, "
                "an address such as 192.0.2.7, or none"
            ) from None
    return tuple(dict.fromkeys(networks))


def _decode_path(kind: type, value: object) -> object:
    if kind is Path and isinstance(value, str):
        return Path(value)
    raise NotImplementedError(f"cannot decode {kind}")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read ``ELIGIBILITY_*`` variables; raise SettingsError naming the bad one."""
    env = os.environ if environ is None else environ
    raw: dict[str, object] = {"data_dir": env.get(f"{_PREFIX}DATA_DIR") or str(default_data_dir())}
    if level := env.get(f"{_PREFIX}LOG_LEVEL"):
        raw["log_level"] = level.lower()
    if origins := env.get(f"{_PREFIX}CORS_ORIGINS"):
        raw["cors_origins"] = _origins(origins)
    if log_format := env.get(f"{_PREFIX}LOG_FORMAT"):
        raw["log_format"] = log_format.lower()
    if (networks := env.get(f"{_PREFIX}METRICS_NETWORKS")) is not None:
        raw["metrics_networks"] = _networks(networks)
    for name in _AS_GIVEN:
        if value := env.get(f"{_PREFIX}{name.upper()}"):
            raw[name] = value
    if rate := env.get(f"{_PREFIX}RATE_LIMIT"):
        try:
            raw["rate_limit"] = parse_rate_limit(rate)
        except ValueError as exc:
            raise SettingsError(f"{_PREFIX}RATE_LIMIT: {exc}") from None
    try:
        return msgspec.convert(raw, Settings, strict=False, dec_hook=_decode_path)
    except msgspec.ValidationError as exc:
        field = str(exc).rpartition("$.")[2].rstrip("`").upper()
        raise SettingsError(f"{_PREFIX}{field}: {exc}") from exc
