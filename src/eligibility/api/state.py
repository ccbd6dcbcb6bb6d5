"""The API's typed state: what its handlers read, set once by ``create_app``.

The server's own state (metrics, drain, readiness) is ``server/state.py``'s."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from litestar import Litestar, Request

from eligibility.registers import Register
from eligibility.ruleset import Ruleset

if TYPE_CHECKING:
    from eligibility.api.catalogue import EncodedCatalogue
    from eligibility.server.ratelimit import ItemCounter

__all__ = ["AppState", "app_state", "request_state"]

_KEY = "eligibility"


@dataclass(slots=True)
class AppState:
    ruleset: Ruleset
    catalogues: dict[str, EncodedCatalogue]
    """Language -> the encoded market catalogue."""
    cache_control: bytes
    """The ``Cache-Control`` of catalogue answers."""
    item_counter: ItemCounter | None = None
    """Counts a batch's items against the client's rate limit (None: no limit)."""
    register: Register | None = None
    """Where a tax ID's registration is asked (VIES); None: offline only."""

    def install(self, app: Litestar) -> None:
        app.state[_KEY] = self


def app_state(app: Litestar) -> AppState:
    return cast(AppState, app.state[_KEY])


def request_state(request: Request[Any, Any, Any]) -> AppState:
    return cast(AppState, request.app.state[_KEY])
