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
    """Read ``messages.toml`` once: code -> language -> template."""
    text = resources.files(__package__).joinpath("messages.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def render(code: str, lang: str = DEFAULT_LANGUAGE, /, **params: str) -> str:
    """The message for ``code`` in ``lang`` (English when the language is unknown)."""
    templates = load_catalogue()[code]
    template = templates.get(lang) or templates[DEFAULT_LANGUAGE]
    return template.format(**params)
