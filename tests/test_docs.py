"""The docs list every error code the API can return (docs/api.md, linked from the README)."""

from __future__ import annotations

import argparse
import json
import re

import pytest

from eligibility.checks import CHECKS
from eligibility.cli import parser as cli_parser
from eligibility.errors import ErrorCode, ProblemCode
from tests.conftest import ROOT


@pytest.mark.parametrize("code", list(ErrorCode))
def test_the_api_docs_list_every_error_code(code: ErrorCode) -> None:
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert f"| `{code.value}` |" in api


@pytest.mark.parametrize("code", list(ProblemCode))
def test_the_api_docs_list_every_problem_code(code: ProblemCode) -> None:
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert f"| `{code.value}` | 4" in api


def test_the_readme_is_read_in_five_minutes_and_starts_with_a_working_call() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    first_screen = "\n".join(readme.splitlines()[:60])
    assert "make run" in first_screen
    assert "$ curl -s localhost:8000/" in first_screen
    assert ".venv/bin/eligibility" in readme


def test_every_relative_link_in_the_readme_and_docs_resolves() -> None:
    import re

    broken = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if target.startswith(("http:", "https:", "mailto:")):
                continue
            if not (page.parent / target).exists():
                broken.append((page.name, target))
    assert broken == []


def test_the_latest_changelog_release_is_the_version_served_in_the_spec() -> None:
    import json
    import re

    from eligibility import __version__

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.M)
    assert released, "CHANGELOG.md has no released version"
    assert released[0][0] == __version__
    assert changelog.index("## [Unreleased]") < changelog.index(f"## [{__version__}]")
    spec = json.loads((ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    assert spec["info"]["version"] == __version__


def test_the_licence_file_is_the_one_pyproject_and_the_spec_name() -> None:
    import tomllib

    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert licence.startswith("MIT License")
    assert project["license"] == "MIT"


SOURCE_MODULES = sorted(
    path.relative_to(ROOT / "src" / "eligibility").as_posix()
    for path in (ROOT / "src" / "eligibility").rglob("*.py")
)


def test_the_walk_finds_the_source_modules() -> None:
    assert {"app.py", "checks/declaration.py", "rules/phone.py"} <= set(SOURCE_MODULES)


@pytest.mark.parametrize("module", SOURCE_MODULES)
def test_the_architecture_doc_says_what_each_module_owns(module: str) -> None:
    """docs/architecture.md's table names every module under src/eligibility/ (in a row's
    first cell), so a newcomer finds where each concept lives."""
    rows = [
        line.split("|")[1]
        for line in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    ]
    assert any(f"`{module}`" in first for first in rows), module


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_the_cli_synopsis_names_every_check_and_every_option() -> None:
    synopsis = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split("```")[1]
    commands = _subcommands(cli_parser())
    missing = [
        f"check {name} {option}"
        for name, parser in _subcommands(commands["check"]).items()
        for option in {"", *_options(parser)}
        if (f"check {name}" not in synopsis and f"alias: {name}" not in synopsis)
        or option not in synopsis
    ]
    missing += [
        f"check-file {option}"
        for option in _options(commands["check-file"])
        if option not in synopsis
    ]
    assert missing == []


def test_make_help_names_every_target() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    declared = makefile.split(".PHONY:")[1].splitlines()[0].split()
    helped = set(re.findall(r'@echo "make ([\w-]+)', makefile))
    defined = set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))
    assert [t for t in declared if t != "help" and t not in helped] == []
    assert sorted(set(declared) - defined) == []


def test_the_api_docs_name_every_operation_id_and_no_other() -> None:
    spec = json.loads((ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    served = {
        operation["operationId"]
        for path in spec["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    listed = docs.split("reads as a method:")[1].split("openapi-python-client")[0]
    assert set(re.findall(r"`(\w+)`", listed)) == served


def test_every_code_the_api_docs_table_lists_exists() -> None:
    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", docs, re.MULTILINE)
    known = {code.value for code in ErrorCode} | {code.value for code in ProblemCode}
    assert len(rows) > 50
    assert [code for code in rows if code not in known] == []


def test_the_landing_page_names_every_check() -> None:
    page = (ROOT / "src" / "eligibility" / "web" / "site" / "index.html").read_text("utf-8")
    assert [c.path for c in CHECKS if f"<code>POST {c.path}</code>" not in page] == []
