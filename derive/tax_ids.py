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
ID = "The company's registration number, as its national register issues it"
REQUIRED_SINCE = {
    **dict.fromkeys(("RU", "HU", "AM", "AZ", "BY", "KZ", "KG", "MD", "TJ", "UZ", "UA"), "2020-11"),
    **dict.fromkeys(
        ("TH", "VN", "TR", "PL", "ZA", "IN", "BR", "IQ", "MM", "SS", "SA", "AE", "VE"), "2021-03"
    ),
}
"""The 24 markets where Partner Center requires the organisation's tax ID (INN) of every
new customer, 5 to 22 characters, and since when: Microsoft's "Registration ID number
information" (learn.microsoft.com/partner-center/reg-number-id) and the CSP connector
guides that quote Microsoft's notice (interworks.cloud, "Ordering for a Customer where
Tax ID (INN) is Required": November 2020 and March 2021)."""
REQUIRED_SOURCE = (
    "Partner Center requires the organisation's tax ID (INN) of new customers in this "
    "market since {since}, 5 to 22 characters: Microsoft, Registration ID number information "
    "(learn.microsoft.com/partner-center/reg-number-id); interworks.cloud, Ordering for a "
    "Customer where Tax ID (INN) is Required"
)
ANY = r"[A-Z0-9]{5,22}"
"""Where python-stdnum has no module: Partner Center's own rule, 5 to 22 letters or digits."""
# market, kind (Stripe's name where Stripe has one), module (None: the pattern alone),
# requirement, labels, source, and optionally: example, pattern, suffixes
Row = (
    tuple[str, str, str | None, str, tuple[str, str], str]
    | tuple[str, str, str | None, str, tuple[str, str], str, dict[str, Any]]
)
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
        (
            "VAT number (CHE ... MWST, TVA or IVA)",
            "Numéro de TVA (CHE ... MWST, TVA ou IVA)",
        ),
        PC,
        {"example": "CHE-107.787.577 MWST", "suffixes": ["MWST", "TVA", "IVA"]},
    ),
    (
        "CH",
        "ch_uid",
        "ch.uid",
        "optional",
        ("Business ID (UID, CHE ...)", "Numéro d'entreprise (IDE, CHE ...)"),
        ID,
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
    # The numbers a company is given beside its VAT number (issue 35, part 3).
    ("FR", "fr_siren", "fr.siren", "optional", ("SIREN", "SIREN"), ID),
    ("FR", "fr_siret", "fr.siret", "optional", ("SIRET", "SIRET"), ID),
    (
        "SE",
        "se_orgnr",
        "se.orgnr",
        "optional",
        ("Organisation number", "Numéro d'organisation (organisationsnummer)"),
        ID,
    ),
    (
        "NO",
        "no_orgnr",
        "no.orgnr",
        "optional",
        ("Organisation number", "Numéro d'organisation (organisasjonsnummer)"),
        ID,
    ),
    (
        "NL",
        "nl_kvk",
        None,
        "optional",
        ("KvK number (Chamber of Commerce)", "Numéro KvK (Chambre de commerce)"),
        ID,
        {"example": "34179503", "pattern": "[0-9]{8}", "lengths": [8, 8]},
    ),
    ("NL", "nl_rsin", "nl.bsn", "optional", ("RSIN", "RSIN"), ID),
    (
        "IT",
        "it_cf",
        "it.codicefiscale",
        "optional",
        ("Codice fiscale", "Code fiscal (codice fiscale)"),
        ID,
        {"example": "00743110157"},
    ),
    (
        "GB",
        "gb_crn",
        None,
        "optional",
        ("Company registration number", "Numéro d'immatriculation (Companies House)"),
        ID,
        {"example": "00445790", "pattern": "[0-9]{8}|[A-Z]{2}[0-9]{6}", "lengths": [8, 8]},
    ),
    ("AU", "au_acn", "au.acn", "optional", ("ACN", "ACN (numéro de société australien)"), ID),
    (
        "NZ",
        "nz_nzbn",
        "ean",
        "optional",
        ("NZBN", "NZBN (numéro d'entreprise néo-zélandais)"),
        ID,
        {"example": "9429041000014", "pattern": "94[0-9]{11}", "lengths": [13, 13]},
    ),
    (
        "AT",
        "at_fn",
        "at.businessid",
        "optional",
        ("Company register number (FN)", "Numéro au registre du commerce (FN)"),
        ID,
    ),
    (
        "DE",
        "de_stnr",
        "de.stnr",
        "optional",
        ("Tax number (St.-Nr.)", "Numéro fiscal (St.-Nr.)"),
        ID,
    ),
    ("PL", "pl_regon", "pl.regon", "optional", ("REGON", "REGON"), ID),
    ("IN", "in_pan", "in_.pan", "optional", ("PAN", "PAN"), ID),
    (
        "UA",
        "ua_rntrc",
        "ua.rntrc",
        "optional",
        ("Taxpayer number (RNTRC)", "Numéro de contribuable (RNOKPP)"),
        ID,
    ),
    (
        "HU",
        "hu_tin",
        None,
        "optional",
        ("Tax number (adószám)", "Numéro fiscal (adószám)"),
        ID,
        {"example": "12892312-2-41", "pattern": "[0-9]{8}[1-5][0-9]{2}", "lengths": [11, 11]},
    ),
    (
        "ZA",
        "za_vat_number",
        None,
        "optional",
        ("VAT number", "Numéro de TVA"),
        ID,
        {"example": "4023456789", "pattern": "4[0-9]{9}", "lengths": [10, 10]},
    ),
    # Partner Center requires a tax ID here; python-stdnum has no module: 5 to 22 characters.
    ("AM", "am_tin", None, "optional", ("TIN", "TIN (numéro fiscal)"), ID, {"example": "02538904"}),
    (
        "KZ",
        "kz_bin",
        None,
        "optional",
        ("BIN", "BIN (numéro d'entreprise)"),
        ID,
        {"example": "123456789012"},
    ),
    (
        "KG",
        "kg_tin",
        None,
        "optional",
        ("INN", "INN (numéro fiscal)"),
        ID,
        {"example": "01234567890123"},
    ),
    (
        "TJ",
        "tj_tin",
        None,
        "optional",
        ("INN", "INN (numéro fiscal)"),
        ID,
        {"example": "123456789"},
    ),
    ("UZ", "uz_tin", None, "optional", ("INN (STIR)", "INN (STIR)"), ID, {"example": "123456789"}),
    ("IQ", "iq_tin", None, "optional", ("Tax ID", "Numéro fiscal"), ID, {"example": "1234567890"}),
    ("MM", "mm_tin", None, "optional", ("Tax ID", "Numéro fiscal"), ID, {"example": "123456789"}),
    ("SS", "ss_tin", None, "optional", ("Tax ID", "Numéro fiscal"), ID, {"example": "123456789"}),
    (
        "SA",
        "sa_vat",
        None,
        "optional",
        ("VAT number (TRN)", "Numéro de TVA (TRN)"),
        ID,
        {"example": "310122393500003", "pattern": "3[0-9]{13}3", "lengths": [15, 15]},
    ),
    (
        "AE",
        "ae_trn",
        None,
        "optional",
        ("Tax registration number (TRN)", "Numéro d'enregistrement fiscal (TRN)"),
        ID,
        {"example": "100123456700003", "pattern": "1[0-9]{14}", "lengths": [15, 15]},
    ),
]
"""Markets python-stdnum has a company tax or business number module for, and the kinds
of the markets where Partner Center requires one that python-stdnum has none for."""

