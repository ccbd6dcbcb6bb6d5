"""A tiny ruleset for tests: the real JSON rules with postcode lists of a few lines.

Rules take the ruleset as an argument and read no globals, so a test can hand
them a ruleset whose lists hold exactly the postcodes it is about.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Mapping
from pathlib import Path

from eligibility.ruleset import DATA_FILES, LISTS_FILE, Ruleset, load_ruleset
from eligibility.settings import default_data_dir

__all__ = ["tiny_ruleset"]


def tiny_ruleset(
    directory: Path,
    postcodes: Mapping[str, Mapping[str, tuple[str, str]]],
    across: Mapping[str, Mapping[str, list[str]]] | None = None,
) -> Ruleset:
    """The shipped JSON rules, and for each declared country the lines given here:
    ``{"US": {"98052": ("WA", "Redmond|Bellevue")}}`` (a country not given gets an
    empty list); ``across`` names postcodes whose addresses are in other regions too."""
    source = default_data_dir()
    for name in DATA_FILES:
        shutil.copyfile(source / name, directory / name)
    (directory / LISTS_FILE).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / LISTS_FILE, directory / LISTS_FILE)
    for declared in json.loads((source / LISTS_FILE).read_text(encoding="utf-8"))["lists"]:
        lines = postcodes.get(declared["country"], {})
        path = directory / LISTS_FILE.parent / declared["file"]
        path.parent.mkdir(parents=True, exist_ok=True)  # geonames/<cc>.tsv.gz
        text = "".join(
            f"{code}\t{region}\t{names}\n" for code, (region, names) in sorted(lines.items())
        )
        path.write_bytes(gzip.compress(text.encode()))
        if declared.get("terminated") is not None:  # a codes list: none terminated
            (directory / LISTS_FILE.parent / declared["terminated"]).write_bytes(gzip.compress(b""))
        if declared.get("across") is not None:
            across_path = LISTS_FILE.parent / declared["across"]
            document = json.loads((source / across_path).read_text(encoding="utf-8"))
            document["zips"] = dict((across or {}).get(declared["country"], {}))
            (directory / across_path).write_text(json.dumps(document), encoding="utf-8")
    return load_ruleset(directory)
