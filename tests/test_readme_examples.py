"""Every `curl` example in README.md and docs/*.md is replayed against the app and must
answer exactly what the page shows: status, the headers shown, and the body. A stale
`rules_version`, ETag or message in the docs fails here. An example that shows only some
of the headers says so, with a ``# ... other headers left out`` line."""

from __future__ import annotations

import json
import re

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from derive.docs_examples import Example, parse
from tests.conftest import ROOT

Client = TestClient[Litestar]

_BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)


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
                    found.append(parse(command, output))
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
