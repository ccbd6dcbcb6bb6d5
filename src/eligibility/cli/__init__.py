"""The ``eligibility`` command: serve the API, check values and whole files, write the
OpenAPI spec, check the rules data."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from eligibility import __version__
from eligibility.checks import CHECKS
from eligibility.cli.common import settings_for
from eligibility.cli.files import add_check_file_command
from eligibility.cli.values import add_check_command
from eligibility.errors import RulesetError
from eligibility.logs import logging_config
from eligibility.ruleset import load_ruleset
from eligibility.settings import Settings, SettingsError

__all__ = ["main"]


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


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = settings_for(args.data_dir)
    load_ruleset(settings.data_dir)  # a bad file stops here, once, before any worker starts
    created = _metrics_dir()
    try:
        _run(uvicorn, args, settings)
    finally:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
    return 0


def _run(uvicorn: Any, args: argparse.Namespace, settings: Settings) -> None:
    from eligibility.server.connections import BoundedHttpToolsProtocol

    uvicorn.run(
        "eligibility.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
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


def _openapi(args: argparse.Namespace) -> int:
    from eligibility.api.spec import openapi_document
    from eligibility.app import create_app

    spec = openapi_document(create_app())
    text = json.dumps(spec, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def _check_data(args: argparse.Namespace) -> int:
    settings = settings_for(args.data_dir)
    ruleset = load_ruleset(settings.data_dir)
    print(
        f"{settings.data_dir}: ok, rules_version {ruleset.version}, {len(ruleset.markets)} markets"
    )
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eligibility", description=__doc__)
    parser.add_argument("--version", action="version", version=f"eligibility {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="worker processes (CPU count)"
    )
    serve.add_argument("--data-dir", type=Path, help="rules data (ELIGIBILITY_DATA_DIR)")
    serve.set_defaults(run=_serve)

    openapi = commands.add_parser("openapi", help="write the OpenAPI spec")
    openapi.add_argument("--output", default="-", help="file to write, - for stdout")
    openapi.set_defaults(run=_openapi)

    check = commands.add_parser("check-data", help="load and validate the rules data")
    check.add_argument("--data-dir", type=Path)
    check.set_defaults(run=_check_data)

    one = commands.add_parser(
        "check",
        help="check one value, as the API does (exit 1 when it is invalid)",
        description="Check one value with the rules the API uses; the answer is the API's.",
    )
    kinds = one.add_subparsers(dest="what", required=True)
    for declared in CHECKS:
        add_check_command(kinds, declared)

    add_check_file_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (RulesetError, SettingsError) as exc:
        print(f"eligibility: cannot start: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
