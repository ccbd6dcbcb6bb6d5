"""``eligibility check NAME``: one value, the same answer as the API's.

Every declared check (``eligibility.checks``) is a command: its arguments fill its
request, which is read as the API reads a body (the same problems, worded the
same way), and the answer is the API's, with the rules data's facts beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from eligibility.checks import Check
from eligibility.cli.common import settings_for
from eligibility.i18n import LANGUAGES
from eligibility.ruleset import load_ruleset

__all__ = ["add_check_command", "check_value", "request_body"]


def add_check_command(commands: Any, check: Check) -> None:
    """``eligibility check <check.command>`` with the check's declared arguments."""
    help_text = check.cli_help or check.summary
    command = commands.add_parser(
        check.command, aliases=list(check.aliases), help=help_text, description=help_text
    )
    for arg in check.cli:
        command.add_argument(arg.flag, help=arg.help)
    command.add_argument("--lang", choices=LANGUAGES, default="en")
    command.add_argument("--json", action="store_true", help="the API's JSON answer")
    command.add_argument("--data-dir", type=Path)
    command.set_defaults(run=check_value, check=check)


def _dest(flag: str) -> str:
    return flag.removeprefix("--").replace("-", "_")


def request_body(check: Check, args: argparse.Namespace) -> dict[str, Any]:
    """The request body the arguments make: dotted paths nested, a field left out stands in
    by its declared default (another field's value)."""
    given = {arg.path: getattr(args, _dest(arg.flag)) for arg in check.cli}
    for arg in check.cli:
        if given[arg.path] is None and arg.default is not None:
            given[arg.path] = given.get(arg.default)
    body: dict[str, Any] = {}
    for path, value in given.items():
        if value is None:
            continue
        *parents, name = path.split(".")
        node = body
        for parent in parents:
            node = node.setdefault(parent, {})
        node[name] = value
    return body


def _print_findings(result: dict[str, Any], facts: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(result | facts, ensure_ascii=False))
        return
    print("valid" if result["valid"] else "invalid")
    for kind in ("errors", "warnings"):
        for finding in result[kind]:
            suggestion = finding.get("suggestion")
            tail = f" (suggestion: {suggestion})" if suggestion else ""
            print(
                f"  {kind[:-1]} {finding['field']}: {finding['code']}: {finding['message']}{tail}"
            )
    for key, value in result.items():  # the check's own extras: avs, address, tax_id...
        if isinstance(value, dict) and value:
            plain = {k: v for k, v in value.items() if not isinstance(v, list)}
            print(f"  {key}: " + ", ".join(f"{k} {_words(v)}" for k, v in plain.items()))
            for name, items in value.items():
                if isinstance(items, list):
                    for item in items:  # a ticket's lines: one a line
                        print(f"    {name}: " + " | ".join(_words(v) for v in item.values()))
    if facts:
        print("  facts: " + ", ".join(f"{k} {_words(v)}" for k, v in facts.items()))


def _words(value: Any) -> str:
    """A value as a person reads it: yes/no, none, ``11 days 21 hours``."""
    if value is True or value is False:
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, dict):
        return " ".join(f"{v} {k}" for k, v in value.items())
    return str(value)


def check_value(args: argparse.Namespace) -> int:
    """One value, the same answer as the API's; exit 1 when it is invalid, 2 when the
    arguments cannot make a request."""
    import msgspec

    from eligibility.api.problems import found_fields
    from eligibility.api.validation import body_problems
    from eligibility.rules.warmup import warm_up

    check: Check = args.check
    body = request_body(check, args)
    try:
        request = msgspec.convert(body, check.request, strict=False)
    except msgspec.ValidationError:
        for problem in found_fields(body_problems(body, check.request), args.lang):
            print(f"eligibility: {problem.field}: {problem.message}", file=sys.stderr)
        return 2
    ruleset = load_ruleset(settings_for(args.data_dir).data_dir)
    warm_up(ruleset)
    result = msgspec.to_builtins(check.answer(ruleset, request, args.lang))
    facts = check.facts(ruleset, request) if check.facts is not None else {}
    _print_findings(result, facts, args.json)
    return 0 if result["valid"] else 1
