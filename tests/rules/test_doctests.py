"""The rule functions' docstring examples run (as python-stdnum's do), so they cannot go
stale: each is run with ``ruleset`` bound to the rules in data/."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

from eligibility import rules
from eligibility.ruleset import Ruleset

MODULES = [
    *sorted(info.name for info in pkgutil.iter_modules(rules.__path__, rules.__name__ + ".")),
    "eligibility.i18n",
]
EXAMPLES_AT_LEAST = {
    "eligibility.rules.markets": 3,
    "eligibility.rules.phone": 2,
    "eligibility.rules.tax_id": 3,
    "eligibility.rules.cancellation": 3,
    "eligibility.rules.pricing": 3,
    "eligibility.rules.account_setup": 3,
    "eligibility.rules.card_address": 3,
    "eligibility.i18n": 3,
}
"""The check functions' examples: a module listed here that ran fewer failed to find them."""


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_of_each_rule_module_hold(name: str, ruleset: Ruleset) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, extraglobs={"ruleset": ruleset}, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.failed == 0, name
    assert result.attempted >= EXAMPLES_AT_LEAST.get(name, 0), name
