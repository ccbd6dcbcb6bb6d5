"""Every problem of a request body at once, not only the first.

msgspec stops at the first value that breaks the request Struct. When it does,
the body (well-formed JSON) is walked here against the Struct's fields: every
missing field, every unknown field (with the known field it is closest to, so a
typo says which was meant), and every value of a wrong type or past a limit, each
with its path (``billing_address.postal_code``, ``items[3].market``) and
msgspec's own words for what is wrong, which ``api/problems.py`` turns into coded,
localised messages.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, NamedTuple, get_args, get_origin

import msgspec

from eligibility.checks.fields import strip_optional, struct_of

__all__ = ["Found", "body_problems"]

CLOSE_ENOUGH = 0.75
"""difflib's ratio from which an unknown field is taken for a typo of a known one."""
_AT = re.compile(r" - at `\$(.*)`$")


class Found(NamedTuple):
    """One problem: where, msgspec's words for it, and the field probably meant."""

    field: str
    message: str
    meant: str | None = None


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _value_problems(value: Any, kind: Any, path: str) -> list[Found]:
    try:
        msgspec.convert(value, kind, strict=True)
    except msgspec.ValidationError as exc:
        text = str(exc)
        match = _AT.search(text)
        where = match.group(1) if match else ""
        message = text[: match.start()] if match else text
        inner = strip_optional(kind)
        if isinstance(value, dict) and (struct := struct_of(kind)) is not None:
            return body_problems(value, struct, path)
        if where.startswith("[") and get_origin(inner) is list and isinstance(value, list):
            item_kind = get_args(inner)[0]
            found = []
            for index, item in enumerate(value):
                found += _value_problems(item, item_kind, f"{path}[{index}]")
            return found
        return [Found(path + where.replace("$", ""), message)]
    return []


def body_problems(value: Any, kind: type[msgspec.Struct], path: str = "") -> list[Found]:
    """Every problem of ``value`` (decoded JSON) as a ``kind``, in the body's order."""
    if not isinstance(value, dict):
        got = type(value).__name__
        return [Found(path or "body", f"Expected `object`, got `{_JSON_NAMES.get(got, got)}`")]
    fields = {f.encode_name: f for f in msgspec.structs.fields(kind)}
    found = []
    for name in value:
        if name not in fields:
            close = difflib.get_close_matches(name, fields, n=1, cutoff=CLOSE_ENOUGH)
            found.append(
                Found(
                    _join(path, name), "Object contains unknown field", close[0] if close else None
                )
            )
    for name, field in fields.items():
        if name not in value:
            if field.required:
                found.append(Found(_join(path, name), "Object missing required field"))
            continue
        found += _value_problems(value[name], field.type, _join(path, name))
    return found


_JSON_NAMES = {"list": "array", "dict": "object", "NoneType": "null", "float": "float"}
