"""Message catalogues: every error code in English and French."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Final

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "load_catalogue", "render"]

LANGUAGES: Final = ("en", "fr")
DEFAULT_LANGUAGE: Final = "en"


@cache
def load_catalogue() -> dict[str, dict[str, str]]:
    """Read ``messages.toml`` once: message key -> language -> template.

    A key is an error code (``phone.too_long``), or a code and a variant for
    a second wording of the same code (``phone.too_long/cannot_fit``).
    """
    text = resources.files(__package__).joinpath("messages.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def render(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The message for ``key`` in ``lang`` (English when the language is unknown)."""
    templates = load_catalogue()[key]
    template = templates.get(lang) or templates[DEFAULT_LANGUAGE]
    return template.format(**params)