_CALL = re.compile(r""">>> (?:validate|compact|format|is_valid)\(['"]([^'"]+)['"]\)""")
VAT_PREFIX = {"GR": "EL"}
"""Where the VAT prefix is not the market's code."""
PREFIXED = ("eu_vat", "gb_vat", "no_vat")
"""Kinds written after a two-letter country prefix, by which a number of another
market can be recognised (Northern Ireland's XI is read as GB)."""


def example(module: Any, given: str | None = None) -> str:
    """The first number the module's own docstring shows that it accepts (or ``given``,
    where the docstring's first is not a company's: a person's codice fiscale)."""
    if given is not None:
        if module is None or module.is_valid(given):
            return given
        raise SystemExit(f"{module.__name__}: {given!r} is not valid")
    for candidate in _CALL.findall(module.__doc__ or ""):
        if module.is_valid(candidate):
            return str(candidate)
    raise SystemExit(f"{module.__name__}: no valid example in its docstring")


def _entry(row: Row) -> tuple[str, dict[str, Any]]:
    market, kind, name, requirement, (label_en, label_fr), source = row[:6]
    extras: dict[str, Any] = row[6] if len(row) > 6 else {}  # type: ignore[misc]
    module = importlib.import_module(f"stdnum.{name}") if name else None
    since = REQUIRED_SINCE.get(market)
    if since is not None:
        requirement, source = "required", REQUIRED_SOURCE.format(since=since)
    pattern = extras.get("pattern", ANY if module is None else None)
    lengths = extras.get("lengths", [5, 22] if pattern == ANY else None)
    if (pattern is None) != (lengths is None):
        raise SystemExit(f"{market} {kind}: a pattern needs its lengths (min, max)")
    return market, {
        "kind": kind,
        "module": f"stdnum.{name}" if name else None,
        "pattern": pattern,
        "lengths": lengths,
        "requirement": requirement,
        "label_en": label_en,
        "label_fr": label_fr,
        "example": example(module, extras.get("example")),
        "vat_prefix": VAT_PREFIX.get(market, market) if kind in PREFIXED else None,
        "suffixes": extras.get("suffixes", []),
        "source": source,
    }


