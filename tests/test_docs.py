"""The README documents every error code the API can return."""

from __future__ import annotations

import pytest

from eligibility.errors import ErrorCode
from tests.conftest import ROOT


@pytest.mark.parametrize("code", list(ErrorCode))
def test_readme_lists_every_error_code(code: ErrorCode) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"| `{code.value}` |" in readme
