"""Write data/postcodes/us_zips.tsv.gz from the zipcodes package (USPS data, MIT).

One line per ZIP: the ZIP, its state or territory (USPS code), and every place
name USPS gives it, joined by ``|``: its city and acceptable names (valid in an address's
last line), then, after ``||``, its unacceptable ones (``Redmond||Adelaide|Ames Lake``):
still accepted as the city, a name people know the place by, but never shown.
`make us-zips` runs this; tests/rules/test_us_zips.py checks that the committed
file is what the pinned zipcodes version gives.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import zipcodes

from eligibility.ruleset import ALSO_ACCEPTED

OUTPUT = Path(__file__).resolve().parents[1] / "data" / "postcodes" / "us_zips.tsv.gz"


def us_zip_lines() -> list[str]:
    lines = []
    for entry in sorted(zipcodes.list_all(), key=lambda z: z["zip_code"]):
        shown = list(dict.fromkeys([entry["city"], *entry["acceptable_cities"]]))
        other = [name for name in dict.fromkeys(entry["unacceptable_cities"]) if name not in shown]
        names = "|".join(shown) + (ALSO_ACCEPTED + "|".join(other) if other else "")
        lines.append("\t".join([entry["zip_code"], entry["state"], names]))
    return lines


def encode(lines: list[str]) -> bytes:
    # mtime=0: the same data gives the same bytes, so the file only changes with the data.
    return gzip.compress(("\n".join(lines) + "\n").encode(), compresslevel=9, mtime=0)


def main() -> int:
    OUTPUT.write_bytes(encode(us_zip_lines()))
    print(f"{OUTPUT}: {len(us_zip_lines())} ZIPs from zipcodes {zipcodes.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
