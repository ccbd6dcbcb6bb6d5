"""Accept-Language negotiation (RFC 9110 12.5.4) over the languages we have."""

from __future__ import annotations

import pytest

from eligibility.i18n import negotiate


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "en"),
        ("", "en"),
        ("fr", "fr"),
        ("FR", "fr"),
        ("fr-CA", "fr"),
        ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr"),
        ("en-GB,en;q=0.9,fr;q=0.8", "en"),
        ("de-DE,de;q=0.9,fr;q=0.5", "fr"),
        ("de", "en"),
        ("en;q=0.2, fr;q=0.8", "fr"),
        ("fr;q=0.8, en;q=0.8", "fr"),  # a tie goes to the first range
        ("fr;q=0", "en"),
        ("*", "en"),
        ("en;q=0, *;q=0.5", "fr"),
        ("fr;q=0, *", "en"),
        ("fr;q=abc, en;q=0.1", "en"),  # a malformed q-value drops its range
        ("fr;q=2", "en"),
        ("fr;level=1", "fr"),
        (" , ;q=1, fr", "fr"),
        ("x" * 10_000 + ",fr", "en"),  # not read past 512 characters
    ],
)
def test_negotiation(header: str | None, lang: str) -> None:
    assert negotiate(header) == lang
