"""Every `curl` example in README.md and docs/*.md is replayed against the app and must
answer exactly what the page shows: status, the headers shown, and the body. A stale
`rules_version`, ETag or message in the docs fails here. An example that shows only some
of the headers says so, with a ``# ... other headers left out`` line."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.conftest import ROOT

Client = TestClient[Litestar]

_BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)


@dataclass
class Example:
    command: str
    output: list[str]
    method: str = "GET"
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    show_headers: bool = False
    status_only: bool = False


def _parse(command: str, output: list[str]) -> Example:
    example = Example(command, output)
    words = shlex.split(command)[1:]
    while words:
        word = words.pop(0)
        if word in ("-s", "-si"):
            example.show_headers = example.show_headers or word == "-si"
        elif word == "-H":
            name, _, value = words.pop(0).partition(":")
            example.headers[name.strip()] = value.strip()
        elif word == "-d":
            example.body = words.pop(0)
            example.method = "POST"
        elif word == "-o":
            assert words.pop(0) == "/dev/null"
        elif word == "-w":
            assert words.pop(0) == "%{http_code}\\n"
            example.status_only = True
        elif word.startswith("localhost:8000"):
            example.url = word.removeprefix("localhost:8000")
        else:
            raise AssertionError(f"an option the README test does not read: {word}")
    return example


PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ABRIDGED = "# ... other headers left out"


def _examples() -> list[Example]:
    found = []
    blocks = [b for page in PAGES for b in _BLOCK.findall(page.read_text(encoding="utf-8"))]
    for block in blocks:
        command: str | None = None
        output: list[str] = []
        for line in [*block.splitlines(), "$"]:
            if line.startswith("$"):
                if command and command.startswith("curl ") and "localhost:8000" in command:
                    while output and not output[-1]:
                        output.pop()
                    found.append(_parse(command, output))
                command, output = line[1:].strip(), []
            elif command is not None:
                output.append(line)
    return found


EXAMPLES = _examples()


def test_the_readme_has_examples_for_every_endpoint() -> None:
    paths = {e.url.partition("?")[0] for e in EXAMPLES}
    assert {"/healthz", "/v1/pricing/quote", "/v1/checks/batch", "/v1/markets/fr/form"} <= paths
    assert len(EXAMPLES) >= 20


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.command[:90] for e in EXAMPLES])
def test_readme_example_answers_what_the_readme_shows(client: Client, example: Example) -> None:
    response = client.request(
        example.method,
        example.url,
        headers=example.headers,
        content=example.body.encode() if example.body is not None else None,
    )
    if example.status_only:
        assert example.output == [str(response.status_code)]
        return
    lines = example.output
    if example.show_headers:
        status_line, *lines = lines
        assert status_line.split()[1] == str(response.status_code)
        blank = lines.index("")
        shown = [line for line in lines[:blank] if line != ABRIDGED]
        for header in shown:
            name, _, value = header.partition(":")
            assert response.headers.get(name) == value.strip(), header
        if len(shown) < len(response.headers):
            assert ABRIDGED in lines[:blank], "an abridged header list says so"
        lines = lines[blank + 1 :]
    assert json.loads("\n".join(lines)) == response.json()
