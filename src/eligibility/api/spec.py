"""The OpenAPI document: what Litestar generates, finished to say what the code does.

Litestar writes the spec from the route handlers and the msgspec Structs. Some
things it cannot know, or renders in a way generated clients handle badly;
``finish_spec`` corrects them on the generated document (a plain dict) once,
at start-up, and the served and committed specs are that dict:

- request bodies refuse unknown fields (``additionalProperties: false``);
- every 4xx is ``application/problem+json``, the 400 Litestar documents for
  query parameters included;
- the headers the service reads and sends are declared (``ETag``,
  ``Cache-Control``, ``Content-Language``, ``RateLimit-*``, ``Retry-After``,
  ``X-Request-ID``);
- an optional parameter whose handler stands in ``""`` for "not sent" has no
  ``default`` (a client would send the empty string);
- error codes are open: the known codes are an enum, and any other string is
  allowed, so a client generated today still reads an answer with a code added
  later;
- examples keep their nulls (Litestar drops them) and carry the loaded rules'
  ``rules_version``, so no example is stale;
- the document has a licence, a contact, tag descriptions and no
  authentication (``security: []``).
"""

from __future__ import annotations

from typing import Any, Final

import msgspec
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

from eligibility.api.common import OPT_EXAMPLES
from eligibility.checks import CHECKS
from eligibility.errors import PROBLEM_MEDIA_TYPE
from eligibility.i18n import LANGUAGES
from eligibility.ruleset import Ruleset

__all__ = ["TAGS", "finish_spec", "openapi_document"]

TAGS: Final = [
    {
        "name": "markets",
        "description": (
            "The 250 markets (ISO 3166-1 plus Kosovo): names in English and French, whether "
            "Azure reservations are sold and whether prices include tax, and each market's "
            "signup form. Cacheable: every answer has an ETag."
        ),
    },
    {
        "name": "checks",
        "description": (
            "Validate what a signup form or checkout is about to submit, one route per check ("
            + ", ".join(f"`{check.name}`" for check in CHECKS if check.tag == "checks")
            + "), or up to 1,000 records at once (`batch`). A value that breaks a rule is a 200 "
            "with `valid: false` and every error at once."
        ),
    },
    {
        "name": "pricing",
        "description": (
            "Whether a price includes tax (Australia and Brazil) and the tax it holds, in "
            "decimal strings."
        ),
    },
    {"name": "service", "description": "Liveness of the service."},
]

_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_RATE_LIMITED = "Only when `ELIGIBILITY_RATE_LIMIT` is set (IETF draft RateLimit header fields)."
_HEADERS: Final[dict[str, dict[str, Any]]] = {
    "ETag": {
        "description": "The answer's version: send it back in `If-None-Match` to get a 304.",
        "schema": {"type": "string", "examples": ['"5f0c6e1d2a9b8c7d6e5f4a3b"']},
    },
    "Cache-Control": {
        "description": "How long the answer may be reused (`ELIGIBILITY_CACHE_MAX_AGE`).",
        "schema": {"type": "string", "examples": ["public, max-age=300"]},
    },
    "Content-Language": {
        "description": "The language of the messages and names, from `Accept-Language`.",
        "schema": {"type": "string", "enum": list(LANGUAGES)},
    },
    "RateLimit-Policy": {
        "description": f"Requests allowed per window, e.g. `120; w=60`. {_RATE_LIMITED}",
        "schema": {"type": "string"},
    },
    "RateLimit-Limit": {
        "description": f"Requests allowed in the window. {_RATE_LIMITED}",
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Remaining": {
        "description": f"Requests left in the window. {_RATE_LIMITED}",
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Reset": {
        "description": f"Seconds until the window resets. {_RATE_LIMITED}",
        "schema": {"type": "integer", "minimum": 0},
    },
    "X-Request-ID": {
        "description": (
            "This request's id: the caller's own `X-Request-ID` when it sent a sane one (up to "
            "128 of `A-Z a-z 0-9 . _ : -`), else a new one. Quote it in a support ticket; a 500 "
            "problem's `request_id` is the same."
        ),
        "required": True,
        "schema": {
            "type": "string",
            "maxLength": 128,
            "examples": ["5c1f0e9a2b7d4e36a8f1c0d2e3b4a5f6"],
        },
    },
    "NoStore": {
        "description": "`no-store`: the answer echoes what was sent (an address, a phone); "
        "no cache may keep it.",
        "schema": {"type": "string", "enum": ["no-store"]},
    },
    "X-Content-Type-Options": {
        "description": "`nosniff`: the answer is only ever read as its declared type.",
        "schema": {"type": "string", "enum": ["nosniff"]},
    },
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    },
}
_RATE_LIMIT_HEADERS: Final = (
    "RateLimit-Policy",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
)
_OPEN_CODES: Final = {
    # schema name -> (property, enum component): which codes a client can switch on.
    "FieldError": ("code", "ErrorCode"),
    "ProblemField": ("code", "ProblemCode"),
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/headers/{name}"}


def _operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path, operation)
        for path, item in spec.get("paths", {}).items()
        for method, operation in item.items()
        if method in _METHODS
    ]


