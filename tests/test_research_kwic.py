"""Keyword in context: every occurrence, matched as the search matches, streamed and sorted."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from search.analysis import folded_form
from search.query.kwic import kwic_lines, left_context, right_context
from search.query.kwic_sort import sorted_lines
from tests.conftest import run_cli
from tests.research_home import make_home, texts_by_id


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("kwic") / "home"
    make_home(home)
    return home


def _jsonl(home: Path, *args: str) -> list[dict]:
    result = run_cli(home, "kwic", *args, "--jsonl")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_phrase_is_matched_where_its_words_stand_together(home: Path, search_corpus) -> None:
    lines = _jsonl(home, '"tuyên giáo"')
    assert {folded_form(line["match"]).lower() for line in lines} == {"tuyen giao"}
    archive, _, _ = search_corpus
    expected = sum(
        len(re.findall(r"(?i)\btuyên giáo\b", text)) for text in texts_by_id(archive).values()
    )
    assert len(lines) == expected == 5
    titles = [line for line in lines if line["field"] == "title"]
    assert [line["match"] for line in titles] == ["Tuyên giáo"]


def test_diacritics_follow_the_search_rules(home: Path) -> None:
    unaccented = {line["match"] for line in _jsonl(home, "thuy")}
    assert unaccented == {"thuỷ", "thủy", "Thuý", "Thúy"}
    accented = {line["match"] for line in _jsonl(home, "thủy")}
    assert accented == {"thuỷ", "thủy"}  # old and new tone placement; not Thuý
    assert {line["match"] for line in _jsonl(home, "thủy -lợi")} == set()


def test_lines_carry_context_title_date_site_and_link(home: Path) -> None:
    (line,) = [x for x in _jsonl(home, "Gio Linh")]
    assert line["match"] == "Gio Linh"
    assert line["left"].endswith("Ban Tuyên giáo huyện ")
    assert line["right"].startswith(" họp với đội ngũ")
    assert line["title"] == "Hội nghị báo cáo viên định kỳ tháng 1"
    assert line["published"].startswith("2024-01-10") and line["site"] == "qt-tu"
    assert line["url"].endswith("/bao-cao-vien.html")


def test_articles_come_oldest_first_and_sorts_follow_the_neighbouring_words(home: Path) -> None:
    lines = _jsonl(home, "tuyen")
    dates = [line["published"] or "9999" for line in lines]
    assert dates == sorted(dates)
    right = _jsonl(home, "tuyen", "--sort", "right")
    firsts = [folded_form(re.findall(r"\w+", line["right"])[0].lower()) for line in right]
    assert firsts == sorted(firsts)
    left = _jsonl(home, "tuyen", "--sort", "left")
    nearest = [folded_form(re.findall(r"\w+", line["left"])[-1].lower()) for line in left]
    assert nearest == sorted(nearest)
    assert sorted(map(json.dumps, left)) == sorted(map(json.dumps, lines))


def test_csv_for_excel_with_every_line(home: Path) -> None:
    result = run_cli(home, "kwic", "tuyen", "--csv", "--width", "20")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeffleft,match,right,title,published,site")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert len(rows) == len(_jsonl(home, "tuyen"))
    assert all(len(row["left"]) <= 20 and len(row["right"]) <= 20 for row in rows)


def test_streaming_in_small_batches_gives_the_same_lines(search_corpus) -> None:
    archive, index_dir, _ = search_corpus
    whole = list(kwic_lines(archive, index_dir, "đảng OR tỉnh"))
    assert list(kwic_lines(archive, index_dir, "đảng OR tỉnh", articles=2)) == whole
    assert len(whole) > 10


def test_sorting_spills_to_disk_in_runs_with_the_same_order() -> None:
    lines = [
        {"left": f"x {word}", "right": f"{word} y", "article_id": n, "field": "text", "offset": n}
        for n, word in enumerate(["đảng", "dang", "cán", "ủy", "bộ", "Đảng", "an"] * 30)
    ]
    for side in ("left", "right"):
        assert list(sorted_lines(lines, side, run_lines=7)) == list(
            sorted_lines(lines, side, run_lines=10_000)
        )


def test_context_is_cut_at_word_boundaries_on_one_line() -> None:
    text = "Một hai ba bốn\n\nnăm sáu bảy tám chín mười"
    start = text.index("năm")
    assert left_context(text, start, 8) == "bốn ¶ "
    assert right_context(text, start + 3, 9) == " sáu bảy"
    assert left_context(text, 0, 8) == ""
