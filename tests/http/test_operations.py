"""What an operator relies on, through the test client: request ids, HEAD on every
GET route, liveness and readiness, the metrics endpoint's shape."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility import __version__
from eligibility.app import create_app
from eligibility.ruleset import Ruleset
from eligibility.settings import load_settings
from tests.clients import client_at

Client = TestClient[Litestar]

GET_URLS = [
    "/",
    "/healthz",
    "/readyz",
    "/v1/markets",
    "/v1/markets?q=france",
    "/v1/markets/FR",
    "/v1/markets/FR/form",
    "/schema",
    "/schema/openapi.json",
    "/schema/assets/docs.js",
    "/demo",
]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/v1/markets/FR"),
        ("POST", "/v1/checks/reservation"),
        ("GET", "/no/such/route"),
        ("DELETE", "/healthz"),
        ("GET", "/v1/markets/ZZ"),
    ],
)
def test_every_answer_keeps_a_sane_request_id(client: Client, method: str, url: str) -> None:
    body = {"market": "FR"} if method == "POST" else None
    response = client.request(method, url, json=body, headers={"X-Request-ID": "lb-7f3a:42"})
    assert response.headers["x-request-id"] == "lb-7f3a:42"


@pytest.mark.parametrize("incoming", ["", "has spaces", "x" * 129, "new\\nline", "<script>"])
def test_an_unusable_request_id_is_replaced_by_a_new_one(client: Client, incoming: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": incoming})
    made = response.headers["x-request-id"]
    assert made != incoming
    assert len(made) == 32
    assert int(made, 16) >= 0


def test_each_request_gets_its_own_id(client: Client) -> None:
    ids = {client.get("/healthz").headers["x-request-id"] for _ in range(50)}
    assert len(ids) == 50


@pytest.mark.parametrize("url", GET_URLS)
def test_head_answers_every_get_route_with_its_headers_and_no_body(
    client: Client, url: str
) -> None:
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    for name in ["content-type", "etag", "cache-control", "content-length"]:
        assert head.headers.get(name) == get.headers.get(name), name


def test_head_on_a_post_route_is_405_as_get_is(client: Client) -> None:
    assert client.head("/v1/checks/reservation").status_code == 405


def test_liveness_and_readiness_say_which_versions_answer(client: Client) -> None:
    for url, status in (("/healthz", "ok"), ("/readyz", "ready")):
        body: dict[str, Any] = client.get(url).json()
        assert body == {
            "status": status,
            "version": __version__,
            "rules_version": body["rules_version"],
        }


def test_readiness_is_503_until_the_app_has_started(app: Litestar) -> None:
    client = TestClient(app)  # no lifespan: start-up has not run
    response = client.get("/readyz")
    assert (response.status_code, response.json()["status"]) == (503, "unavailable")
    with TestClient(app) as started:
        assert started.get("/readyz").status_code == 200
    # Shut down again: not ready.
    assert TestClient(app).get("/readyz").status_code == 503


def _samples(text: str, name: str) -> dict[str, float]:
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(name)
    }


@pytest.fixture(scope="module")
def uncached_app(ruleset: Ruleset) -> Litestar:
    return create_app(load_settings({"ELIGIBILITY_METRICS_CACHE_SECONDS": "0"}), ruleset)


@pytest.fixture
def scraper(uncached_app: Litestar) -> Iterator[Client]:
    """Prometheus on the loopback, each scrape rendered anew."""
    with client_at(uncached_app, "127.0.0.1") as client:
        yield client


def test_head_on_metrics_has_its_headers_and_no_body(scraper: Client) -> None:
    get = scraper.get("/metrics")
    head = scraper.head("/metrics")
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["cache-control"] == "no-store"


def test_metrics_count_routes_by_template_and_findings_by_code(scraper: Client) -> None:
    client = scraper
    before = client.get("/metrics").text
    client.get("/v1/markets/DE")
    client.post("/v1/checks/company-phone", json={"country": "AU", "phone": "+61 2 9374 4000"})
    after = client.get("/metrics").text
    assert after.startswith("# HELP")
    route = 'path="/v1/markets/{code}"'
    requests = _samples(after, "eligibility_requests_total")
    assert any(route in k and 'status_code="200"' in k for k in requests)
    assert not any("/v1/markets/DE" in line for line in after.splitlines())
    key = (
        "eligibility_check_findings_total"
        '{check="company_phone",code="phone.too_long",severity="error"}'
    )
    assert _samples(after, key)[key] == _samples(before, key).get(key, 0) + 1
    labels = re.findall(r"\{([^}]*)\}", after)
    assert not any("9374" in label for label in labels)
    info = _samples(after, "eligibility_build_info")
    assert list(info.values()) == [1.0]
    assert f'version="{__version__}"' in next(iter(info))
    for cache in ("phone_parse", "address_format", "regions", "postcode_places", "market_search"):
        assert f'eligibility_cache_misses{{cache="{cache}"}}' in after


def test_batched_latency_buckets_are_what_observe_would_give() -> None:
    """The edge's tallies write a Histogram's sum and buckets directly: they must come
    out exactly as one observe() per request would."""
    from prometheus_client import CollectorRegistry, Histogram

    from eligibility.server import metrics

    durations = [0.0001, 0.0005, 0.0007, 0.002, 0.02, 0.3, 2.5, 9.0]
    for seconds in durations:
        metrics.observe_request("GET", "/test/batched", 200, seconds)
    metrics.flush()
    reference = Histogram(
        "reference", "r", ["path"], buckets=metrics._LATENCY_BUCKETS, registry=CollectorRegistry()
    )
    for seconds in durations:
        reference.labels("/test/batched").observe(seconds)

    def samples(histogram: Any, name: str) -> list[tuple[str, float]]:
        return sorted(
            (s.name.removeprefix(name) + s.labels.get("le", ""), s.value)
            for family in histogram.collect()
            for s in family.samples
            if s.labels.get("path") == "/test/batched" and not s.name.endswith("_created")
        )

    batched = samples(metrics.request_duration, "eligibility_request_duration_seconds")
    assert batched == samples(reference, "reference")
    assert ("_count", 8.0) in batched


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "10.2.3.4",
        "172.31.0.9",
        "192.168.1.20",
        "fd12:3456::7",
        "::ffff:192.168.0.4",
    ],
)
def test_metrics_answer_loopback_and_private_networks(app: Litestar, host: str) -> None:
    with client_at(app, host) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    assert response.text.startswith("# HELP")


@pytest.mark.parametrize(
    "host", ["203.0.113.9", "8.8.8.8", "172.32.0.1", "2001:db8::1", "::ffff:203.0.113.9"]
)
def test_metrics_are_the_404_of_a_missing_page_to_anyone_else(app: Litestar, host: str) -> None:
    with client_at(app, host) as client:
        metrics = client.get("/metrics")
        missing = client.get("/nothing-here")
    assert metrics.status_code == missing.status_code == 404
    assert metrics.headers["content-type"] == "application/problem+json"
    body, other = metrics.json(), missing.json()
    assert body.pop("instance") == "/metrics"
    assert other.pop("instance") == "/nothing-here"
    assert body == other
    assert "eligibility_" not in metrics.text


def test_a_client_without_an_address_is_refused(client: Client) -> None:
    assert client.get("/metrics").status_code == 404  # Litestar's test client: "testclient"


def test_metrics_networks_are_a_setting(ruleset: Ruleset) -> None:
    settings = load_settings({"ELIGIBILITY_METRICS_NETWORKS": "203.0.113.0/24"})
    app = create_app(settings, ruleset)
    statuses = {}
    for host in ("203.0.113.9", "127.0.0.1", "10.0.0.1"):
        with client_at(app, host) as client:
            statuses[host] = client.get("/metrics").status_code
    assert statuses == {"203.0.113.9": 200, "127.0.0.1": 404, "10.0.0.1": 404}
    nobody = create_app(load_settings({"ELIGIBILITY_METRICS_NETWORKS": "none"}), ruleset)
    with client_at(nobody, "127.0.0.1") as client:
        assert client.get("/metrics").status_code == 404


def test_metrics_are_rendered_at_most_once_per_cache_period(ruleset: Ruleset) -> None:
    settings = load_settings({"ELIGIBILITY_METRICS_CACHE_SECONDS": "0.3"})
    assert load_settings({}).metrics_cache_seconds == 1.0  # the default
    with client_at(create_app(settings, ruleset), "127.0.0.1") as client:
        first = client.get("/metrics").content
        client.get("/v1/markets/DE")
        again = client.get("/metrics").content
        time.sleep(0.35)
        later = client.get("/metrics").content
    assert again == first  # the same text, though a request was counted between
    market = b'eligibility_requests_total{method="GET",path="/v1/markets/{code}",status_code="200"}'
    assert market in later
    assert later != first
