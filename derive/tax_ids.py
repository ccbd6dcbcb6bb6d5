"""Write data/tax_ids.json: each market's company tax IDs, the python-stdnum module that
checks each, and an example that module accepts.

The table below is the rules (which kinds a market's signup asks for, which is
required, labels): written by hand, each row citing where it comes from. The
examples are python-stdnum's own: the first number its module's docstring shows
being validated that the module accepts, so the form's example and the check
cannot disagree. `make tax-ids` runs this; tests/rules/test_tax_ids.py checks the
committed file is what this module gives with the installed python-stdnum.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import stdnum

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "data" / "tax_ids.json"
DOCS = ROOT / "docs" / "tax_ids.md"

EU_VAT = ("VAT number", "Numéro de TVA")
PC = "Partner Center country validation rules (IsVatIdSupported, IsTaxIdSupported)"
REQUIRED = "Partner Center: the registration ID is mandatory (Brazil's CNPJ, Belarus's UNP)"
# market, kind (Stripe's name where Stripe has one), module, requirement, labels, source
Row = tuple[str, str, str, str, tuple[str, str], str]
EU: dict[str, str] = {
    "AT": "at.uid",
    "BE": "be.vat",
    "BG": "bg.vat",
    "CY": "cy.vat",
    "CZ": "cz.dic",
    "DE": "de.vat",
    "DK": "dk.cvr",
    "EE": "ee.kmkr",
    "ES": "es.nif",
    "FI": "fi.alv",
    "FR": "fr.tva",
    "GR": "gr.vat",
    "HR": "hr.oib",
    "HU": "hu.anum",
    "IE": "ie.vat",
    "IT": "it.iva",
    "LT": "lt.pvm",
    "LU": "lu.tva",
    "LV": "lv.pvn",
    "MT": "mt.vat",
    "NL": "nl.btw",
    "PL": "pl.nip",
    "PT": "pt.nif",
    "RO": "ro.cf",
    "SE": "se.vat",
    "SI": "si.ddv",
    "SK": "sk.dph",
}
ROWS: list[Row] = [
    *[(m, "eu_vat", mod, "optional", EU_VAT, PC) for m, mod in EU.items()],
    (
        "GB",
        "gb_vat",
        "gb.vat",
        "optional",
        (
            "VAT number (GB, or XI in Northern Ireland)",
            "Numéro de TVA (GB, ou XI en Irlande du Nord)",
        ),
        PC,
    ),
    (
        "CH",
        "ch_vat",
        "ch.vat",
        "optional",
        ("VAT number (CHE ... MWST)", "Numéro de TVA (CHE ... TVA)"),
        PC,
    ),
    (
        "LI",
        "li_uid",
        "li.peid",
        "optional",
        ("Business ID (PEID)", "Numéro d'entreprise (PEID)"),
        PC,
    ),
    ("NO", "no_vat", "no.mva", "optional", ("VAT number (MVA)", "Numéro de TVA (MVA)"), PC),
    ("IS", "is_vat", "is_.vsk", "optional", ("VAT number (VSK)", "Numéro de TVA (VSK)"), PC),
    ("AU", "au_abn", "au.abn", "optional", ("ABN", "ABN (numéro d'entreprise australien)"), PC),
    ("NZ", "nz_gst", "nz.ird", "optional", ("GST number (IRD)", "Numéro de TPS (IRD)"), PC),
    ("CA", "ca_bn", "ca.bn", "optional", ("Business number (BN)", "Numéro d'entreprise (NE)"), PC),
    ("US", "us_ein", "us.ein", "optional", ("EIN", "EIN (numéro d'employeur)"), PC),
    ("BR", "br_cnpj", "br.cnpj", "required", ("CNPJ", "CNPJ"), REQUIRED),
    (
        "BY",
        "by_tin",
        "by.unp",
        "required",
        ("UNP (payer's account number)", "UNP (numéro de contribuable)"),
        REQUIRED,
    ),
    ("MX", "mx_rfc", "mx.rfc", "optional", ("RFC", "RFC"), PC),
    ("IN", "in_gst", "in_.gstin", "optional", ("GSTIN", "GSTIN"), PC),
    (
        "JP",
        "jp_cn",
        "jp.cn",
        "optional",
        ("Corporate number", "Numéro d'entreprise (hōjin bangō)"),
        PC,
    ),
    (
        "KR",
        "kr_brn",
        "kr.brn",
        "optional",
        ("Business registration number", "Numéro d'enregistrement d'entreprise"),
        PC,
    ),
    ("SG", "sg_uen", "sg.uen", "optional", ("UEN", "UEN"), PC),
    ("ZA", "za_vat", "za.tin", "optional", ("Tax reference number", "Numéro fiscal"), PC),
    (
        "TR",
        "tr_tin",
        "tr.vkn",
        "optional",
        ("Tax identification number (VKN)", "Numéro fiscal (VKN)"),
        PC,
    ),
    ("AD", "ad_nrt", "ad.nrt", "optional", ("NRT", "NRT"), PC),
    ("AL", "al_tin", "al.nipt", "optional", ("NIPT", "NIPT"), PC),
    ("AR", "ar_cuit", "ar.cuit", "optional", ("CUIT", "CUIT"), PC),
    ("AZ", "az_tin", "az.voen", "optional", ("VÖEN", "VÖEN"), PC),
    ("CL", "cl_tin", "cl.rut", "optional", ("RUT", "RUT"), PC),
    (
        "CN",
        "cn_tin",
        "cn.uscc",
        "optional",
        ("Unified social credit code", "Code de crédit social unifié"),
        PC,
    ),
    ("CO", "co_nit", "co.nit", "optional", ("NIT", "NIT"), PC),
    ("CR", "cr_tin", "cr.cpj", "optional", ("Cédula jurídica", "Cédula jurídica"), PC),
    ("DO", "do_rcn", "do.rnc", "optional", ("RNC", "RNC"), PC),
    ("DZ", "dz_nif", "dz.nif", "optional", ("NIF", "NIF"), PC),
    ("EC", "ec_ruc", "ec.ruc", "optional", ("RUC", "RUC"), PC),
    (
        "EG",
        "eg_tin",
        "eg.tn",
        "optional",
        ("Tax registration number", "Numéro d'enregistrement fiscal"),
        PC,
    ),
    ("FO", "fo_vn", "fo.vn", "optional", ("V-number (VN)", "Numéro V (VN)"), PC),
    ("GH", "gh_tin", "gh.tin", "optional", ("TIN", "TIN"), PC),
    ("GN", "gn_nif", "gn.nifp", "optional", ("NIFp", "NIFp"), PC),
    ("GT", "gt_nit", "gt.nit", "optional", ("NIT", "NIT"), PC),
    ("ID", "id_npwp", "id.npwp", "optional", ("NPWP", "NPWP"), PC),
    (
        "IL",
        "il_vat",
        "il.hp",
        "optional",
        ("Company number (H.P.)", "Numéro de société (H.P.)"),
        PC,
    ),
    ("KE", "ke_pin", "ke.pin", "optional", ("KRA PIN", "PIN KRA"), PC),
    ("MA", "ma_vat", "ma.ice", "optional", ("ICE", "ICE"), PC),
    ("MC", "mc_vat", "mc.tva", "optional", EU_VAT, PC),
    ("MD", "md_vat", "md.idno", "optional", ("IDNO", "IDNO"), PC),
    ("ME", "me_pib", "me.pib", "optional", ("PIB", "PIB"), PC),
    ("MK", "mk_vat", "mk.edb", "optional", ("EDB", "EDB"), PC),
    ("MZ", "mz_nuit", "mz.nuit", "optional", ("NUIT", "NUIT"), PC),
    ("PE", "pe_ruc", "pe.ruc", "optional", ("RUC", "RUC"), PC),
    ("PY", "py_ruc", "py.ruc", "optional", ("RUC", "RUC"), PC),
    ("RS", "rs_pib", "rs.pib", "optional", ("PIB", "PIB"), PC),
    ("RU", "ru_inn", "ru.inn", "optional", ("INN", "INN"), PC),
    ("SM", "sm_coe", "sm.coe", "optional", ("COE", "COE"), PC),
    ("SN", "sn_ninea", "sn.ninea", "optional", ("NINEA", "NINEA"), PC),
    ("SV", "sv_nit", "sv.nit", "optional", ("NIT", "NIT"), PC),
    (
        "TH",
        "th_vat",
        "th.tin",
        "optional",
        ("Tax identification number", "Numéro d'identification fiscale"),
        PC,
    ),
    ("TN", "tn_mf", "tn.mf", "optional", ("Matricule fiscal", "Matricule fiscal"), PC),
    (
        "TW",
        "tw_vat",
        "tw.ubn",
        "optional",
        ("Unified business number", "Numéro d'entreprise unifié"),
        PC,
    ),
    ("UA", "ua_edrpou", "ua.edrpou", "optional", ("EDRPOU", "EDRPOU"), PC),
    ("UY", "uy_ruc", "uy.rut", "optional", ("RUT", "RUT"), PC),
    ("VE", "ve_rif", "ve.rif", "optional", ("RIF", "RIF"), PC),
    ("VN", "vn_tin", "vn.mst", "optional", ("Tax code (MST)", "Code fiscal (MST)"), PC),
]
"""Markets python-stdnum has a company tax or business number module for."""

_CALL = re.compile(r""">>> (?:validate|compact|format|is_valid)\(['"]([^'"]+)['"]\)""")
VAT_PREFIX = {"GR": "EL"}
"""Where the VAT prefix is not the market's code."""
PREFIXED = ("eu_vat", "gb_vat", "no_vat")
"""Kinds written after a two-letter country prefix, by which a number of another
market can be recognised (Northern Ireland's XI is read as GB)."""


