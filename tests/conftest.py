from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.app import create_app
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.settings import default_data_dir, load_settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


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
