"""The ``eligibility`` command: serve the API, check values and whole files, write the
OpenAPI spec, check the rules data."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eligibility import __version__
from eligibility.errors import RulesetError
from eligibility.i18n import LANGUAGES
from eligibility.logs import logging_config
from eligibility.ruleset import load_ruleset
from eligibility.settings import Settings, SettingsError, load_settings

__all__ = ["main"]


def _settings(data_dir: Path | None) -> Settings:
    """Settings, ``--data-dir`` standing for ELIGIBILITY_DATA_DIR.

    It is set in the environment because the workers read their settings there.
    """
    if data_dir is not None:
        os.environ["ELIGIBILITY_DATA_DIR"] = str(data_dir)
    return load_settings()


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

    settings = _settings(args.data_dir)
    load_ruleset(settings.data_dir)  # a bad file stops here, once, before any worker starts
    created = _metrics_dir()
    try:
        _run(uvicorn, args, settings)
    finally:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
    return 0


def _run(uvicorn: Any, args: argparse.Namespace, settings: Settings) -> None:
    uvicorn.run(
        "eligibility.http.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        loop="uvloop",
        http="httptools",
        log_config=logging_config(settings.log_level, settings.log_format),
        access_log=False,
        server_header=False,
        # X-Forwarded-For is believed only from the proxies named here (none by default).
        proxy_headers=settings.forwarded_allow_ips is not None,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


def _openapi(args: argparse.Namespace) -> int:
    from eligibility.http.app import create_app
    from eligibility.http.spec import openapi_document

    spec = openapi_document(create_app())
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


def _print_findings(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print("valid" if result["valid"] else "invalid")
    for kind in ("errors", "warnings"):
        for finding in result[kind]:
            suggestion = finding.get("suggestion")
            tail = f" (suggestion: {suggestion})" if suggestion else ""
            print(
                f"  {kind[:-1]} {finding['field']}: {finding['code']}: {finding['message']}{tail}"
            )
    for key in ("market", "avs", "address", "cancellation", "tax_id"):
        if result.get(key):
            print(f"  {key}: " + ", ".join(f"{k} {v}" for k, v in result[key].items()))


def _check(args: argparse.Namespace) -> int:
    """One value, the same answer as the API's (and the market's facts for ``market``)."""
    import msgspec

    from eligibility.answers import (
        CancellationResult,
        CardAddressResult,
        CheckResult,
        TaxIdResult,
        answer,
    )
    from eligibility.rules.address import PlainAddress, check_card_address
    from eligibility.rules.cancellation import check_cancellation
    from eligibility.rules.findings import Findings
    from eligibility.rules.markets import check_reservation, find_market
    from eligibility.rules.phone import check_company_phone
    from eligibility.rules.tax_id import check_company_tax_id
    from eligibility.rules.warmup import warm_up

    ruleset = load_ruleset(_settings(args.data_dir).data_dir)
    result_type: type[CheckResult] = CheckResult
    findings: Findings
    extra: dict[str, Any] = {}
    if args.what == "cancellation":
        at = args.at if args.at is not None else datetime.now(UTC)
        findings = check_cancellation(ruleset, args.product, args.purchased_at, at, args.lang)
        result_type = CancellationResult
    elif args.what == "tax-id":
        findings = check_company_tax_id(ruleset, args.country, args.value, args.kind, args.lang)
        result_type = TaxIdResult
    elif args.what == "phone":
        warm_up(ruleset)
        findings = check_company_phone(ruleset, args.country, args.value, args.lang)
    elif args.what == "market":
        findings = check_reservation(ruleset, args.country, args.lang)
        if (market := find_market(ruleset, args.country)) is not None:
            extra["market"] = {
                "code": market.code,
                "reservations_available": market.reservations_available,
                "tax_inclusive_pricing": market.tax_inclusive_pricing,
            }
    else:
        billing = PlainAddress(
            country=args.country,
            region=args.region,
            city=args.city,
            postal_code=args.postal_code,
            line1=args.line1,
        )
        findings = check_card_address(ruleset, billing, lang=args.lang)
        result_type = CardAddressResult
    result = msgspec.to_builtins(answer(findings, ruleset.version, result_type)) | extra
    _print_findings(result, args.json)
    return 0 if findings.valid else 1


def _aware_time(text: str) -> datetime:
    """An RFC 3339 time with its UTC offset (``Z`` or ``+01:00``); refused without one."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an RFC 3339 time") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} has no UTC offset: write it as 2026-11-30T14:00:00+01:00 or ...Z"
        )
    return moment


def _mapping(pairs: list[str]) -> dict[str, str]:
    from eligibility.batch import COLUMNS

    mapping = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or name not in COLUMNS or not column:
            raise SettingsError(f"--map {pair!r}: expected NAME=COLUMN, NAME one of {COLUMNS}")
        mapping[name] = column
    return mapping


