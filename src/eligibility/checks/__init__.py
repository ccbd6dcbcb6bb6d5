"""Every check, declared once (:class:`~eligibility.checks.declaration.Check`).

Each module of this package but ``declaration`` and ``fields`` declares one check
as ``CHECK``; :data:`CHECKS` finds them, so a new check is a new module here (with
its rule, data, messages and tests) and nothing else lists it.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Final

from eligibility.checks.declaration import Arg, Case, Check, Column

__all__ = ["CHECKS", "Arg", "Case", "Check", "Column", "check_named"]

_NOT_CHECKS: Final = frozenset({"declaration", "fields"})


def _declared() -> tuple[Check, ...]:
    found = []
    for module in pkgutil.iter_modules(__path__):
        if module.name not in _NOT_CHECKS:
            declared = importlib.import_module(f"{__name__}.{module.name}").CHECK
            assert isinstance(declared, Check), module.name
            found.append(declared)
    return tuple(sorted(found, key=lambda check: check.name))


CHECKS: Final = _declared()
"""Every check, by name."""
_BY_NAME: Final = {check.name: check for check in CHECKS}


def check_named(name: str) -> Check:
    """The check called ``name`` (``tax_id``); KeyError when there is none."""
    return _BY_NAME[name]
