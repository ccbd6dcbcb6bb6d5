"""What a check is: one declaration that everything listing checks iterates.

A :class:`Check` names the check once (route, operationId, metric label, command
line), says what it reads (its request Struct), how it answers (its rule, called
one way: ``run(ruleset, request, lang) -> Findings``, and its result Struct), and
carries its named examples, command-line arguments and file columns. The routes
(``api/checks.py``), ``eligibility check``, the batch runner and check-file, the
OpenAPI tags and examples, and the bench iterate :data:`eligibility.checks.CHECKS`.

Nothing here imports a framework: the API turns a declaration into a route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import msgspec

from eligibility.answers import CheckResult, answer
from eligibility.registers import Register, verified
from eligibility.rules.findings import Findings
from eligibility.ruleset import Ruleset

__all__ = ["Arg", "Case", "Check", "Column"]


class Case(NamedTuple):
    """One named example: a request body and the summary of what it answers."""

    request: str
    """The request example's summary."""
    answer: str
    """The response example's summary."""
    body: dict[str, Any]


class Arg(NamedTuple):
    """An argument of ``eligibility check NAME``: positional unless ``flag`` starts with ``--``."""

    flag: str
    path: str
    """The request field it fills, dotted for a nested one (``billing_address.city``)."""
    help: str
    default: str | None = None
    """Another request field whose value stands in when this one is not given."""


class Column(NamedTuple):
    """A column of a customer file that fills a request field (check-file, batch)."""

    name: str
    path: str
    """The request field, dotted for a nested one (``billing_address.city``)."""
    required: bool = False
    """A file without this column stops before its first row."""
    default: str | None = None
    """Another column whose value stands in when this one is blank."""
    synonyms: tuple[str, ...] = ()
    """Headers that name this column in files people have (``zip`` for a postal code):
    offered as ``--map`` when the column is missing."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """One check, declared once."""

    name: str
    """One name in every layer: the metric label, ``eligibility check`` (with hyphens)."""
    path: str
    operation_id: str
    summary: str
    description: str
    request: type[msgspec.Struct]
    result: type[CheckResult]
    run: Callable[[Ruleset, Any, str], Findings]
    """The rule, called one way: (ruleset, decoded request, language) -> findings."""
    examples: tuple[Case, ...]
    tag: str = "checks"
    response_description: str = "The check result: `valid` is false when any error is found."
    cli_help: str = ""
    cli: tuple[Arg, ...] = ()
    aliases: tuple[str, ...] = ()
    """Other names ``eligibility check`` accepts (the names it had before)."""
    columns: tuple[Column, ...] = ()
    """The file columns check-file reads for this check; none: not offered for files."""
    present: Callable[[Any], dict[str, Any]] | None = None
    """Extras in their public form, overriding the findings' own (a Decimal quote as strings)."""
    facts: Callable[[Ruleset, Any], dict[str, bool | None]] | None = None
    """What the rules data says of the request beside the findings (a market's facts), for
    the command line and file rows; never part of the API's answer."""
    fact_names: tuple[str, ...] = ()
    """The names ``facts`` answers, in the order a file's row writes them."""

    @property
    def command(self) -> str:
        """The name on the command line."""
        return self.name.replace("_", "-")

    def answer(
        self, ruleset: Ruleset, request: Any, lang: str, register: Register | None = None
    ) -> CheckResult:
        """The check's answer to one decoded request: the envelope and its extras; a tax
        ID's registration asked of ``register`` where one is given (VIES)."""
        findings = self.run(ruleset, request, lang)
        if register is not None:
            findings = verified(findings, register)
        extra = self.present(findings) if self.present is not None else {}
        return answer(findings, ruleset.version, self.result, **extra)
