"""The order rules' files: the cancellation policy."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import msgspec

from eligibility.ruleset.files import DataFile, Loaded, Source, Strict, check

__all__ = ["FILES", "CancellationPolicy", "ProductPolicy"]

Credit = Literal["full", "prorated", "none"]


class ProductPolicy(Strict):
    product: str
    """A stable name (``perpetual_software``): what requests send."""
    cancellable: bool
    credit: Credit
    """What cancelling within the window gives back, as the seed says it."""
    name_en: str
    name_fr: str
    seed_span: str


class CancellationFile(Strict):
    source: Source
    as_of: date
    note: str
    window_days: int
    products: list[ProductPolicy]


class CancellationPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """The cancellation window and what it applies to, as loaded."""

    window: timedelta
    window_days: int
    products: dict[str, ProductPolicy]
    """Product name -> its policy, in the file's order."""
    source: Source
    source_text: str
    """The source as an answer cites it: title, section and date."""


_PRODUCT = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _index_cancellation(path: Path, policy: CancellationFile, loaded: Loaded) -> dict[str, Any]:
    check(0 < policy.window_days <= 3660, path, "window_days must be 1..3660")
    products: dict[str, ProductPolicy] = {}
    for entry in policy.products:
        check(bool(_PRODUCT.fullmatch(entry.product)), path, f"bad product name {entry.product!r}")
        check(entry.product not in products, path, f"{entry.product} is listed twice")
        check(
            entry.cancellable == (entry.credit != "none"),
            path,
            f"{entry.product}: a cancellable product gives a credit, and only one does",
        )
        products[entry.product] = entry
    check(bool(products), path, "no product")
    return {
        "cancellation": CancellationPolicy(
            window=timedelta(days=policy.window_days),
            window_days=policy.window_days,
            products=products,
            source=policy.source,
            source_text=(
                f"{policy.source.title}, {policy.source.section} "
                f"({policy.source.published.isoformat()})"
            ),
        )
    }


FILES: tuple[DataFile[Any], ...] = (
    DataFile("cancellation_policy.json", CancellationFile, _index_cancellation),
)
