"""``eligibility serve``: uvicorn with the service's protocol, logging and metrics directory.

The command line checks the settings and the rules first (a bad file stops start-up
once, before any worker starts), then calls ``serve``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from eligibility.logs import logging_config
from eligibility.settings import Settings

__all__ = ["APP_FACTORY", "serve"]

APP_FACTORY = "eligibility.app:create_app"
"""What each worker builds its app with (a name: the server imports no app)."""


def _metrics_dir() -> Path | None:
    """Where the workers' metrics meet (prometheus-client's multiprocess mode).

    ``PROMETHEUS_MULTIPROC_DIR`` if set, emptied of a previous run's files; else a
    new temporary directory, returned to be removed at exit. Set before any
    worker imports prometheus-client.
    """
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        for old in path.glob("*.db"):
            old.unlink()
        return None
    created = Path(tempfile.mkdtemp(prefix="eligibility-metrics-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(created)
    return created


def serve(settings: Settings, *, host: str, port: int, workers: int) -> None:
    """Serve ``APP_FACTORY`` on ``host:port`` with ``workers`` processes until stopped."""
    created = _metrics_dir()
    try:
        _run(settings, host=host, port=port, workers=workers)
    finally:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)


def _run(settings: Settings, *, host: str, port: int, workers: int) -> None:
    import uvicorn

    from eligibility.server.connections import BoundedHttpToolsProtocol

    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        # httptools with deadlines, header limits and a connection cap (server/connections.py).
        http=BoundedHttpToolsProtocol,
        log_config=logging_config(settings.log_level, settings.log_format),
        access_log=False,
        server_header=False,
        # X-Forwarded-For is believed only from the proxies named here (none by default).
        proxy_headers=settings.forwarded_allow_ips is not None,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
