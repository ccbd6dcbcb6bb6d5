"""`make realdata`: the company tax ID check over real, published numbers.

The numbers are python-stdnum's own test data: in its source distribution, every
test file lists numbers "found online" that "should all be valid numbers", block by
block, each followed by the module that must accept them. This script downloads the
source distribution of the installed version (pip, from PyPI), reads those blocks,
routes each number to the market whose kind uses that module (an EU VAT number by
its prefix), and runs it through `check_company_tax_id`:

- a **false error** is a real number the check refuses (the run fails on any);
- a **typo** is the number with one digit changed: each number gives one typo per
  digit position (the next digit, mod 10); the share the check catches is reported,
  100% where the kind's checksum guarantees it.

Writes docs/realdata_tax_ids.md.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
import stdnum

from eligibility.rules.tax_id import check_company_tax_id
from eligibility.ruleset import Ruleset, TaxIdKind, load_ruleset
from eligibility.settings import default_data_dir
from tests.conftest import ROOT

_BLOCK = re.compile(
    r"(?P<intro>(?:^(?!>>>).*\n){1,6})>>> numbers = '''\n(?P<body>(?:\.\.\..*\n)+?)\.\.\. '''\n"
    r">>> \[x for x in numbers\.splitlines\(\) if x and not (?P<module>\w+)\.is_valid\(x\)\]",
    re.MULTILINE,
)

_IMPORT = re.compile(r"^>>> from stdnum(?:\.(?P<package>[\w.]+))? import (?P<names>.+)$", re.M)
_VALID = re.compile(r"should all be valid", re.IGNORECASE)


@dataclass
class Tally:
    tried: int = 0
    false_errors: int = 0
    typos: int = 0
    caught: int = 0
    markets: set[str] | None = None
    examples: list[str] | None = None


def _download(directory: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-binary",
            ":all:",
            "--no-deps",
            f"python-stdnum=={stdnum.__version__}",
            "-d",
            str(directory),
        ],
        check=True,
    )
    [archive] = directory.glob("python_stdnum-*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(directory, filter="data")
    [tests] = directory.glob("python_stdnum-*/tests")
    return tests


def _modules(text: str) -> dict[str, str]:
    """Name used in the doctest -> the module's full name (``vat`` -> ``stdnum.eu.vat``)."""
    found = {}
    for match in _IMPORT.finditer(text):
        package = match.group("package")
        for name in (n.strip() for n in match.group("names").split(",")):
            if name == "*":
                continue
            found[name] = f"stdnum.{package}.{name}" if package else f"stdnum.{name}"
    return found


def real_numbers(tests: Path) -> dict[str, list[str]]:
    """Module -> the numbers its test file says are real and valid."""
    numbers: dict[str, list[str]] = defaultdict(list)
    for path in sorted(tests.glob("test_*.doctest")):
        text = path.read_text(encoding="utf-8")
        modules = _modules(text)
        for block in _BLOCK.finditer(text):
            if not _VALID.search(block.group("intro")):
                continue
            module = modules.get(block.group("module"))
            if module is None:
                continue
            for line in block.group("body").splitlines():
                value = line.removeprefix("...").strip()
                if value:
                    numbers[module].append(value)
    return numbers


def _derived(numbers: dict[str, list[str]]) -> dict[str, list[str]]:
    """Registration numbers read off the real VAT numbers that carry them (a Swedish VAT
    number is the organisation number and 01, a Norwegian one the organisation number and
    MVA, a French one its key and the SIREN), for the kinds no test file lists."""
    from stdnum.fr import tva
    from stdnum.no import mva
    from stdnum.se import vat as se_vat

    found: dict[str, list[str]] = defaultdict(list)
    for value in {v for values in numbers.values() for v in values}:
        if se_vat.is_valid(value) and value.upper().lstrip().startswith("SE"):
            found["stdnum.se.orgnr"].append(se_vat.compact(value)[:-2])
        elif mva.is_valid(value):
            found["stdnum.no.orgnr"].append(mva.compact(value)[:9])
        elif tva.is_valid(value) and tva.compact(value)[:2].isdigit():
            siren = tva.compact(value)[2:]
            if not siren.startswith("000"):  # Monaco's companies: no SIREN (stdnum.fr.tva)
                found["stdnum.fr.siren"].append(siren)
    return {module: sorted(set(values)) for module, values in found.items()}


def _typos(value: str) -> list[str]:
    """``value`` with each digit in turn replaced by the next digit (mod 10)."""
    return [
        value[:i] + str((int(ch) + 1) % 10) + value[i + 1 :]
        for i, ch in enumerate(value)
        if ch.isdigit()
    ]


def _routes(ruleset: Ruleset) -> dict[str, list[TaxIdKind]]:
    """Module name -> the kinds (one per market) that check with it."""
    routes: dict[str, list[TaxIdKind]] = defaultdict(list)
    for kinds in ruleset.tax_ids.values():
        for kind in kinds:
            routes[kind.module.__name__].append(kind)
    return routes


