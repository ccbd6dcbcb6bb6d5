"""``POST /v1/checks/batch``: up to 1,000 account-setup records in one call."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from typing import Annotated, Any, Final

import msgspec
from litestar import Request
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body

from eligibility.answers import answer
from eligibility.api.common import AcceptLanguage, Examples, json_post
from eligibility.api.problems import OPT_PARTIAL, found_fields
from eligibility.api.responses import RawResponse, localized_json
from eligibility.api.schemas import (
    BATCH_MAX_ITEMS,
    BatchItem,
    BatchItemProblem,
    BatchItemResult,
    BatchRequest,
    BatchResult,
)
from eligibility.api.state import request_state
from eligibility.api.validation import Found
from eligibility.checks import Case, check_named
from eligibility.errors import PROBLEM_MEDIA_TYPE, Problem
from eligibility.i18n import negotiate
from eligibility.ruleset import Ruleset
from eligibility.server.metrics import count_findings

__all__ = ["BATCH_MAX_BODY_BYTES", "batch_handlers"]

BATCH_MAX_BODY_BYTES: Final = 4 * 1024 * 1024
"""The batch route's body limit: 1,000 items of up to about 4 KiB each."""
ACCOUNT_SETUP: Final = check_named("account_setup")
"""What each item is: an account-setup body with the client's id."""
SLICE_SECONDS: Final = 0.001
"""A batch checks items for at most this long before letting other requests run."""


_ITEM = re.compile(r"items\[(\d+)\](?:\.(.*))?", re.DOTALL)
_UNREADABLE = "eligibility.unreadable_items"
"""The scope key of the items a batch could not read: index -> (id, problems)."""


def read_partially(value: Any, found: list[Found], scope: Any) -> BatchRequest | None:
    """A batch whose every problem is inside some items: the other items, read; each
    unreadable item's id and problems kept in the scope for the route to answer in place.
    None when a problem is outside the items (the whole batch is then a 400)."""
    unreadable: dict[int, list[Found]] = {}
    for problem in found:
        match = _ITEM.fullmatch(problem.field)
        if match is None:
            return None
        unreadable.setdefault(int(match[1]), []).append(problem._replace(field=match[2] or "item"))
    items = value["items"]
    readable = [
        msgspec.convert(item, BatchItem, strict=True)
        for index, item in enumerate(items)
        if index not in unreadable
    ]
    scope[_UNREADABLE] = {
        index: (_id_of(items[index]), problems) for index, problems in unreadable.items()
    }
    return BatchRequest(items=readable)


def _id_of(item: Any) -> str | None:
    found = item.get("id") if isinstance(item, dict) else None
    return found if isinstance(found, str) and 0 < len(found) <= 100 else None


Unreadable = dict[int, tuple[str | None, list[Found]]]
"""A batch's items that could not be read: index -> (id where readable, problems)."""


def batch_results(
    ruleset: Ruleset, body: BatchRequest, lang: str, unreadable: Unreadable | None = None
) -> Iterator[BatchItemResult | BatchItemProblem]:
    """Each item's account-setup answer with its id, in the order sent; an item that
    could not be read gets its problems in its place."""
    version = ruleset.version
    readable = iter(body.items)
    for index in range(len(body.items) + len(unreadable or {})):
        if unreadable and index in unreadable:
            item_id, problems = unreadable[index]
            yield BatchItemProblem(id=item_id, index=index, problems=found_fields(problems, lang))
            continue
        item = next(readable)
        findings = ACCOUNT_SETUP.run(ruleset, item, lang)
        yield answer(findings, version, BatchItemResult, id=item.id)


def batch(
    ruleset: Ruleset, body: BatchRequest, lang: str, unreadable: Unreadable | None = None
) -> BatchResult:
    """The whole answer at once (the route's examples)."""
    results = list(batch_results(ruleset, body, lang, unreadable))
    return BatchResult(results=results, rules_version=ruleset.version)


BATCH_EXAMPLES: Final = Examples(
    (
        Case(
            "Two records, each with the client's id",
            "One result per item, in order",
            {
                "items": [
                    {"id": f"C000000{number}", **case.body}
                    for number, case in enumerate(ACCOUNT_SETUP.examples, 1)
                ]
            },
        ),
    ),
    BatchRequest,
    batch,
)


@json_post(
    "/v1/checks/batch",
    operation_id="checkBatch",
    tag="checks",
    summary="Check up to 1,000 signup records in one call",
    description=(
        "Each item is an account-setup body with the client's own `id`; the answer has one "
        "result per item, in the order sent, each the account-setup check's result with its "
        f"`id`. At most {BATCH_MAX_ITEMS} items (more is a 400 problem naming `items`) and "
        f"{BATCH_MAX_BODY_BYTES // (1024 * 1024)} MiB (more is a 413 problem); every other "
        "route keeps its 64 KiB limit. An item that cannot be read (a missing field, a wrong "
        "type) does not fail the batch: it gets its `problems` in its place, with its `id` "
        "where that could be read, and every other item is checked. Where a rate limit is set "
        "(`ELIGIBILITY_RATE_LIMIT`), each item counts as one request: a batch with more items "
        "than the client may still send is a 429 problem with `Retry-After`. For larger "
        "files, `eligibility check-file` runs the same rules without a server."
    ),
    response=BatchResult,
    response_description="One result per item, in order.",
    examples=BATCH_EXAMPLES,
    responses={
        413: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_MEDIA_TYPE,
            description="The request body is over the batch route's 4 MiB limit.",
            generate_examples=False,
        )
    },
    request_max_body_size=BATCH_MAX_BODY_BYTES,
    opt={OPT_PARTIAL: read_partially},
)
async def check_batch(
    request: Request[Any, Any, Any],
    data: Annotated[BatchRequest, Body(examples=BATCH_EXAMPLES.requests)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    """Checked on the event loop, handing it back every SLICE_SECONDS: a worker busy
    with batches still answers its other requests within a few slices."""
    state = request_state(request)
    ruleset = state.ruleset
    lang = negotiate(accept_language)
    unreadable: Unreadable | None = request.scope.get(_UNREADABLE)  # type: ignore[assignment]
    if state.item_counter is not None:  # each item counts as a request against the limit
        await state.item_counter.charge(request, len(data.items) + len(unreadable or {}))
    results: list[BatchItemResult | BatchItemProblem] = []
    slice_ends = time.perf_counter() + SLICE_SECONDS
    for result in batch_results(ruleset, data, lang, unreadable):
        results.append(result)
        if isinstance(result, BatchItemResult):
            count_findings("batch", result.errors, result.warnings)
        if time.perf_counter() >= slice_ends:
            await asyncio.sleep(0)
            slice_ends = time.perf_counter() + SLICE_SECONDS
    return localized_json(BatchResult(results=results, rules_version=ruleset.version), lang)


batch_handlers = [check_batch]
