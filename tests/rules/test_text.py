"""fold: the one normalisation shared by the search indexes and the checks."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eligibility.text import fold


def _reference(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", " ", stripped).strip()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Åland (îles)", "aland iles"),
        ("  Côte d'Ivoire ", "cote d ivoire"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("北海道", "北海道"),
        ("500 Pine St.", "500 pine st"),
        ("___", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text())
def test_the_ascii_fast_path_folds_like_the_full_normalisation(text: str) -> None:
    assert fold(text) == _reference(text)
