"""The spec as generated clients and validators read it: every example fits its
own schema, every server-side limit is stated, every operation reads as a method."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.app import _request_body_names
from eligibility.checks import CHECKS
from eligibility.checks.fields import RequestBody

LIMITS = ("maxLength", "minLength", "pattern", "maxItems", "minItems", "maximum", "minimum")


@pytest.fixture(scope="module")
def spec(app: Litestar) -> dict[str, Any]:
    with TestClient(app) as client:
        served: dict[str, Any] = client.get("/schema/openapi.json").json()
    return served


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> Any:
    """A 2020-12 validator for ``schema`` whose ``#/components/...`` refs resolve."""
    root = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": spec["components"],
        **schema,
    }
    return jsonschema_rs.validator_for(root)


def _examples(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(where, schema, example) for every example in the document."""
    yield from _operation_examples(spec)
    for name, header in spec["components"].get("headers", {}).items():
        for i, example in enumerate(header["schema"].get("examples", [])):
            yield f"header {name} #{i}", header["schema"], example
    for name, schema in spec["components"]["schemas"].items():
        for prop, sub in schema.get("properties", {}).items():
            for i, example in enumerate(sub.get("examples", [])):
                yield f"{name}.{prop} #{i}", sub, example


def _operation_examples(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                for name, example in parameter.get("examples", {}).items():
                    yield (
                        f"{where} {parameter['name']} {name}",
                        parameter["schema"],
                        example["value"],
                    )
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                for i, example in enumerate(content["schema"].get("examples", [])):
                    yield f"{where} body {media} #{i}", content["schema"], example
            for status, response in operation["responses"].items():
                for media, content in response.get("content", {}).items():
                    for name, example in content.get("examples", {}).items():
                        yield (
                            f"{where} {status} {media} {name}",
                            content["schema"],
                            example["value"],
                        )


def test_every_example_is_valid_against_its_own_schema(spec: dict[str, Any]) -> None:
    checked = 0
    invalid = []
    for where, schema, example in _examples(spec):
        errors = [e.message for e in _validator(spec, schema).iter_errors(example)]
        if errors:
            invalid.append((where, errors[:2]))
        checked += 1
    assert invalid == []
    assert checked > 60


def test_the_validator_does_catch_an_example_missing_a_required_field(
    spec: dict[str, Any],
) -> None:
    operation = spec["paths"]["/v1/pricing/quote"]["post"]
    content = operation["responses"]["200"]["content"]["application/json"]
    example = dict(next(iter(content["examples"].values()))["value"]["quote"])
    del example["tax"]
    quote = {"$ref": "#/components/schemas/PriceQuote"}
    assert not _validator(spec, quote).is_valid(example)


def _limits(schema: dict[str, Any]) -> dict[str, Any]:
    """The limits of a property, wherever a generator put them (beside or in ``anyOf``)."""
    found = {k: schema[k] for k in LIMITS if k in schema}
    for variant in schema.get("anyOf", []) + schema.get("oneOf", []):
        found.update(_limits(variant))
    return found


def test_every_limit_the_server_enforces_is_in_the_spec(spec: dict[str, Any]) -> None:
    """msgspec decodes the request bodies: its own schema of them is what the server
    enforces. The served spec must state every one of those limits."""
    bodies = [
        cls
        for cls in (*RequestBody.__subclasses__(), *_subclasses(RequestBody))
        if cls.__name__ in _request_body_names()
    ]
    _, enforced = msgspec.json.schema_components(bodies)
    served = spec["components"]["schemas"]
    compared = 0
    for name, schema in enforced.items():
        for prop, sub in schema.get("properties", {}).items():
            limits = _limits(sub)
            assert _limits(served[name]["properties"][prop]) == limits, (name, prop)
            compared += bool(limits)
    assert compared >= 15


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_operation_ids_read_as_method_names(spec: dict[str, Any]) -> None:
    ids = {
        f"{method.upper()} {path}": operation["operationId"]
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    }
    assert ids == {
        "GET /healthz": "getHealth",
        "GET /readyz": "getReadiness",
        "GET /v1/markets": "listMarkets",
        "GET /v1/markets/{code}": "getMarket",
        "GET /v1/markets/{code}/form": "getMarketForm",
        "GET /v1/markets/{code}/postal-codes/{postal_code}": "getPostalCode",
        "POST /v1/checks/batch": "checkBatch",
        **{f"POST {check.path}": check.operation_id for check in CHECKS},
    }


def test_the_document_says_who_licenses_it_and_that_no_auth_is_needed(
    spec: dict[str, Any],
) -> None:
    assert spec["security"] == []
    assert spec["info"]["license"] == {"name": "MIT", "identifier": "MIT"}
    assert spec["info"]["contact"]["name"]
    tags = {t["name"]: t["description"] for t in spec["tags"]}
    used = {t for item in spec["paths"].values() for op in item.values() for t in op["tags"]}
    assert used <= tags.keys()
    assert all(tags.values())


def test_accept_language_is_a_plain_optional_string(spec: dict[str, Any]) -> None:
    for item in spec["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "header":
                    assert parameter["required"] is False
                    assert parameter["schema"]["type"] == "string", parameter["name"]
                    assert "default" not in parameter["schema"]


def test_suggestion_is_required_and_nullable(spec: dict[str, Any]) -> None:
    field_error = spec["components"]["schemas"]["FieldError"]
    assert "suggestion" in field_error["required"]
    assert {"type": "null"} in field_error["properties"]["suggestion"]["oneOf"]


@pytest.mark.parametrize(
    ("schema", "enum"), [("FieldError", "ErrorCode"), ("ProblemField", "ProblemCode")]
)
def test_error_codes_are_an_open_enum(spec: dict[str, Any], schema: str, enum: str) -> None:
    code = spec["components"]["schemas"][schema]["properties"]["code"]
    assert code["anyOf"] == [{"$ref": f"#/components/schemas/{enum}"}, {"type": "string"}]
    validator = _validator(spec, {"$ref": f"#/components/schemas/{schema}"})
    future = {"field": "phone", "code": "phone.added_next_year", "message": "m", "suggestion": None}
    assert validator.is_valid(future)


@pytest.mark.parametrize(
    ("path", "status", "headers"),
    [
        ("/v1/markets", "200", {"ETag", "Cache-Control", "Content-Language", "RateLimit-Limit"}),
        ("/v1/markets/{code}", "304", {"ETag", "Cache-Control"}),
        ("/v1/checks/company-phone", "200", {"Content-Language", "RateLimit-Remaining"}),
        ("/v1/checks/company-phone", "429", {"Retry-After", "RateLimit-Reset"}),
        ("/v1/pricing/quote", "400", {"Content-Language"}),
    ],
)
def test_headers_sent_are_declared(
    spec: dict[str, Any], path: str, status: str, headers: set[str]
) -> None:
    item = spec["paths"][path]
    operation = item.get("get") or item["post"]
    assert headers <= operation["responses"][status]["headers"].keys()


def test_every_response_declares_its_request_id(spec: dict[str, Any]) -> None:
    for item in spec["paths"].values():
        for operation in item.values():
            for response in operation["responses"].values():
                assert "X-Request-ID" in response["headers"]


def test_if_none_match_is_a_declared_request_header(spec: dict[str, Any]) -> None:
    for path in ("/v1/markets", "/v1/markets/{code}", "/v1/markets/{code}/form"):
        names = {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
        assert "If-None-Match" in names, path