def example(module: Any) -> str:
    """The first number the module's own docstring shows that it accepts."""
    for candidate in _CALL.findall(module.__doc__ or ""):
        if module.is_valid(candidate):
            return str(candidate)
    raise SystemExit(f"{module.__name__}: no valid example in its docstring")


def build() -> dict[str, Any]:
    markets: dict[str, list[dict[str, Any]]] = {}
    for market, kind, name, requirement, (label_en, label_fr), source in ROWS:
        module = importlib.import_module(f"stdnum.{name}")
        markets.setdefault(market, []).append(
            {
                "kind": kind,
                "module": f"stdnum.{name}",
                "requirement": requirement,
                "label_en": label_en,
                "label_fr": label_fr,
                "example": example(module),
                "vat_prefix": VAT_PREFIX.get(market, market) if kind in PREFIXED else None,
                "source": source,
            }
        )
    return {
        "source": {
            "document": f"python-stdnum {stdnum.__version__} (LGPL-2.1-or-later, used unmodified): "
            "its modules check each number; examples are taken from their docstrings",
            "title": "Company tax and business IDs checked at signup, per market",
            "section": "derive/tax_ids.py (the table of kinds, requirements and labels)",
            "published": "2026-11-30",
        },
        "as_of": "2026-11-30",
        "note": "Markets not listed have no offline check: a value there is accepted with the "
        "warning tax_id.not_verified. Requirement 'required' only where Partner Center makes "
        "the registration ID mandatory; elsewhere the field is optional.",
        "stdnum_version": stdnum.__version__,
        "markets": markets,
    }


