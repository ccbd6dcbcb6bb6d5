"""How a data file is declared, read and checked: strictly, naming the file on any problem.

Every file under ``data/`` is declared once, as a :class:`DataFile`: its name,
the strict msgspec Struct it decodes to, and its validator, which checks the
decoded document and returns the :class:`~eligibility.ruleset.Ruleset` fields
it indexes. ``load_ruleset`` is a loop over the declarations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

import msgspec

from eligibility.errors import RulesetError

__all__ = [
    "DataFile",
    "Loaded",
    "Source",
    "Strict",
    "check",
    "check_once",
    "compile_pattern",
    "decode",
    "read_bytes",
]


class Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base for data-file Structs: an unknown key is an error, not ignored."""


class Source(Strict):
    document: str
    title: str
    section: str
    published: date


T = TypeVar("T", bound=Strict)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RulesetError(str(path), f"cannot be read ({exc.strerror or exc})") from exc


def decode(path: Path, kind: type[T]) -> tuple[T, bytes]:
    raw = read_bytes(path)
    try:
        return msgspec.json.decode(raw, type=kind, strict=True), raw
    except msgspec.DecodeError as exc:
        raise RulesetError(str(path), str(exc)) from exc


def check(condition: bool, path: Path, problem: str) -> None:
    if not condition:
        raise RulesetError(str(path), problem)


def check_once(path: Path, code: str, seen: Mapping[str, object], known: set[str]) -> None:
    """``code`` names a market, and no earlier entry of the same list did."""
    check(code in known, path, f"unknown market code {code}")
    check(code not in seen, path, f"{code} is listed twice")


def compile_pattern(path: Path, what: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(f"(?:{pattern})")
    except re.error as exc:
        raise RulesetError(str(path), f"{what}: bad pattern ({exc})") from exc


@dataclass
class Loaded:
    """What the files read so far established, for the validators of the next ones."""

    data_dir: Path
    known: set[str] = field(default_factory=set)
    """Every market code (alpha-2): ISO 3166-1 and the extra markets."""
    documents: dict[str, Any] = field(default_factory=dict)
    """File name -> its decoded document."""
    fields: dict[str, Any] = field(default_factory=dict)
    """Ruleset field -> value, as the validators index them."""
    notes: dict[str, Any] = field(default_factory=dict)
    """Values a later step reads that are not Ruleset fields (the ISO rows)."""
    raw: dict[str, bytes] = field(default_factory=dict)
    """File path (relative to the data directory) -> its bytes: what rules_version hashes."""


@dataclass(frozen=True)
class DataFile(Generic[T]):
    """One file of ``data/``: its name, its Struct, and what it adds to the ruleset."""

    name: str
    kind: type[T]
    index: Callable[[Path, T, Loaded], Mapping[str, Any]]
    """(path, document, what is loaded so far) -> Ruleset fields; raises RulesetError."""

    def load(self, loaded: Loaded) -> None:
        path = loaded.data_dir / self.name
        document, raw = decode(path, self.kind)
        loaded.raw[self.name] = raw
        loaded.documents[self.name] = document
        loaded.fields.update(self.index(path, document, loaded))