def _example_values(examples: list[Example] | None) -> list[Any]:
    return [msgspec.to_builtins(e.value) for e in examples or ()]


def _handler_examples(
    app: Litestar, ruleset: Ruleset
) -> dict[str, tuple[list[Any], dict[int, list[Any]]]]:
    """operationId -> (request body examples, status -> response examples), nulls kept.

    A handler whose ``opt`` has examples documents what they answer with ``ruleset``."""
    found: dict[str, tuple[list[Any], dict[int, list[Any]]]] = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if not isinstance(handler, HTTPRouteHandler) or not isinstance(
                handler.operation_id, str
            ):
                continue
            data = handler.parsed_fn_signature.parameters.get("data")
            body = getattr(getattr(data, "kwarg_definition", None), "examples", None)
            responses = {
                status: _example_values(spec.examples)
                for status, spec in (handler.responses or {}).items()
                if isinstance(spec, ResponseSpec) and spec.examples
            }
            if (computed := handler.opt.get(OPT_EXAMPLES)) is not None:
                responses[200] = computed.answers(ruleset)
            found[handler.operation_id] = (_example_values(body), responses)
    return found


def _stamp(value: Any, rules_version: str) -> Any:
    """``value`` with every ``rules_version`` set to the loaded rules' own."""
    if isinstance(value, dict):
        return {
            k: rules_version if k == "rules_version" else _stamp(v, rules_version)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_stamp(v, rules_version) for v in value]
    return value


def _restore_examples(
    operation: dict[str, Any],
    examples: tuple[list[Any], dict[int, list[Any]]],
    rules_version: str,
) -> None:
    body, responses = examples
    media = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    if body and "examples" in media.get("schema", {}):
        media["schema"]["examples"] = _stamp(body, rules_version)
    for status, values in responses.items():
        content = operation["responses"].get(str(status), {}).get("content", {})
        for media in content.values():
            named = media.get("examples", {})
            for (_, example), value in zip(named.items(), values, strict=True):
                example["value"] = _stamp(value, rules_version)


