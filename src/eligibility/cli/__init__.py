"""The ``eligibility`` command: serve the API, check values and whole files, write the
OpenAPI spec, check the rules data."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from eligibility import __version__
from eligibility.checks import CHECKS
from eligibility.cli.common import settings_for
from eligibility.cli.files import add_check_file_command
from eligibility.cli.values import add_check_command
from eligibility.errors import RulesetError
from eligibility.ruleset import load_ruleset
from eligibility.settings import SettingsError

__all__ = ["main", "parser"]


def _serve(args: argparse.Namespace) -> int:
    from eligibility.server.serve import serve

    settings = settings_for(args.data_dir)
    load_ruleset(settings.data_dir)  # a bad file stops here, once, before any worker starts
    serve(settings, host=args.host, port=args.port, workers=args.workers)
    return 0


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


def parser() -> argparse.ArgumentParser:
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
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (RulesetError, SettingsError) as exc:
        print(f"eligibility: cannot start: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