def markdown(document: dict[str, Any]) -> str:
    """docs/tax_ids.md: the per-market table, from the data file's own content."""
    lines = [
        "# Company tax IDs per market",
        "",
        f"Generated by `make tax-ids` from `data/tax_ids.json` ({document['source']['document']}). "
        "Each number is checked offline by the python-stdnum module named (format, length, "
        "checksum); no register is asked. Markets not listed answer a given number with the "
        "warning `tax_id.not_verified`. Measured on real numbers in "
        "[realdata_tax_ids.md](realdata_tax_ids.md).",
        "",
        "| market | kind | label (EN / FR) | requirement | example | module |",
        "|---|---|---|---|---|---|",
    ]
    for market, kinds in sorted(document["markets"].items()):
        for kind in kinds:
            lines.append(
                f"| {market} | `{kind['kind']}` | {kind['label_en']} / {kind['label_fr']} | "
                f"{kind['requirement']} | `{kind['example']}` | `{kind['module']}` |"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    document = build()
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    docs = markdown(document)
    if "--check" in sys.argv:
        current = OUTPUT.read_text(encoding="utf-8") == text
        return 0 if current and DOCS.read_text(encoding="utf-8") == docs else 1
    OUTPUT.write_text(text, encoding="utf-8")
    DOCS.write_text(docs, encoding="utf-8")
    print(f"wrote {OUTPUT} and {DOCS} ({len(ROWS)} kinds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
