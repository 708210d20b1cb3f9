"""Every registry value says whether it was seen or guessed; the coverage report is
true to the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from archive.provinces import canonical_province, current_unit, units_after_reform
from crawler.registry import DEFAULT_REGISTRY, RegistryError, check_registry, load_registry
from crawler.registry.coverage import coverage
from tests.conftest import run_cli

KIND_OF_TYPE = {"tinh_uy": "portal", "ban_tuyen_giao": "ban_tuyen_giao", "bao": "newspaper"}


def _raw_sites() -> list[dict[str, Any]]:
    return yaml.safe_load(DEFAULT_REGISTRY.read_text(encoding="utf-8"))["sites"]


def _main_host_seen(block: dict[str, Any]) -> bool:
    evidence = block["evidence"]
    main = evidence.get(block["hosts"][0]) or evidence["hosts"]
    return "seen" in main


def test_every_shipped_block_says_where_its_hosts_were_seen_or_why_guessed() -> None:
    assert check_registry(DEFAULT_REGISTRY).problems == []
    for block in _raw_sites():
        evidence = block["evidence"]
        for host in block["hosts"]:
            entry = evidence.get(host) or evidence.get("hosts")
            assert entry and len(entry) == 1, (block["id"], host)
            ((kind, where),) = entry.items()
            assert kind in ("seen", "guessed") and where.strip(), (block["id"], host)
    sites = load_registry()
    assert all(site.evidence_for(site.hosts[0]) for site in sites)
    assert sum(not site.host_seen for site in sites) == sum(
        not _main_host_seen(block) for block in _raw_sites()
    )


def test_coverage_figures_agree_with_the_file() -> None:
    provinces: dict[str, set[str]] = {kind: set() for kind in KIND_OF_TYPE.values()}
    seen: dict[str, set[str]] = {kind: set() for kind in KIND_OF_TYPE.values()}
    for block in _raw_sites():
        kind = KIND_OF_TYPE.get(block["publisher_type"])
        if kind is None:
            continue
        province = canonical_province(block["province"])
        provinces[kind].add(province)
        if _main_host_seen(block):
            seen[kind].add(province)

    report = coverage(load_registry())

    assert report.province_count == 63 and report.unit_count == 34
    assert [unit.unit for unit in report.units] == [u.name for u in units_after_reform()]
    for kind in provinces:
        totals = report.totals[kind]
        assert totals.provinces == len(provinces[kind])
        assert totals.provinces_seen == len(seen[kind])
        assert totals.units == len({current_unit(p) for p in provinces[kind]})
        assert totals.units_seen == len({current_unit(p) for p in seen[kind]})
    # The file lists a Party newspaper for every former province.
    assert report.totals["newspaper"].provinces == 63


def test_sites_list_coverage_prints_each_unit_and_the_totals(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "sites", "list", "--coverage")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("Đồng Tháp ← Đồng Tháp, Tiền Giang") for line in lines)
    assert sum("←" in line for line in lines) == 35  # the header and 34 units
    report = coverage(load_registry()).totals["portal"]
    assert (
        f"portal: {report.provinces} of 63 former provinces, {report.provinces_seen} seen; "
        f"{report.units} of 34 units, {report.units_seen} seen"
    ) in lines

    as_json = run_cli(tmp_path, "sites", "list", "--coverage", "--json")
    document = json.loads(as_json.stdout)
    assert document["totals"]["portal"]["provinces"] == report.provinces
    assert len(document["units"]) == 34


def test_sites_list_filters_by_publisher_type(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "sites", "list", "--type", "bao", "--type", "mat_tran", "--json")
    assert result.returncode == 0, result.stderr
    kinds = {site["publisher_type"] for site in json.loads(result.stdout)}
    assert kinds == {"bao", "mat_tran"}
    refused = run_cli(tmp_path, "sites", "list", "--type", "party")
    assert refused.returncode == 2 and "invalid choice" in refused.stderr


EVIDENCE = """\
sites:
- id: bao-a
  name: Báo A
  publisher_type: bao
  province: Long An
  family: newspaper
  hosts: [a.vn, www.b.vn]
  listings: [https://a.vn/]
  feeds: [https://a.vn/rss]
  evidence:
    hosts: {seen: "code#1: https://a.vn/x-1.html"}
    family: {seen: x, guessed: y}
    https://a.vn/rss: {guessed: the usual feed path}
    feedz: {seen: x}
    sitemaps: {guessed: no sitemap in this block}
- id: bao-b
  name: Báo B
  publisher_type: bao
  province: Tây Ninh
  family: newspaper
  hosts: [c.vn]
  listings: [https://c.vn/]
  evidence: [hosts]
"""


def test_validate_checks_evidence_with_line_numbers(tmp_path: Path) -> None:
    registry = tmp_path / "sites.yaml"
    registry.write_text(EVIDENCE, encoding="utf-8")
    result = run_cli(tmp_path, "sites", "validate", "--registry", str(registry))
    assert result.returncode == 1
    expected = [
        (8, "warning", "site 'bao-a': no evidence for 'listings'"),
        (12, "error", "evidence for 'family' must say either 'seen' or 'guessed', not both"),
        (14, "warning", "evidence for 'feedz', not a key or URL of the block"),
        (15, "warning", "evidence for 'sitemaps', which the block lacks"),
        (23, "error", "site 'bao-b': 'evidence' must map keys to seen/guessed"),
    ]
    lines = result.stdout.splitlines()
    for line, severity, message in expected:
        assert any(
            text.startswith(f"{registry}:{line}: {severity}:") and message in text for text in lines
        ), (line, message, lines)
    # A URL's own evidence covers it: no warning for feeds.
    assert not any("no evidence for 'feeds'" in text for text in lines)
    with pytest.raises(RegistryError):
        load_registry(registry)


def test_a_url_with_its_own_evidence_overrides_its_list(tmp_path: Path) -> None:
    registry = tmp_path / "sites.yaml"
    registry.write_text(
        EVIDENCE.split("- id: bao-b")[0]
        .replace("    family: {seen: x, guessed: y}\n", "    family: {guessed: unknown CMS}\n")
        .replace("    feedz: {seen: x}\n    sitemaps: {guessed: no sitemap in this block}\n", "")
        .replace("    hosts:", "    listings: {guessed: the home page}\n    hosts:"),
        encoding="utf-8",
    )
    (site,) = load_registry(registry)
    assert site.host_seen and site.evidence_for("www.b.vn") == site.evidence["hosts"]
    assert site.evidence_for("https://a.vn/rss").source == "the usual feed path"
    assert site.evidence_for("https://a.vn/").kind == "guessed"
    assert site.as_record()["evidence"]["family"] == {"guessed": "unknown CMS"}
