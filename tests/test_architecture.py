"""The rules know nothing of HTTP: importing them must not import Litestar."""

from __future__ import annotations

import subprocess
import sys


def test_rules_import_no_web_framework() -> None:
    code = (
        "import sys\n"
        "import eligibility.rules.markets, eligibility.rules.pricing, eligibility.ruleset\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'litestar', 'uvicorn'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
