"""Whether a tax ID is registered: the EU's VIES REST service, asked within a bound.

Off unless a base URL is given (``ELIGIBILITY_VIES_URL`` when it is wired: the part
before ``/ms/{country}/vat/{number}`` and ``/check-vat-number``). A :class:`ViesRegister`
answers a :class:`Verification` for an EU VAT number: ``verified``, ``not_registered``
or ``unavailable`` (the member state's service down, a timeout, an error: never a
reason to call the number invalid; the offline check stands). Each answer is cached
for a while, each request is bounded in time, and after a run of failures a circuit
breaker answers ``unavailable`` at once for a cool-down instead of waiting on a
service that is down. With a requester VAT number, VIES's consultation number is
returned as proof of the check.

The same shape (``verify(country, number) -> Verification``) is ready for other
registers. ``Check.answer`` hands an answer's tax ID to the configured register
(:func:`verified`); the API builds it from ``ELIGIBILITY_VIES_URL``.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Literal, Protocol

import msgspec

from eligibility.rules.findings import Findings

__all__ = ["Register", "Verification", "ViesRegister", "verified"]

Status = Literal["verified", "not_registered", "unavailable", "not_checked"]

_UNAVAILABLE = frozenset(
    {
        "MS_UNAVAILABLE",
        "TIMEOUT",
        "SERVICE_UNAVAILABLE",
        "MS_MAX_CONCURRENT_REQ",
        "GLOBAL_MAX_CONCURRENT_REQ",
        "IP_BLOCKED",
    }
)
"""VIES's ``userError`` values that say nothing of the number."""


class Verification(msgspec.Struct, frozen=True, kw_only=True):
    """What a register said of a number."""

    status: Status
    consultation_number: str | None = None
    """VIES's ``requestIdentifier``: proof of the check, where a requester was given."""


NOT_CHECKED = Verification(status="not_checked")
UNAVAILABLE = Verification(status="unavailable")


class Register(Protocol):
    """A register that says whether a number is registered."""

    def verify(self, country: str, number: str) -> Verification: ...


class ViesRegister:
    """The EU's VIES REST API at ``base_url``, each request bounded by ``timeout``.

    ``requester`` (``FR40303265045``) makes it ask ``POST /check-vat-number`` and keep
    the consultation number; without it, ``GET /ms/{country}/vat/{number}``.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 2.0,
        requester: str | None = None,
        cache_seconds: float = 3600.0,
        cache_size: int = 10_000,
        failures_to_open: int = 5,
        open_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"{base_url!r} is not an http(s) URL")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.requester = requester.replace(" ", "").upper() if requester else None
        self.cache_seconds = cache_seconds
        self.cache_size = cache_size
        self.failures_to_open = failures_to_open
        self.open_seconds = open_seconds
        self.clock = clock
        self._cache: OrderedDict[tuple[str, str], tuple[float, Verification]] = OrderedDict()
        self._failures = 0
        self._open_until = 0.0
        self._lock = threading.Lock()
        self.requests = 0
        """Requests sent to VIES (for tests and metrics)."""

    def verify(self, country: str, number: str) -> Verification:
        """``number`` (without its prefix) of member state ``country``, as VIES says."""
        key = (country.upper(), number.replace(" ", "").upper())
        now = self.clock()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached[0] > now:
                self._cache.move_to_end(key)
                return cached[1]
            if self._open_until > now:
                return UNAVAILABLE
        found = self._ask(*key)
        with self._lock:
            if found.status == "unavailable":
                self._failures += 1
                if self._failures >= self.failures_to_open:
                    self._open_until = self.clock() + self.open_seconds
                    self._failures = 0
            else:
                self._failures = 0
                self._cache[key] = (self.clock() + self.cache_seconds, found)
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return found

    def _ask(self, country: str, number: str) -> Verification:
        self.requests += 1
        try:
            answer = self._request(country, number)
        except (OSError, ValueError, urllib.error.URLError):
            return UNAVAILABLE  # timeouts, refused connections, HTTP errors, bad JSON
        return _read(answer)

    def _request(self, country: str, number: str) -> Any:
        if self.requester is None:
            path = f"/ms/{urllib.parse.quote(country)}/vat/{urllib.parse.quote(number)}"
            request = urllib.request.Request(self.base_url + path)
        else:
            body = {
                "countryCode": country,
                "vatNumber": number,
                "requesterMemberStateCode": self.requester[:2],
                "requesterNumber": self.requester[2:],
            }
            request = urllib.request.Request(
                self.base_url + "/check-vat-number",
                data=json.dumps(body).encode(),
                headers={"content-type": "application/json"},
                method="POST",
            )
        request.add_header("accept", "application/json")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read(65_536))


def _read(answer: Any) -> Verification:
    """A VIES answer as a Verification: its errors and unavailability are ``unavailable``."""
    if not isinstance(answer, dict) or answer.get("errorWrappers"):
        return UNAVAILABLE
    if str(answer.get("userError", "")).upper() in _UNAVAILABLE:
        return UNAVAILABLE
    valid = answer.get("valid", answer.get("isValid"))
    if valid is True:
        consultation = answer.get("requestIdentifier") or None
        return Verification(status="verified", consultation_number=consultation)
    if valid is False:
        return Verification(status="not_registered")
    return UNAVAILABLE


_VIES_KINDS = frozenset({"eu_vat", "gb_vat"})
"""Kinds VIES answers for: EU VAT numbers, and Northern Ireland's (XI) among the UK's."""


def verified(findings: Findings, register: Register) -> Findings:
    """``findings`` with its tax ID's ``verification`` as ``register`` says, where it has
    a VAT number VIES knows (an EU member's, or Northern Ireland's ``XI``)."""
    tax_id = getattr(findings, "tax_id", None)
    if tax_id is None or tax_id.kind not in _VIES_KINDS or not tax_id.compact[:2].isalpha():
        return findings
    country = tax_id.compact[:2]
    if tax_id.kind == "gb_vat" and country != "XI":
        return findings
    found = register.verify(country, tax_id.compact[2:])
    checked = msgspec.structs.replace(
        tax_id, verification=found.status, consultation_number=found.consultation_number
    )
    return msgspec.structs.replace(findings, tax_id=checked)
