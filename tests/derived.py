"""Committed data files compared with what their builder (derive/) writes from its source."""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from derive import postcode_codes as build_postcode_codes
from eligibility.ruleset import LISTS_FILE

__all__ = ["assert_committed_as_derived"]


def assert_committed_as_derived(
    data_dir: Path, expected: Callable[[], dict[str, list[str]]]
) -> None:
    """Each file the builder would write is the committed one, line for line; without
    the builder's source package a skip, a failure in CI."""
    try:
        files = expected()
    except build_postcode_codes.SourceMissing as missing:
        if os.environ.get("ELIGIBILITY_REQUIRE_POSTCODE_SOURCES") == "1":
            pytest.fail(str(missing))
        pytest.skip(f"{missing} (requirements/postcode-sources.txt)")
    for name, lines in files.items():
        committed = gzip.decompress((data_dir / LISTS_FILE.parent / name).read_bytes())
        assert committed.decode().splitlines() == lines, f"{name}: run make postcodes"
