"""Text as it is compared and as it was meant: folding shared by the indexes and the
queries that read them, and typed values read the way the person meant them."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["as_meant", "fold"]

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


_SPACE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc"})


def as_meant(value: str) -> str:
    """``value`` as the person meant it: every Unicode space (narrow no-break, thin,
    no-break) a space, every dash a hyphen, invisible characters (zero-width, soft
    hyphen) dropped, full-width and other scripts' digits as 0-9, no ``tel:``."""
    if not value.isascii():
        kept = []
        for ch in unicodedata.normalize("NFKC", value):
            category = unicodedata.category(ch)
            if category == "Nd":
                kept.append(str(unicodedata.decimal(ch)))
            elif category in _SPACE_CATEGORIES:
                kept.append(" ")
            elif category == "Pd" or ch == "\u2212":
                kept.append("-")
            elif category != "Cf":
                kept.append(ch)
        value = "".join(kept)
    stripped = value.lstrip()
    if stripped[:4].lower() == "tel:":
        value = stripped[4:]
    return value
