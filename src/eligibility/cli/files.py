"""``eligibility check-file``: a whole customer list, with progress and a summary."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from eligibility.cli.common import settings_for
from eligibility.ruleset import load_ruleset
from eligibility.settings import SettingsError

__all__ = ["check_file_command"]


def _mapping(pairs: list[str], check: str) -> dict[str, str]:
    from eligibility.checks import check_named

    names = [column.name for column in check_named(check).columns]
    mapping = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or name not in names or not column:
            raise SettingsError(
                f"--map {pair!r}: expected NAME=COLUMN, NAME one of {', '.join(names)}"
            )
        mapping[name] = column
    return mapping


def check_file_command(args: argparse.Namespace) -> int:
    from eligibility.batch import ColumnsProblem, Summary, check_file, format_of
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
        )

    try:
        if args.engine == "dask" or args.scheduler:
            summary = _on_cluster(run, args, settings.data_dir, fmt, plain)
        else:
            summary = _with_progress(run, args, fmt, plain)
    except (ColumnsProblem, MissingExtra) as exc:
        raise SettingsError(f"{args.input}: {exc}") from None
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
    try:
        return format_of(output, None)
    except ValueError:
        return input_fmt


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