def build() -> dict[str, Any]:
    markets: dict[str, list[dict[str, Any]]] = {}
    for row in ROWS:
        market, entry = _entry(row)
        markets.setdefault(market, []).append(entry)
    missing = sorted(set(REQUIRED_SINCE) - set(markets))
    if missing:
        raise SystemExit(f"required by Partner Center, no kind: {missing}")
    return {
        "source": {
            "document": f"python-stdnum {stdnum.__version__} (LGPL-2.1-or-later, used unmodified): "
            "its modules check each number; examples are taken from their docstrings",
            "title": "Company tax and business IDs checked at signup, per market",
            "section": "derive/tax_ids.py (the table of kinds, requirements and labels)",
            "published": "2026-12-03",
        },
        "as_of": "2026-12-03",
        "note": "Markets not listed have no offline check: a value there is accepted with the "
        "warning tax_id.not_verified. Requirement 'required' where Partner Center makes the "
        "organisation's tax ID mandatory (the 24 markets of its November 2020 and March 2021 "
        "notices: Microsoft's Registration ID number information page, "
        "learn.microsoft.com/partner-center/reg-number-id, and the CSP connector guides that "
        "quote the notice); elsewhere the field is optional. A kind with a module is checked "
        "by python-stdnum; a kind without one by its pattern over the compact form (Partner "
        "Center's 5 to 22 letters or digits where nothing more is known). A kind's suffixes "
        "are the words its written form ends with (Switzerland's MWST, TVA, IVA).",
        "stdnum_version": stdnum.__version__,
        "markets": markets,
    }


def _checked_by(kind: dict[str, Any]) -> str:
    parts = [f"`{kind['module']}`"] if kind["module"] else []
    if kind["pattern"]:
        parts.append(f"pattern `{kind['pattern']}`")
    return " and ".join(parts)


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
        "| market | kind | label (EN / FR) | requirement | example | checked by |",
        "|---|---|---|---|---|---|",
    ]
    for market, kinds in sorted(document["markets"].items()):
        for kind in kinds:
            lines.append(
                f"| {market} | `{kind['kind']}` | {kind['label_en']} / {kind['label_fr']} | "
                f"{kind['requirement']} | `{kind['example']}` | "
                f"{_checked_by(kind)} |"
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
