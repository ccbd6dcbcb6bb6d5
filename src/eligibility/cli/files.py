"""``eligibility check-file``: a whole customer list, with progress and a summary."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from eligibility.checks import CHECKS, Check
from eligibility.cli.common import settings_for
from eligibility.ruleset import load_ruleset
from eligibility.settings import SettingsError

__all__ = ["add_check_file_command", "check_file_command"]


def _mapping(pairs: list[str], check: str) -> dict[str, str]:
    from eligibility.checks import check_named

    names = [column.name for column in check_named(check).columns]
    mapping = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or name not in names or not column:
            raise SettingsError(
                f"--map {pair}: expected NAME=COLUMN, where NAME is one of {', '.join(names)}"
            )
        mapping[name] = column
    return mapping


def _description(default: Check) -> str:
    return (
        "Check every record of INPUT (CSV, JSON Lines or Parquet) with a check (--check; "
        "account_setup by default), on every core or a Dask cluster, and write one row "
        "per record to OUTPUT in input order. The account-setup check's columns: "
        + ", ".join(
            f"{c.name}{' (required)' if c.required else ''}"
            + (f" (default: {c.default})" if c.default else "")
            for c in default.columns
        )
        + "; --map reads a field from another column (a CSV without a required one stops "
        "before its first row, naming it), and every row carries an id (--id-column). "
        "Output rows carry each finding's field, code and message; cells a spreadsheet "
        "would run as a formula are neutralised. Exit 0 when every row is valid, 1 when "
        "any is invalid or unreadable, 2 when the run cannot start."
    )


def add_check_file_command(commands: Any) -> None:
    """``eligibility check-file`` and its options; the checks a file can be read for are
    the declared checks with file columns."""
    for_files = [declared for declared in CHECKS if declared.columns]
    default = for_files[[c.name for c in for_files].index("account_setup")]
    files = commands.add_parser(
        "check-file",
        help="check every record of a CSV, JSON Lines or Parquet file",
        description=_description(default),
    )
    files.add_argument(
        "--check",
        choices=[c.name for c in for_files],
        default=default.name,
        help="the check each record answers (default: account_setup)",
    )
    files.add_argument("input", type=Path)
    files.add_argument("--output", "-o", type=Path, required=True)
    formats = ("csv", "jsonl", "parquet")
    files.add_argument("--format", choices=formats, help="default: INPUT's extension")
    files.add_argument(
        "--output-format",
        choices=formats,
        help="default: OUTPUT's extension (.csv, .jsonl, .parquet), else INPUT's format",
    )
    files.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: worker processes here; dask: a Dask cluster (eligibility[dask])",
    )
    files.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="an existing Dask cluster's scheduler (tcp://host:8786); implies --engine dask",
    )
    files.add_argument(
        "--delimiter",
        help="the CSV's delimiter (default: the one its header line uses: , ; tab or |)",
    )
    files.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="NAME=COLUMN",
        help="read field NAME from column COLUMN (repeatable): --map company_phone=Phone",
    )
    files.add_argument("--id-column", default="id", help="the column copied to the output (id)")
    files.add_argument(
        "--ignore-unknown-columns",
        action="store_true",
        help="check a file whose header has columns the check does not read (by default "
        "such a file stops before its first row, naming each with the column it may mean)",
    )
    files.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes, here or in the local Dask cluster (CPU count)",
    )
    files.add_argument("--data-dir", type=Path)
    files.set_defaults(run=check_file_command)


def check_file_command(args: argparse.Namespace) -> int:
    from eligibility.batch import ColumnsProblem, Summary, check_file, format_of
    from eligibility.batch.cluster import SchedulerUnreachable
    from eligibility.batch.optional import MissingExtra

    settings = settings_for(args.data_dir)
    ruleset = load_ruleset(settings.data_dir)
    try:
        fmt = format_of(args.input, args.format)
        output_fmt = _output_format(args.output, args.output_format, fmt)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    if not args.input.is_file():
        raise SettingsError(f"{args.input}: no such file")
    if _same_file(args.input, args.output):
        raise SettingsError(f"{args.output}: the output would overwrite the input")
    started = time.perf_counter()
    last = [started]

    def plain(summary: Summary) -> None:
        now = time.perf_counter()
        if now - last[0] >= 5:
            last[0] = now
            rate = summary.rows / (now - started)
            print(f"check-file: {summary.rows:,} rows ({rate:,.0f} rows/s)", file=sys.stderr)

    def run(progress: Any, runner: Any = None) -> Summary:
        return check_file(
            args.input,
            args.output,
            ruleset,
            settings.data_dir,
            fmt=fmt,
            output_fmt=output_fmt,
            processes=args.processes,
            mapping=_mapping(args.map, args.check),
            id_column=args.id_column,
            delimiter=args.delimiter,
            progress=progress,
            runner=runner,
            check=args.check,
            ignore_unknown=args.ignore_unknown_columns,
        )

    try:
        if args.engine == "dask" or args.scheduler:
            summary = _on_cluster(run, args, settings.data_dir, fmt, plain)
        else:
            summary = _with_progress(run, args, fmt, plain)
    except (ColumnsProblem, MissingExtra) as exc:
        raise SettingsError(f"{args.input}: {exc}") from None
    except SchedulerUnreachable as exc:
        raise SettingsError(str(exc)) from None
    except OSError as exc:
        raise SettingsError(f"{exc.filename or args.output}: {exc.strerror or exc}") from None
    return _report(summary, args, started)


def _on_cluster(run: Any, args: argparse.Namespace, data_dir: Path, fmt: str, plain: Any) -> Any:
    """The run on a Dask cluster: ``--scheduler``'s, or a local one of ``--processes``."""
    from eligibility.batch.cluster import check_records_on, cluster_client

    with cluster_client(args.scheduler, args.processes) as client:
        where = args.scheduler or f"a local cluster of {args.processes} worker processes"
        print(f"check-file: on {where}", file=sys.stderr)
        return _with_progress(
            lambda progress: run(progress, lambda rows: check_records_on(client, rows, data_dir)),
            args,
            fmt,
            plain,
        )


def _output_format(output: Path, given: str | None, input_fmt: str) -> Any:
    """``--output-format``, else the output's extension, else the input's format."""
    from eligibility.batch import format_of

    if given:
        return format_of(output, given)
    if not output.suffix:
        return input_fmt
    try:
        return format_of(output, None)
    except ValueError:
        raise ValueError(
            f"{output}: cannot write a {output.suffix} file; name it .csv, .jsonl or .parquet, "
            "or say --output-format"
        ) from None


def _same_file(source: Path, output: Path) -> bool:
    try:
        return output.exists() and os.path.samefile(source, output)
    except OSError:
        return source.resolve() == output.resolve()


def _with_progress(run: Any, args: argparse.Namespace, fmt: str, plain: Any) -> Any:
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
    return summary


def _report(summary: Any, args: argparse.Namespace, started: float) -> int:
    seconds = max(time.perf_counter() - started, 1e-9)
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
