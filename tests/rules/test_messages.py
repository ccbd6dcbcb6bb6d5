"""Every error code has a message in every language, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from eligibility.errors import ErrorCode
from eligibility.i18n import LANGUAGES, load_catalogue


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", list(ErrorCode))
def test_code_has_a_message_in_every_language(code: ErrorCode) -> None:
    templates = load_catalogue().get(code.value)
    assert templates is not None, f"{code.value} has no messages"
    assert set(templates) == set(LANGUAGES)
    assert all(t.strip() for t in templates.values())
    assert len({frozenset(_placeholders(t)) for t in templates.values()}) == 1


def test_catalogue_has_no_message_for_a_code_that_does_not_exist() -> None:
    assert set(load_catalogue()) == {c.value for c in ErrorCode}