def _kind_of(
    ruleset: Ruleset, module: str, value: str, routes: dict[str, list[TaxIdKind]]
) -> TaxIdKind | None:
    """The kind (and so the market) a real number of ``module`` is checked as."""
    if module == "stdnum.eu.vat":
        prefix = re.sub(r"[^A-Z]", "", value.upper())[:2]
        return ruleset.vat_prefixes.get({"XI": "GB"}.get(prefix, prefix))
    kinds = routes.get(module, [])
    return kinds[0] if kinds else None


def measure(ruleset: Ruleset, numbers: dict[str, list[str]]) -> dict[str, Tally]:
    routes = _routes(ruleset)
    tallies: dict[str, Tally] = {}
    for module, values in numbers.items():
        for value in values:
            kind = _kind_of(ruleset, module, value, routes)
            if kind is None:
                continue
            key = f"{kind.kind} ({kind.market})"
            tally = tallies.setdefault(key, Tally(markets=set(), examples=[]))
            tally.tried += 1
            assert tally.markets is not None
            assert tally.examples is not None
            tally.markets.add(kind.market)
            found = check_company_tax_id(ruleset, kind.market, value)
            if found.errors:
                tally.false_errors += 1
                if len(tally.examples) < 3:
                    tally.examples.append(f"{value}: {found.errors[0].code.value}")
            for typo in _typos(value):
                tally.typos += 1
                tally.caught += bool(check_company_tax_id(ruleset, kind.market, typo).errors)
    return tallies


def report(tallies: dict[str, Tally], ruleset: Ruleset) -> str:
    lines = [
        "# Company tax IDs on real numbers",
        "",
        f"`make realdata` (`tests/realdata/test_tax_ids.py`): the numbers python-stdnum "
        f"{stdnum.__version__}'s test data lists as found online and valid, each run "
        "through `check_company_tax_id` for its market; then each digit of each number "
        "changed to the next digit, one at a time (a typo). Sweden's and Norway's "
        "organisation numbers and more French SIRENs are read off the real VAT numbers that "
        "carry them (SE + number + 01, NO + number + MVA, FR + key + SIREN).",
        "",
        "| kind (market) | real numbers | false errors | typos | caught | share |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total = Tally()
    for key, tally in sorted(tallies.items()):
        share = f"{tally.caught / tally.typos:.1%}" if tally.typos else "-"
        lines.append(
            f"| {key} | {tally.tried:,} | {tally.false_errors} | {tally.typos:,} | "
            f"{tally.caught:,} | {share} |"
        )
        total.tried += tally.tried
        total.false_errors += tally.false_errors
        total.typos += tally.typos
        total.caught += tally.caught
    lines += [
        f"| **all** | **{total.tried:,}** | **{total.false_errors}** | **{total.typos:,}** | "
        f"**{total.caught:,}** | **{total.caught / max(total.typos, 1):.1%}** |",
        "",
        "A typo is missed where the kind has no check digit over that position (a format "
        "check alone: Albania's NIPT, Kenya's PIN), or where the changed digit keeps the "
        "checksum (a weighted sum mod 11 misses some). A false error is a number the "
        "source calls real that the check refuses; the run fails on any.",
    ]
    measured = {key.split(" (")[0] + key.split(" (")[1][:-1] for key in tallies}
    unmeasured = sorted(
        f"{k.kind} ({k.market})"
        for kinds in ruleset.tax_ids.values()
        for k in kinds
        if f"{k.kind}{k.market}" not in measured
    )
    lines += [
        "",
        "Kinds whose module's test data lists no real numbers (checked, not measured here): "
        + ", ".join(unmeasured)
        + ".",
    ]
    missing = [k for k, t in tallies.items() if t.false_errors]
    if missing:
        lines += ["", "False errors:", ""]
        for key in missing:
            lines.append(f"- {key}: {', '.join(tallies[key].examples or [])}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=Path("docs/realdata_tax_ids.md"))
    args = parser.parse_args(argv)
    ruleset = load_ruleset(default_data_dir())
    with tempfile.TemporaryDirectory() as tmp:
        numbers = real_numbers(_download(Path(tmp)))
    for module, values in _derived(numbers).items():
        numbers[module] = sorted(set(numbers.get(module, [])) | set(values))
    tallies = measure(ruleset, numbers)
    args.output.write_text(report(tallies, ruleset), encoding="utf-8")
    tried = sum(t.tried for t in tallies.values())
    false_errors = sum(t.false_errors for t in tallies.values())
    print(
        f"realdata tax ids: {len(tallies)} kinds, {tried:,} real numbers, "
        f"{false_errors} false errors; wrote {args.output}"
    )
    return 0 if false_errors == 0 and tried > 0 else 1


@pytest.mark.realdata
def test_tax_id_check_accepts_python_stdnums_real_numbers() -> None:
    """The tax ID check over python-stdnum's real numbers (docs/realdata_tax_ids.md)."""
    assert main(["--output", str(ROOT / "docs" / "realdata_tax_ids.md")]) == 0
