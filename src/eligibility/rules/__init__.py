"""Pure rule functions: they take a loaded Ruleset and know nothing of HTTP."""
