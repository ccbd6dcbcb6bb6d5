"""Debian's chromium for the browser tests, or a skip (a failure in CI).

`.ci/run` installs chromium and sets ELIGIBILITY_REQUIRE_BROWSER=1, so in CI a
missing browser fails instead of skipping. Import this module first in a browser
test module: it skips the module when there is no browser.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

CHROMIUM = os.environ.get("ELIGIBILITY_CHROMIUM") or shutil.which("chromium")
if CHROMIUM is None:
    if os.environ.get("ELIGIBILITY_REQUIRE_BROWSER") == "1":
        pytest.fail("chromium is required (apt-get install chromium)", pytrace=False)
    pytest.skip("chromium is not installed", allow_module_level=True)

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

__all__ = ["CHROMIUM", "chromium"]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # No calls home: the pages must work with nothing but the server.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
