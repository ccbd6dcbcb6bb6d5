"""Text folding shared by the indexes and the queries that read them."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold"]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Fold case, accents and punctuation: ``"Åland (îles)"`` -> ``"aland iles"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped).strip()
