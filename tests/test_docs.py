"""The README documents every error code the API can return."""

from __future__ import annotations

import pytest

from eligibility.errors import ErrorCode, ProblemCode
from tests.conftest import ROOT


@pytest.mark.parametrize("code", list(ErrorCode))
def test_readme_lists_every_error_code(code: ErrorCode) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"| `{code.value}` |" in readme


@pytest.mark.parametrize("code", list(ProblemCode))
def test_readme_lists_every_problem_code(code: ProblemCode) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"| `{code.value}` | 4" in readme
