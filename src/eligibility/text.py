"""Text folding shared by the indexes and the queries that read them."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold"]

_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Fold case, accents and punctuation: ``"Åland (îles)"`` -> ``"aland iles"``.

    Letters of every script are kept (``"北海道"`` stays as it is).
    """
    folded = text.casefold()
    if not folded.isascii():  # ASCII has no accents to strip: skip the slow part
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", folded).strip()
