from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.app import create_app
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.settings import default_data_dir, load_settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
HOW_TO_RUN_SKIPPED = {
    "chromium": "make browser (Debian's chromium)",
    "shared/seeds": "check out ../shared beside this repository",
    "npm": "make postcode-sources",
    "redis": "make redis",
}
"""What each kind of skip needs; printed at the end of a run that skipped any."""


def seed_text(name: str) -> str:
    """A source document of ../shared/seeds: a skip without it, a failure in CI
    (``ELIGIBILITY_REQUIRE_SEEDS=1``, which .ci/run sets)."""
    path = SEEDS / name
    if not path.exists():
        if os.environ.get("ELIGIBILITY_REQUIRE_SEEDS") == "1":
            pytest.fail(f"shared/seeds/{name} is required (ELIGIBILITY_REQUIRE_SEEDS=1)")
        pytest.skip("shared/seeds is not beside this checkout")
    return path.read_text(encoding="utf-8")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: Any) -> Iterator[None]:
    """A run that skipped tests says so last (after pytest's short summary), with what
    would run them."""
    yield
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    reasons = " ".join(str(report.longrepr) for report in skipped)
    needs = [how for key, how in HOW_TO_RUN_SKIPPED.items() if key in reasons]
    terminalreporter.write_line(
        f"SKIPPED {len(skipped)} test(s): these did not run. To run them: "
        + ("; ".join(needs) or "see the SKIPPED lines above")
        + ". CI fails instead of skipping.",
        yellow=True,
        bold=True,
    )


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return default_data_dir()


@pytest.fixture(scope="session")
def ruleset(data_dir: Path) -> Ruleset:
    return load_ruleset(data_dir)


@pytest.fixture(scope="session")
def app(ruleset: Ruleset) -> Litestar:
    return create_app(load_settings({}), ruleset)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app) as client:
        yield client
