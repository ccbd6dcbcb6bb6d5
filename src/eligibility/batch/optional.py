"""The optional dependencies of whole-file runs: Dask and pyarrow (``eligibility[dask]``).

Imported on first use, so the service and its image never need them; a run that asks
for them without them installed stops with a clear message (exit 2)."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["MissingExtra", "distributed", "pyarrow", "pyarrow_parquet"]


class MissingExtra(RuntimeError):
    """A run needs Dask or pyarrow, which are not installed."""


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise MissingExtra(
            f"{name} is not installed: pip install 'eligibility[dask]' (Dask, pyarrow)"
        ) from exc


def pyarrow() -> ModuleType:
    return _module("pyarrow")


def pyarrow_parquet() -> ModuleType:
    return _module("pyarrow.parquet")


def distributed() -> ModuleType:
    return _module("distributed")