def _check_file(args: argparse.Namespace) -> int:
    import time

    from eligibility.batch import Summary, check_file, format_of

    settings = _settings(args.data_dir)
    ruleset = load_ruleset(settings.data_dir)
    try:
        fmt = format_of(args.input, args.format)
        output_fmt = format_of(args.output, args.output_format or fmt)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    if not args.input.is_file():
        raise SettingsError(f"{args.input}: no such file")
    started = time.perf_counter()
    last = [started]

    def plain(summary: Summary) -> None:
        now = time.perf_counter()
        if now - last[0] >= 5:
            last[0] = now
            rate = summary.rows / (now - started)
            print(f"check-file: {summary.rows:,} rows ({rate:,.0f} rows/s)", file=sys.stderr)

    def run(progress: Any) -> Summary:
        return check_file(
            args.input,
            args.output,
            ruleset,
            settings.data_dir,
            fmt=fmt,
            output_fmt=output_fmt,
            processes=args.processes,
            mapping=_mapping(args.map),
            id_column=args.id_column,
            progress=progress,
        )

    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with args.input.open("rb") as raw:  # a quick count of lines for the bar's total
            total = sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b""))
        columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("check-file", total=max(1, total - (fmt == "csv")))
            summary = run(lambda s: bar.update(task, completed=s.rows))
    else:
        summary = run(plain)
    seconds = time.perf_counter() - started
    top = ", ".join(f"{code} {count:,}" for code, count in summary.codes.most_common(10))
    print(
        f"check-file: {summary.rows:,} rows in {seconds:.1f} s ({summary.rows / seconds:,.0f}"
        f" rows/s): {summary.valid:,} valid, {summary.invalid:,} invalid, "
        f"{summary.unreadable:,} unreadable; wrote {args.output}",
        file=sys.stderr,
    )
    if top:
        print(f"check-file: top codes: {top}", file=sys.stderr)
    return 0 if summary.clean else 1


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
    cancel_help = (
        "whether an order can still be cancelled: check cancellation perpetual_software "
        "2026-10-13T09:30:00+02:00 [--at TIME]"
    )
    cancel = kinds.add_parser("cancellation", help=cancel_help, description=cancel_help)
    cancel.add_argument("product", help="perpetual_software, software_subscription, ...")
    cancel.add_argument("purchased_at", type=_aware_time, help="RFC 3339 with its UTC offset")
    cancel.add_argument("--at", type=_aware_time, help="the time to answer for (default: now)")
    for name, help_text in (
        ("cancellation", cancel_help),
        ("phone", "a company phone: check phone FR '+33 1 23 45 67 89'"),
        ("tax-id", "a company tax ID: check tax-id DE 'DE 136 695 976' [--kind eu_vat]"),
        ("market", "reservation eligibility: check market CN"),
        ("address", "a billing address: check address US --region WA --postal-code 98052 ..."),
    ):
        kind = (
            cancel
            if name == "cancellation"
            else kinds.add_parser(name, help=help_text, description=help_text)
        )
        if name != "cancellation":
            kind.add_argument("country", help="market, alpha-2 or alpha-3")
        if name == "phone":
            kind.add_argument("value", help="the phone as typed")
        if name == "tax-id":
            kind.add_argument("value", help="the VAT, GST or business number as typed")
            kind.add_argument("--kind", help="the kind the form asked for (eu_vat, br_cnpj...)")
        if name == "address":
            for option in ("--region", "--city", "--postal-code", "--line1"):
                kind.add_argument(option)
        kind.add_argument("--lang", choices=LANGUAGES, default="en")
        kind.add_argument("--json", action="store_true", help="the API's JSON answer")
        kind.add_argument("--data-dir", type=Path)
        kind.set_defaults(run=_check)

    files = commands.add_parser(
        "check-file",
        help="check every record of a CSV or JSON Lines file",
        description=(
            "Check every record of INPUT (CSV or JSON Lines) as the account-setup check does, "
            "on every core, and write one row per record to OUTPUT in input order. Columns: "
            "id, market, company_phone, company_tax_id, billing_country (default: market), "
            "billing_region, "
            "billing_city, billing_postal_code, billing_line1. Exit 0 when every row is "
            "valid, 1 when any is invalid or unreadable, 2 when the run cannot start."
        ),
    )
    files.add_argument("input", type=Path)
    files.add_argument("--output", "-o", type=Path, required=True)
    files.add_argument("--format", choices=("csv", "jsonl"), help="default: INPUT's extension")
    files.add_argument("--output-format", choices=("csv", "jsonl"), help="default: --format")
    files.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="NAME=COLUMN",
        help="read field NAME from column COLUMN (repeatable): --map company_phone=Phone",
    )
    files.add_argument("--id-column", default="id", help="the column copied to the output (id)")
    files.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="worker processes (CPU count)"
    )
    files.add_argument("--data-dir", type=Path)
    files.set_defaults(run=_check_file)
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
