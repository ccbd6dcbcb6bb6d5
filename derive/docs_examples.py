"""The `curl` examples in README.md and docs/*.md, answered by the app as it is now.

Each ``$ curl ... localhost:8000/...`` line is replayed in-process (the same app
`make run` serves) and the answer the page shows after it is compared with what the
app answers: the JSON body line, and for ``-si`` the ``etag:`` header too; an
``If-None-Match`` ETag in a command is the one the same URL answers now, so the 304
it shows stays true. ``--write`` rewrites the pages (`make docs-examples`); without
it, exits 1 naming each stale page. tests/test_readme_examples.py is the check that
fails on a stale example; this module writes what it expects.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from litestar import Litestar
from litestar.testing import TestClient

from eligibility.app import create_app
from eligibility.ruleset import load_ruleset
from eligibility.settings import default_data_dir, load_settings

ROOT = Path(__file__).resolve().parents[1]
PAGES = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
PROMPT = "$ curl "
ETAG_IN_COMMAND = re.compile(r"If-None-Match: \"[0-9a-f]+\"")


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


def parse(command: str, output: list[str] | None = None) -> Example:
    """A `curl ...` command (without its prompt) and the lines the page shows after it."""
    example = Example(command, list(output or []))
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
            raise AssertionError(f"an option the docs examples do not read: {word}")
    return example


def answer(client: TestClient[Litestar], curl: Example) -> tuple[int, dict[str, str], str]:
    response = client.request(
        curl.method,
        curl.url,
        headers=curl.headers,
        content=curl.body.encode() if curl.body is not None else None,
    )
    return response.status_code, dict(response.headers), response.text


def examples(lines: list[str]) -> Iterator[int]:
    for number, line in enumerate(lines):
        if line.startswith(PROMPT) and "localhost:8000" in line:
            yield number


def refresh(client: TestClient[Litestar], lines: list[str]) -> list[str]:
    """The page's lines with each example's answer as the app gives it now."""
    fresh = list(lines)
    for number in examples(lines):
        command = fresh[number]
        curl = parse(command.removeprefix("$ "))
        if ETAG_IN_COMMAND.search(command):
            headers_sent = {k: v for k, v in curl.headers.items() if k != "If-None-Match"}
            _, headers, _ = answer(client, replace(curl, headers=headers_sent))
            command = ETAG_IN_COMMAND.sub(f"If-None-Match: {headers['etag']}", command)
            fresh[number] = command
            curl = parse(command.removeprefix("$ "))
        status, headers, text = answer(client, curl)
        following = number + 1
        if curl.status_only:
            fresh[following] = str(status)
            continue
        if curl.show_headers:
            at = following
            while at < len(fresh) and fresh[at].strip() and not fresh[at].startswith("{"):
                if fresh[at].lower().startswith("etag:") and "etag" in headers:
                    fresh[at] = f"etag: {headers['etag']}"
                at += 1
            while at < len(fresh) and not fresh[at].startswith("{"):
                at += 1
            following = at
        if following < len(fresh) and fresh[following].startswith("{"):
            fresh[following] = text
    return fresh


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the pages")
    args = parser.parse_args(argv)
    app = create_app(load_settings({}), load_ruleset(default_data_dir()))
    stale = []
    with TestClient(app) as client:
        for page in PAGES:
            lines = page.read_text(encoding="utf-8").split("\n")
            fresh = refresh(client, lines)
            if fresh == lines:
                continue
            stale.append(page.relative_to(ROOT))
            if args.write:
                page.write_text("\n".join(fresh), encoding="utf-8")
    for page in stale:
        print(f"{page}: {'rewritten' if args.write else 'stale: run make docs-examples'}")
    return 1 if stale and not args.write else 0


if __name__ == "__main__":
    sys.exit(main())
