"""A Python client generated from the committed spec by openapi-python-client, used
against the app: its method names, its handling of optional headers, and a code the
spec does not list yet (the error-code enums are open)."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.checks import CHECKS
from tests.conftest import ROOT

PACKAGE = "eligibility_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("client")
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(ROOT / "openapi" / "openapi.json"),
            "--meta",
            "none",
        ],
        cwd=out,
        capture_output=True,
        text=True,
        # Its post-hooks run ruff from PATH.
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(out))
    try:
        yield out / PACKAGE
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_generated_methods_read_as_the_operations_do(generated: Path) -> None:
    methods = {
        f"{tag.name}.{module.stem}"
        for tag in (generated / "api").iterdir()
        if tag.is_dir() and not tag.name.startswith("_")
        for module in tag.glob("*.py")
        if module.stem != "__init__"
    }
    declared = {
        f"{check.tag}.{re.sub(r'(?<!^)(?=[A-Z])', '_', check.operation_id).lower()}"
        for check in CHECKS
    }
    assert methods == {
        "service.get_health",
        "service.get_readiness",
        "markets.list_markets",
        "markets.get_market",
        "markets.get_market_form",
        "markets.get_postal_code",
        "checks.check_batch",
        *declared,
    }
    assert "checks.check_company_tax_id" in methods
    assert "pricing.quote_price" in methods


def test_a_code_added_after_the_client_was_generated_still_parses(generated: Path) -> None:
    models = _module("models")
    result = models.CheckResult.from_dict(
        {
            "valid": False,
            "errors": [
                {"field": "phone", "code": "phone.too_long", "message": "m", "suggestion": None},
                {
                    "field": "phone",
                    "code": "phone.added_next_year",
                    "message": "m",
                    "suggestion": None,
                },
            ],
            "warnings": [],
            "rules_version": "x",
        }
    )
    known, future = result.errors
    assert known.code == models.ErrorCode.PHONE_TOO_LONG
    assert future.code == "phone.added_next_year"
    problem = models.Problem.from_dict(
        {
            "type": "about:blank",
            "title": "Bad Request",
            "status": 400,
            "detail": "d",
            "errors": [{"field": "body", "code": "request.added_next_year", "message": "m"}],
        }
    )
    assert problem.errors[0].code == "request.added_next_year"


def test_the_generated_client_talks_to_the_app(generated: Path, app: Litestar) -> None:
    client_module = _module("client")
    models = _module("models")
    phone = _module("api.checks.check_company_phone")
    quote = _module("api.pricing.quote_price")
    market = _module("api.markets.get_market")
    with TestClient(app) as http:
        client = client_module.Client(base_url="http://testserver.local")
        client.set_httpx_client(http)
        body = models.CompanyPhoneRequest(country="AU", phone="+61 2 9374 4000")
        # No Accept-Language: the header is optional and simply not sent.
        english = phone.sync(client=client, body=body)
        assert [e.code for e in english.errors] == [
            models.ErrorCode.PHONE_INVALID_CHARACTERS,
            models.ErrorCode.PHONE_COUNTRY_CODE_INCLUDED,
            models.ErrorCode.PHONE_TOO_LONG,
        ]
        french = phone.sync(client=client, body=body, accept_language="fr")
        assert french.errors[0].message.startswith("Utilisez uniquement des chiffres")
        priced = quote.sync(
            client=client, body=models.QuoteRequest(market="AU", amount="110.00", currency="AUD")
        )
        assert (priced.valid, priced.quote.tax.amount) == (True, "10.00")
        refused = quote.sync(
            client=client, body=models.QuoteRequest(market="ZZ", amount="1.5", currency="JPY")
        )
        assert [e.code for e in refused.errors] == [
            models.ErrorCode.MARKET_UNKNOWN,
            models.ErrorCode.AMOUNT_TOO_MANY_DECIMALS,
        ]
        missing = market.sync(client=client, code="ZZ")
        assert isinstance(missing, models.Problem)
        assert missing.errors[0].code == models.ProblemCode.MARKET_UNKNOWN
