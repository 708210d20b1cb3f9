"""Attention over time and provinces compared, through the real command line on a real index.

The corpus (tests/search_corpus.py) has one dated article a year from 2019 to
2025 and one undated: Long An's newspaper publishes in 2019 and 2020 only,
Bình Phước's site in 2021, 2023 and 2025, Quảng Trị's in 2022 and 2024.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from search.query.engine import search
from search.query.periods import period_codes, period_filter, period_label
from search.query.shares import wilson_interval
from tests.conftest import run_cli
from tests.research_home import cli_json, cli_text, make_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("research") / "home"
    make_home(home)
    return home


def _points(series: dict) -> dict[str, tuple[int, int, float | None]]:
    return {p["period"]: (p["matching"], p["total"], p["ratio"]) for p in series["points"]}


def test_a_trend_gives_matches_all_articles_and_their_ratio_per_year(home: Path) -> None:
    result = cli_json(home, "trends", "tuyên giáo", "--by", "year")
    (series,) = result["series"]
    assert [p["period"] for p in result["periods"]] == [str(y) for y in range(2019, 2026)]
    points = _points(series)
    assert points["2021"] == (1, 1, 1.0)  # "tuyên truyền, giáo dục": both words
    assert points["2022"] == (0, 1, 0.0)
    assert points["2023"] == points["2024"] == (1, 1, 1.0)
    assert (series["matching"], series["total"]) == (3, 7)
    assert series["undated"] == {"matching": 0, "total": 1}
    assert series["slice"] == "(every article)"


def test_the_slice_keeps_the_query_filters_and_drops_its_words(home: Path) -> None:
    result = cli_json(home, "trends", 'đảng province:"Long An"', "--by", "year")
    (series,) = result["series"]
    assert series["slice"] == 'province:"Long An"'
    assert [p["period"] for p in result["periods"]] == ["2019", "2020"]
    assert _points(series) == {"2019": (0, 1, 0.0), "2020": (1, 1, 1.0)}
    assert series["undated"] == {"matching": 1, "total": 1}  # "xây dựng Đảng", undated


def test_a_period_with_no_article_of_the_slice_is_a_gap_not_a_zero(home: Path) -> None:
    result = cli_json(home, "trends", "đảng", "--by", "year", "--per", "site", "--top", "0")
    by_site = {series["group"]: series for series in result["series"]}
    long_an = _points(by_site["la-bao"])
    assert long_an["2021"] == (0, 0, None)
    assert by_site["la-bao"]["gaps"] == 5
    rows = list(
        csv.DictReader(
            io.StringIO(
                cli_text(home, "trends", "đảng", "--by", "year", "--per", "site", "--csv").lstrip(
                    "\ufeff"
                )
            )
        )
    )
    gap = next(r for r in rows if r["series"] == "Báo Long An" and r["period"] == "2021")
    assert (gap["matching"], gap["total"], gap["ratio"]) == ("0", "0", "")


def test_series_per_province_then_and_now(home: Path) -> None:
    then = cli_json(home, "trends", "tuyên giáo", "--by", "year", "--per", "province")
    now = cli_json(home, "trends", "tuyên giáo", "--by", "year", "--per", "province_current")
    assert [s["label"] for s in then["series"]] == ["Bình Phước", "Quảng Trị", "Long An"]
    assert [s["label"] for s in now["series"]] == ["Đồng Nai", "Quảng Trị", "Tây Ninh"]
    assert then["series"][0]["query"] == "tuyên giáo site:bp-btg"


def test_queries_side_by_side_share_one_time_axis(home: Path) -> None:
    result = cli_json(home, "trends", "covid", "y tế", "thủy lợi", "--by", "year")
    assert [s["label"] for s in result["series"]] == ["covid", "y tế", "thủy lợi"]
    assert all(len(s["points"]) == len(result["periods"]) for s in result["series"])
    assert [s["matching"] for s in result["series"]] == [1, 2, 2]


def test_weeks_are_iso_weeks_and_each_period_names_its_search_filter() -> None:
    codes = period_codes([20230614, 20230618, 20230619, 0], "week")
    assert codes[0] == codes[1] != codes[2] and codes[3] == -1
    assert period_label(int(codes[0]), "week") == "2023-W24"
    assert period_filter(int(codes[0]), "week") == "date:2023-06-12..2023-06-18"
    day = int(period_codes([20240229], "day")[0])
    assert (period_label(day, "day"), period_filter(day, "day")) == (
        "2024-02-29",
        "date:2024-02-29",
    )
    month = int(period_codes([20231231], "month")[0])
    assert period_filter(month, "month") == "date:2023-12"


def test_each_point_links_to_a_search_finding_exactly_its_articles(search_corpus) -> None:
    from search.query.trends import trends

    archive, index_dir, _ = search_corpus
    result = trends(archive, index_dir, ["đảng"], period="week", per="site", top=0)
    for series in result["series"]:
        for when, point in zip(result["periods"], series["points"], strict=True):
            found = search(archive, index_dir, f"{series['query']} {when['filter']}")
            assert found["total"] == point["matching"], (series["label"], when)


def test_too_many_queries_or_per_with_several_are_refused_in_one_line(home: Path) -> None:
    six = run_cli(home, "trends", "a", "b", "c", "d", "e", "f")
    assert six.returncode == 2 and "At most 5 queries" in six.stderr
    both = run_cli(home, "trends", "a", "b", "--per", "site")
    assert both.returncode == 2 and "give one query" in both.stderr
    assert "Traceback" not in six.stderr + both.stderr


def test_provinces_compared_with_counts_and_95_percent_intervals(home: Path) -> None:
    result = cli_json(home, "shares", "tuyen giao", "--per", "province_current")
    rows = result["rows"]
    assert len(rows) == 34
    held = [(r["label"], r["matching"], r["total"]) for r in rows if r["total"]]
    assert held == [("Đồng Nai", 2, 3), ("Quảng Trị", 1, 2), ("Tây Ninh", 0, 3)]
    low, high = wilson_interval(2, 3)
    assert (rows[0]["low"], rows[0]["high"]) == (round(low, 6), round(high, 6))
    assert 0.2 < low < 0.21 and 0.93 < high < 0.94
    assert all(r["share"] is None and r["sites"] == 0 for r in rows[3:])
    assert result["overall"]["matching"] == 3 and result["overall"]["total"] == 8
    historic = cli_json(home, "shares", "tuyen giao")
    assert len(historic["rows"]) == 63 and historic["rows"][0]["label"] == "Bình Phước"


def test_the_share_table_for_a_person_says_where_no_site_is_archived(home: Path) -> None:
    text = cli_text(home, "shares", "tuyen giao", "--per", "province_current")
    assert "Đồng Nai" in text and "66.67%" in text and "20.77%–93.85%" in text
    assert "Cà Mau" in text and "no site archived" in text
