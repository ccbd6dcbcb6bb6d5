"""``POST /v1/checks/batch``: up to 1,000 account-setup records in one call."""

from __future__ import annotations

from typing import Annotated, Any, Final

from litestar import Request
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body

from eligibility.answers import BatchItemResult, BatchResult, answer
from eligibility.http.checks import ACCOUNT_SETUP_EXAMPLES, account_setup_findings
from eligibility.http.common import AcceptLanguage, Case, Examples, json_post
from eligibility.http.metrics import count_findings
from eligibility.http.problems import PROBLEM_MEDIA_TYPE
from eligibility.http.responses import RawResponse, localized_json
from eligibility.http.schemas import BATCH_MAX_ITEMS, BatchRequest, Problem
from eligibility.http.state import request_state
from eligibility.i18n import negotiate
from eligibility.ruleset import Ruleset

__all__ = ["BATCH_MAX_BODY_BYTES", "batch_handlers"]

BATCH_MAX_BODY_BYTES: Final = 4 * 1024 * 1024
"""The batch route's body limit: 1,000 items of up to about 4 KiB each."""


def batch(ruleset: Ruleset, body: BatchRequest, lang: str) -> BatchResult:
    """Each item's account-setup answer with its id, in the order sent."""
    version = ruleset.version
    results = [
        answer(account_setup_findings(ruleset, item, lang), version, BatchItemResult, id=item.id)
        for item in body.items
    ]
    return BatchResult(results=results, rules_version=version)


BATCH_EXAMPLES: Final = Examples(
    (
        Case(
            "Two records, each with the client's id",
            "One result per item, in order",
            {
                "items": [
                    {"id": f"C000000{number}", **case.body}
                    for number, case in enumerate(ACCOUNT_SETUP_EXAMPLES.cases, 1)
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
        "route keeps its 64 KiB limit. For larger files, `eligibility check-file` runs the "
        "same rules without a server."
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
)
def check_batch(
    request: Request[Any, Any, Any],
    data: Annotated[BatchRequest, Body(examples=BATCH_EXAMPLES.requests)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    ruleset = request_state(request).ruleset
    lang = negotiate(accept_language)
    answered = batch(ruleset, data, lang)
    for result in answered.results:
        count_findings("batch", result.errors, result.warnings)
    return localized_json(answered, lang)


batch_handlers = [check_batch]
