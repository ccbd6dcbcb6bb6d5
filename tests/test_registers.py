"""VIES verification against a local HTTP server that answers as VIES's REST API
documents it: valid, invalid, member state unavailable, slow and down. Nothing here
reaches the internet."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from litestar.testing import TestClient

from eligibility.app import create_app
from eligibility.registers import Verification, ViesRegister
from eligibility.ruleset import load_ruleset
from eligibility.settings import default_data_dir, load_settings

pytestmark = pytest.mark.socket

ANSWERS: dict[str, Any] = {
    "136695976": {"isValid": True, "userError": "VALID", "requestIdentifier": ""},
    "999999999": {"isValid": False, "userError": "INVALID"},
    "111111111": {"isValid": False, "userError": "MS_UNAVAILABLE"},
    "222222222": {"actionSucceed": False, "errorWrappers": [{"error": "SERVICE_UNAVAILABLE"}]},
}
SLOW = "333333339"  # a valid German VAT number offline
BROKEN = "444444444"


POSTED: list[dict[str, Any]] = []
"""The bodies the fake VIES was sent by POST, in order."""


class _Vies(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, number: str, extra: dict[str, Any] | None = None) -> None:
        if number == SLOW:
            time.sleep(1.0)
        if number == BROKEN:
            self.send_response(500)
            self.end_headers()
            return
        body = json.dumps({**ANSWERS.get(number, {"isValid": False}), **(extra or {})})
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def do_GET(self) -> None:
        self._answer(self.path.rsplit("/", 1)[-1])

    def do_POST(self) -> None:
        sent = json.loads(self.rfile.read(int(self.headers["content-length"])))
        POSTED.append(sent)
        answer = ANSWERS.get(sent["vatNumber"], {"valid": False})
        valid = answer.get("isValid")
        self._answer(sent["vatNumber"], {"valid": valid, "requestIdentifier": "WAPIAAAAZ1"})


@pytest.fixture(scope="module")
def vies() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Vies)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("number", "status"),
    [
        ("136695976", "verified"),
        ("999999999", "not_registered"),
        ("111111111", "unavailable"),  # the member state's service is down
        ("222222222", "unavailable"),  # VIES's own error shape
        (BROKEN, "unavailable"),  # a 500
    ],
)
def test_vies_answers_read_as_a_verification(vies: str, number: str, status: str) -> None:
    assert ViesRegister(vies).verify("DE", number).status == status


def test_a_slow_vies_is_unavailable_within_the_bound(vies: str) -> None:
    register = ViesRegister(vies, timeout=0.2)
    started = time.monotonic()
    assert register.verify("DE", SLOW) == Verification(status="unavailable")
    assert time.monotonic() - started < 0.8


def test_a_vies_that_is_down_is_unavailable_at_once() -> None:
    register = ViesRegister("http://127.0.0.1:9", timeout=0.5)  # discard port: refused
    started = time.monotonic()
    assert register.verify("DE", "136695976").status == "unavailable"
    assert time.monotonic() - started < 0.6


def test_an_answer_is_cached_and_a_failure_is_not(vies: str) -> None:
    register = ViesRegister(vies)
    for _ in range(3):
        assert register.verify("DE", "136 695 976").status == "verified"
        register.verify("DE", BROKEN)
    assert register.requests == 1 + 3


def test_the_cache_expires(vies: str) -> None:
    now = [0.0]
    register = ViesRegister(vies, cache_seconds=10, clock=lambda: now[0])
    register.verify("DE", "136695976")
    now[0] = 11.0
    register.verify("DE", "136695976")
    assert register.requests == 2


def test_after_a_run_of_failures_the_breaker_answers_at_once_until_it_cools(vies: str) -> None:
    now = [0.0]
    register = ViesRegister(vies, failures_to_open=2, open_seconds=30, clock=lambda: now[0])
    for _ in range(2):
        register.verify("DE", BROKEN)
    assert register.requests == 2
    assert register.verify("DE", "136695976").status == "unavailable"  # open: not asked
    assert register.requests == 2
    now[0] = 31.0
    assert register.verify("DE", "136695976").status == "verified"
    assert register.requests == 3


def test_a_requester_gets_the_consultation_number_as_proof(vies: str) -> None:
    register = ViesRegister(vies, requester="FR 40 303 265 045")
    found = register.verify("DE", "136695976")
    assert found == Verification(status="verified", consultation_number="WAPIAAAAZ1")
    assert POSTED[-1] == {
        "countryCode": "DE",
        "vatNumber": "136695976",
        "requesterMemberStateCode": "FR",
        "requesterNumber": "40303265045",
    }


def test_only_an_http_url_is_a_vies_base() -> None:
    with pytest.raises(ValueError, match="http"):
        ViesRegister("file:///etc/passwd")


def test_the_api_answers_the_registration_where_vies_is_configured(vies: str) -> None:
    settings = load_settings(
        {"ELIGIBILITY_VIES_URL": vies, "ELIGIBILITY_VIES_TIMEOUT_SECONDS": "0.3"}
    )
    app = create_app(settings, load_ruleset(default_data_dir()))
    with TestClient(app) as client:
        url = "/v1/checks/company-tax-id"
        ok = client.post(url, json={"market": "DE", "tax_id": "DE136695976"}).json()
        assert (ok["valid"], ok["tax_id"]["verification"]) == (True, "verified")
        started = time.monotonic()
        slow = client.post(url, json={"market": "DE", "tax_id": f"DE{SLOW}"}).json()
        # a number valid offline stays valid when VIES cannot say, within the bound
        assert (slow["valid"], slow["tax_id"]["verification"]) == (True, "unavailable")
        assert time.monotonic() - started < 0.9
        swiss = client.post(url, json={"market": "CH", "tax_id": "CHE-107.787.577 MWST"}).json()
        assert swiss["tax_id"]["verification"] == "not_checked"  # not an EU VAT number


def test_vies_is_off_by_default() -> None:
    assert load_settings({}).vies_url is None
