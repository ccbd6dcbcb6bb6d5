"""Loading data/: strict decoding, validation that names the file, rules_version."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eligibility.errors import RulesetError
from eligibility.ruleset import DATA_FILES, Ruleset, load_ruleset
from eligibility.settings import SettingsError, load_settings


@pytest.fixture
def data_copy(tmp_path: Path, data_dir: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir, target)
    return target


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_rules_version_is_a_short_stable_hash(data_dir: Path) -> None:
    first, second = load_ruleset(data_dir), load_ruleset(data_dir)
    assert re.fullmatch(r"[0-9a-f]{12}", first.version)
    assert first.version == second.version


def test_rules_version_changes_with_the_data(data_dir: Path, data_copy: Path) -> None:
    _edit(data_copy / "markets.json", lambda d: d.update(as_of="2030-01-01"))
    assert load_ruleset(data_copy).version != load_ruleset(data_dir).version


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_missing_file_is_named(data_copy: Path, name: str) -> None:
    (data_copy / name).unlink()
    with pytest.raises(RulesetError, match=re.escape(name)):
        load_ruleset(data_copy)


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_incomplete_file_is_named_with_the_missing_key(data_copy: Path, name: str) -> None:
    doc = json.loads((data_copy / name).read_text(encoding="utf-8"))
    # Every file's last key holds its rules; without it the file is incomplete.
    last = list(doc)[-1]
    _edit(data_copy / name, lambda d: d.pop(last))
    with pytest.raises(RulesetError, match=re.escape(name) + ".*" + re.escape(last)):
        load_ruleset(data_copy)


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_empty_or_non_utf8_file_is_named(data_copy: Path, name: str) -> None:
    (data_copy / name).write_bytes(b"")
    with pytest.raises(RulesetError, match=re.escape(name)):
        load_ruleset(data_copy)
    (data_copy / name).write_bytes(b"\xff\xfe{}")
    with pytest.raises(RulesetError, match=re.escape(name)):
        load_ruleset(data_copy)


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_truncated_file_is_named(data_copy: Path, name: str) -> None:
    path = data_copy / name
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(RulesetError, match=re.escape(name)):
        load_ruleset(data_copy)


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_unknown_key_is_refused(data_copy: Path, name: str) -> None:
    _edit(data_copy / name, lambda d: d.update(surprise=True))
    with pytest.raises(RulesetError, match=re.escape(name) + ".*surprise"):
        load_ruleset(data_copy)


def _set_first_code(key: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc[key][0].update(code=value)


@pytest.mark.parametrize(
    ("name", "change", "problem"),
    [
        (
            "reservations_unavailable.json",
            _set_first_code("markets", "QQ"),
            "unknown market code QQ",
        ),
        ("reservations_unavailable.json", _set_first_code("markets", 7), "Expected `str`"),
        (
            "reservations_unavailable.json",
            lambda d: d["markets"].append(d["markets"][0]),
            "listed twice",
        ),
        (
            "tax_inclusive_pricing.json",
            lambda d: d["tax_inclusive_markets"][0]["tax"].update(rate="1.5"),
            "not in \\(0, 1\\)",
        ),
        (
            "tax_inclusive_pricing.json",
            lambda d: d["tax_inclusive_markets"][0]["tax"].update(rate="ten"),
            "decimal",
        ),
        ("tax_inclusive_pricing.json", lambda d: d.update(default_tax_inclusive=True), "false"),
        ("markets.json", lambda d: d["aliases"][0].update(code="QQ"), "unknown market QQ"),
        ("markets.json", _set_first_code("extra_markets", "FR"), "already in ISO 3166-1"),
        (
            "markets.json",
            lambda d: d["aliases"].append({**d["aliases"][0], "name": "Åland"}),
            "two display names for AX in fr",
        ),
        ("currencies.json", lambda d: d["minor_units"].update(QQQ=2), "unknown currency QQQ"),
        ("currencies.json", lambda d: d["minor_units"].update(JPY=9), "minor unit of JPY"),
    ],
)
def test_inconsistent_data_is_refused_naming_file_and_problem(
    data_copy: Path, name: str, change: Callable[[dict[str, Any]], None], problem: str
) -> None:
    _edit(data_copy / name, change)
    with pytest.raises(RulesetError, match=re.escape(name) + ".*" + problem):
        load_ruleset(data_copy)


def test_missing_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(RulesetError, match="nowhere"):
        load_ruleset(tmp_path / "nowhere")


def test_data_dir_comes_from_the_environment(data_copy: Path) -> None:
    settings = load_settings({"ELIGIBILITY_DATA_DIR": str(data_copy)})
    assert settings.data_dir == data_copy


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ELIGIBILITY_CACHE_MAX_AGE", "-1"),
        ("ELIGIBILITY_CACHE_MAX_AGE", "soon"),
        ("ELIGIBILITY_LOG_LEVEL", "loud"),
        ("ELIGIBILITY_CORS_ORIGINS", "localhost:3000"),
        ("ELIGIBILITY_CORS_ORIGINS", "https://signup.example.com/form"),
        ("ELIGIBILITY_CORS_ORIGINS", "http://localhost:3000,ftp://files.example.com"),
        ("ELIGIBILITY_METRICS_NETWORKS", "intranet"),
        ("ELIGIBILITY_METRICS_NETWORKS", "10.0.0.0/8,10.0.0.0/33"),
        ("ELIGIBILITY_METRICS_CACHE_SECONDS", "-1"),
        ("ELIGIBILITY_METRICS_CACHE_SECONDS", "61"),
    ],
)
def test_bad_setting_is_named(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: value})


def test_metrics_networks_are_private_by_default_and_normalised() -> None:
    assert load_settings({}).metrics_networks == (
        "127.0.0.0/8",
        "::1/128",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "fc00::/7",
    )
    networks = " 10.1.2.3, 192.168.7.9/16,, fd00::1"
    settings = load_settings({"ELIGIBILITY_METRICS_NETWORKS": networks})
    assert settings.metrics_networks == ("10.1.2.3/32", "192.168.0.0/16", "fd00::1/128")
    assert load_settings({"ELIGIBILITY_METRICS_NETWORKS": "none"}).metrics_networks == ()


def test_cors_origins_are_a_trimmed_list_and_none_by_default() -> None:
    assert load_settings({}).cors_origins == ()
    settings = load_settings(
        {
            "ELIGIBILITY_CORS_ORIGINS": " http://localhost:3000, https://a.example/ ,,http://[::1]:3000"
        }
    )
    assert settings.cors_origins == (
        "http://localhost:3000",
        "https://a.example",
        "http://[::1]:3000",
    )


@pytest.mark.parametrize(
    ("code", "lang", "name"),
    [
        ("RE", "fr", "La Réunion"),
        ("RE", "en", "Réunion"),
        ("VG", "en", "British Virgin Islands"),
        ("CD", "en", "Democratic Republic of the Congo"),
        ("DE", "fr", "Allemagne"),
    ],
)
def test_display_names_read_naturally(ruleset: Ruleset, code: str, lang: str, name: str) -> None:
    record = ruleset.by_code[code]
    assert (record.name_fr if lang == "fr" else record.name_en) == name


def test_no_displayed_name_is_in_inverted_iso_form(ruleset: Ruleset) -> None:
    inverted = [
        (r.code, name)
        for r in ruleset.markets
        for name in (r.name_en, r.name_fr)
        if ", " in name and not name.startswith(("Bonaire", "Sainte-Hélène", "Saint Helena"))
    ]
    assert inverted == []
