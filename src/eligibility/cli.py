"""The ``eligibility`` command: serve the API, write the OpenAPI spec, check data."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from eligibility import __version__
from eligibility.errors import RulesetError
from eligibility.ruleset import load_ruleset
from eligibility.settings import Settings, SettingsError, load_settings

__all__ = ["logging_config", "main"]


def logging_config(level: str) -> dict[str, Any]:
    """Plain text logs to stderr; uvicorn's access log is replaced by ours (no query strings)."""
    handler = {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
        "handlers": {"stderr": handler},
        "loggers": {
            "eligibility": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }


def _settings(data_dir: Path | None) -> Settings:
    """Settings, ``--data-dir`` standing for ELIGIBILITY_DATA_DIR.

    It is set in the environment because the workers read their settings there.
    """
    if data_dir is not None:
        os.environ["ELIGIBILITY_DATA_DIR"] = str(data_dir)
    return load_settings()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args.data_dir)
    load_ruleset(settings.data_dir)  # a bad file stops here, once, before any worker starts
    uvicorn.run(
        "eligibility.http.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        loop="uvloop",
        http="httptools",
        log_config=logging_config(settings.log_level),
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from eligibility.http.app import create_app

    spec = create_app().openapi_schema.to_schema()
    text = json.dumps(spec, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def _check_data(args: argparse.Namespace) -> int:
    settings = _settings(args.data_dir)
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