def _finish_operation(operation: dict[str, Any], path: str) -> None:
    parameters = operation.get("parameters", [])
    for parameter in parameters:
        if not parameter.get("required"):
            schema = parameter.get("schema", {})
            if schema.get("default") == "":
                del schema["default"]  # the handler's stand-in for "not sent"
    names = {p.get("name") for p in parameters}
    localized = "Accept-Language" in names
    cached = "If-None-Match" in names
    rate_limited = path.startswith("/v1/")
    problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
    for status, response in operation.get("responses", {}).items():
        headers: dict[str, Any] = response.setdefault("headers", {})
        if status.startswith("4"):
            content = response.setdefault("content", {})
            if PROBLEM_MEDIA_TYPE not in content:
                response["content"] = {PROBLEM_MEDIA_TYPE: problem}
        if status.startswith("4") or (localized and status == "200"):
            headers["Content-Language"] = _ref("Content-Language")
        if cached and status in ("200", "304"):
            headers["ETag"] = _ref("ETag")
            headers["Cache-Control"] = _ref("Cache-Control")
        elif localized and (status == "200" or status.startswith("4")):
            headers["Cache-Control"] = _ref("NoStore")
        if localized and (status == "200" or status.startswith("4")):
            headers["X-Content-Type-Options"] = _ref("X-Content-Type-Options")
        if rate_limited:
            headers.update({name: _ref(name) for name in _RATE_LIMIT_HEADERS})
        if status == "429":
            headers["Retry-After"] = _ref("Retry-After")
        headers["X-Request-ID"] = _ref("X-Request-ID")


def _items_read_one_by_one(schemas: dict[str, Any]) -> None:
    """A batch item that is not a BatchItem does not fail the request: it is answered in
    its place (``outcome: unreadable``). The schema says so, so that a client (or a
    contract fuzzer) knows such an item is accepted."""
    items = schemas.get("BatchRequest", {}).get("properties", {}).get("items")
    if items is None or "items" not in items:
        return
    items["items"] = {
        "anyOf": [
            items["items"],
            {
                "description": "Any other value: answered in its place with its problems "
                "(`outcome: unreadable`) while the other items are checked."
            },
        ]
    }


def _open_codes(schemas: dict[str, Any]) -> None:
    for name, (prop, enum) in _OPEN_CODES.items():
        properties = schemas.get(name, {}).get("properties", {})
        if prop not in properties:
            continue
        properties[prop] = {
            "anyOf": [{"$ref": f"#/components/schemas/{enum}"}, {"type": "string"}],
            "description": (
                f"Stable, machine-readable code: one of `{enum}` today. Codes are added in new "
                "versions (with a changelog entry) and never reused: treat a code you do not "
                "know as an error of its `field`, and show its `message`."
            ),
        }


def finish_spec(
    spec: dict[str, Any],
    *,
    rules_version: str,
    request_bodies: set[str],
    examples: dict[str, tuple[list[Any], dict[int, list[Any]]]],
) -> dict[str, Any]:
    """Finish Litestar's generated ``spec`` in place (see the module docstring)."""
    spec["info"]["license"] = {"name": "MIT", "identifier": "MIT"}
    spec["info"]["contact"] = {"name": "eligibility maintainers"}
    spec["security"] = []
    spec["tags"] = TAGS
    components = spec.setdefault("components", {})
    schemas = components.get("schemas", {})
    for name in request_bodies & schemas.keys():
        schemas[name]["additionalProperties"] = False
    _open_codes(schemas)
    _items_read_one_by_one(schemas)
    components["headers"] = _HEADERS
    for path, operation in _operations(spec):
        _finish_operation(operation, path)
        operation_id = operation.get("operationId")
        if operation_id in examples:
            _restore_examples(operation, examples[operation_id], rules_version)
    return spec


def openapi_document(app: Litestar) -> dict[str, Any]:
    """The document served at ``/schema/openapi.json`` (finished by ``create_app``)."""
    # Litestar's OpenAPIPlugin caches the document it serves; looked up by name, as
    # its class lives in a private module.
    document: dict[str, Any] = app.plugins.get("OpenAPIPlugin").provide_openapi_schema()
    return document


def finish_app_spec(app: Litestar, *, ruleset: Ruleset, request_bodies: set[str]) -> None:
    finish_spec(
        openapi_document(app),
        rules_version=ruleset.version,
        request_bodies=request_bodies,
        examples=_handler_examples(app, ruleset),
    )
