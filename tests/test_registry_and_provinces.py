"""The real sites registry, its validation with line numbers, and the 63 -> 34 provinces."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from archive.provinces import (
    UnknownProvince,
    canonical_province,
    current_unit,
    provinces_before_reform,
    units_after_reform,
)
from crawler.registry import DEFAULT_REGISTRY, RegistryError, check_registry, load_registry
from sampleweb import SITE_IDS, SampleWeb
from tests.conftest import run_cli


def test_sixty_three_provinces_form_thirty_four_units() -> None:
    before, after = provinces_before_reform(), units_after_reform()
    assert len(before) == 63 and len(after) == 34
    assert Counter(p.name for p in before).most_common(1)[0][1] == 1
    assert sum(unit.kind == "city" for unit in after) == 6
    assert sum(not unit.merged for unit in after) == 11
    assert {p.unit for p in before} == {unit.name for unit in after}
    for unit in after:
        assert unit.seat in unit.members


@pytest.mark.parametrize(
    ("written", "official", "now"),
    [
        ("Bình Phước", "Bình Phước", "Đồng Nai"),
        ("Tiền Giang", "Tiền Giang", "Đồng Tháp"),
        ("Quảng Bình", "Quảng Bình", "Quảng Trị"),
        ("tỉnh Long An", "Long An", "Tây Ninh"),
        ("Thanh Hoá", "Thanh Hóa", "Thanh Hóa"),
        ("Thừa Thiên Huế", "Huế", "Huế"),
        ("TP.HCM", "Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),
        ("Hoà Bình", "Hòa Bình", "Phú Thọ"),
        ("Kiên Giang", "Kiên Giang", "An Giang"),
    ],
)
def test_province_names_resolve_to_the_official_one_and_the_current_unit(
    written: str, official: str, now: str
) -> None:
    assert canonical_province(written) == official
    assert current_unit(written) == now


def test_unknown_province_is_a_clear_error() -> None:
    with pytest.raises(UnknownProvince, match="unknown province 'Atlantis'"):
        current_unit("Atlantis")


def test_shipped_registry_lists_the_real_sites_with_current_provinces() -> None:
    report = check_registry(DEFAULT_REGISTRY)
    assert report.problems == []
    sites = load_registry()
    assert len(sites) >= 20
    assert {"tinh_uy", "ban_tuyen_giao", "bao"} <= {site.publisher_type for site in sites}
    by_id = {site.id: site for site in sites}
    assert by_id["tinhuy-binhphuoc"].province_current == "Đồng Nai"
    assert by_id["btg-tiengiang"].province_current == "Đồng Tháp"
    assert not any(host.startswith("127.") for site in sites for host in site.hosts)


BROKEN = """\
sites:
- id: tinhuy-a
  name: Tỉnh ủy A
  publisher_type: tinh_uy
  province: Bình Phước
  family: nukevet
  hosts: [a.vn]
  listings:
  - htp://a.vn/news/
  lisitngs: []
- id: bao-b
  name: Báo B
  publisher_type: bao
  province: Atlantis
  family: newspaper
  hosts: [www.a.vn]
  feeds: [https://www.a.vn/rss]
  obey_robots: maybe
  expected_interval_days: -3
"""


def test_validate_names_each_problem_with_its_line(tmp_path: Path) -> None:
    registry = tmp_path / "sites.yaml"
    registry.write_text(BROKEN, encoding="utf-8")
    result = run_cli(tmp_path, "sites", "validate", "--registry", str(registry))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    expected = [
        (6, "error", "unknown family 'nukevet'"),
        (9, "error", "malformed URL 'htp://a.vn/news/'"),
        (10, "warning", "unknown key 'lisitngs' (did you mean 'listings'?)"),
        (14, "error", "unknown province 'Atlantis'"),
        (16, "error", "duplicate host 'www.a.vn': site 'tinhuy-a', line 7"),
        (18, "error", "obey_robots must be true or false, not 'maybe'"),
        (19, "error", "expected_interval_days must be a number of days above 0, not -3"),
    ]
    for line, severity, message in expected:
        assert any(
            text.startswith(f"{registry}:{line}: {severity}:") and message in text for text in lines
        ), (line, message, lines)
    with pytest.raises(RegistryError, match="partyline sites validate"):
        load_registry(registry)
    crawl = run_cli(tmp_path, "crawl", "--registry", str(registry))
    assert crawl.returncode == 2 and "Traceback" not in crawl.stderr


def test_sample_web_serves_exactly_the_foundation_sites_by_default() -> None:
    assert SampleWeb().site_ids == list(SITE_IDS)
