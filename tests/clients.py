"""A test client whose requests come from a given address (Litestar's own says ``testclient``,
which is no address at all)."""

from __future__ import annotations

from typing import Any

from httpx import Request
from litestar import Litestar
from litestar.testing import TestClient
from litestar.testing.transport import TestClientTransport


class _TransportAt(TestClientTransport[Any]):
    def __init__(self, host: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.host = host

    def parse_request(self, request: Request) -> dict[str, Any]:
        scope = super().parse_request(request)
        scope["client"] = (self.host, 50000)
        return scope


def client_at(app: Litestar, host: str) -> TestClient[Litestar]:
    """A TestClient for ``app`` whose requests come from ``host`` (an IPv4 or IPv6 address)."""
    client = TestClient(app)
    client._transport = _TransportAt(host, client=client, raise_server_exceptions=True)
    return client
