"""Every error code has a message in every language, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from eligibility.errors import ErrorCode, ProblemCode
from eligibility.i18n import LANGUAGES, load_catalogue


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", [*ErrorCode, *ProblemCode])
def test_every_code_has_a_message(code: ErrorCode | ProblemCode) -> None:
    assert code.value in load_catalogue(), f"{code.value} has no messages"


@pytest.mark.parametrize("key", sorted(load_catalogue()))
def test_message_is_in_every_language_with_the_same_placeholders(key: str) -> None:
    templates = load_catalogue()[key]
    assert set(templates) == set(LANGUAGES)
    assert all(t.strip() for t in templates.values())
    assert len({frozenset(_placeholders(t)) for t in templates.values()}) == 1


@pytest.mark.parametrize("key", sorted(load_catalogue()))
def test_every_message_belongs_to_a_code_or_is_a_problem_detail(key: str) -> None:
    codes = {c.value for c in (*ErrorCode, *ProblemCode)}
    assert key.partition("/")[0] in codes or key.startswith("problem.")
