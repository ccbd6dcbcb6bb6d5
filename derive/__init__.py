"""Data builders: each module writes a file under data/ (or src/) from a named package.

Run one as ``python -m derive.<name>`` (the Makefile's ``postcodes``, ``us-zips``,
``tax-ids``, ``market-names``, ``market-currencies`` and ``docs-examples`` targets);
its tests compare the committed file with what the module gives.
"""
