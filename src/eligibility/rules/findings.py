"""The one shape every ``check_*`` answers: errors, warnings and the check's own extras.

A check that has more to say (the AVS outcome, the address as understood, a
quote) subclasses :class:`Findings` and adds its fields; whoever asks (a route,
the batch runner, the command line) turns any Findings into the same envelope
(``eligibility.answers.answer``) without knowing which check it came from.
"""

from __future__ import annotations

import msgspec

from eligibility.errors import FieldError

__all__ = ["Findings"]


class Findings(msgspec.Struct, kw_only=True):
    """Every problem a check found, all at once: errors refuse, warnings inform."""

    errors: list[FieldError] = []
    warnings: list[FieldError] = []

    @property
    def valid(self) -> bool:
        """No error (warnings may remain)."""
        return not self.errors

    def extras(self) -> dict[str, object]:
        """The check's own fields, beyond errors and warnings, by name."""
        return {
            name: getattr(self, name)
            for name in self.__struct_fields__
            if name not in ("errors", "warnings")
        }
