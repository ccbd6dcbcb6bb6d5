"""The answer every check gives, whoever asks: the route, the batch runner, the CLI.

Every check's :class:`~eligibility.rules.findings.Findings` becomes the same
envelope, ``{valid, errors, warnings, rules_version}`` plus the check's own
extras (``avs`` and ``address``, ``quote``), through one builder, :func:`answer`.
Each check's result Struct subclasses :class:`CheckResult` beside its declaration
(``eligibility.checks``); these Structs are the public answers (the OpenAPI spec's
components): a change of their shape is a changelog entry.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

import msgspec
from msgspec import Meta

from eligibility.errors import FieldError
from eligibility.rules.findings import Findings

__all__ = ["CheckResult", "answer"]


class CheckResult(msgspec.Struct, frozen=True, kw_only=True):
    valid: Annotated[bool, Meta(description="True when there is no error; warnings may remain.")]
    errors: list[FieldError]
    warnings: list[FieldError]
    rules_version: Annotated[str, Meta(description="Short hash of the rules data that answered.")]


R = TypeVar("R", bound=CheckResult)


def answer(
    findings: Findings,
    rules_version: str,
    result_type: type[R] = CheckResult,  # type: ignore[assignment]
    **extra: Any,
) -> R:
    """``findings`` as a ``result_type``: the envelope, the check's extras, then ``extra``
    (which override an extra of the same name, e.g. the quote in its public form)."""
    return result_type(
        valid=not findings.errors,
        errors=findings.errors,
        warnings=findings.warnings,
        rules_version=rules_version,
        **{**findings.extras(), **extra},
    )
