"""The query language, results, facets, suggestions and repairs, on a real index."""

from __future__ import annotations

import json

import pytest

from archive.models import Site
from search.query.engine import search
from search.query.syntax import parse
from tests.conftest import run_cli
from tests.search_corpus import result_keys


@pytest.fixture(scope="module")
def corpus(search_corpus: tuple) -> tuple:
    return search_corpus


keys = result_keys


def run(corpus, query: str, **options: object) -> dict:
    archive, index_dir, _ = corpus
    return search(archive, index_dir, query, **options)


def test_words_are_anded_by_default(corpus) -> None:
    assert set(keys(corpus, "thủy lợi")) == {"chi-thi-05", "dai-hoi"}
    assert set(keys(corpus, "thủy lợi Mỹ Yên")) == {"dai-hoi"}
    assert keys(corpus, "thủy lợi AND Mỹ Yên") == keys(corpus, "thủy lợi Mỹ Yên")


def test_or_not_minus_and_parentheses(corpus) -> None:
    assert set(keys(corpus, "covid OR khoá")) == {"covid", "dai-hoi", "chi-thi-05"}
    assert set(keys(corpus, 'thủy lợi NOT "Mỹ Yên"')) == {"chi-thi-05"}
    assert keys(corpus, "thủy lợi -Mỹ") == keys(corpus, 'thủy lợi NOT "Mỹ Yên"')
    assert set(keys(corpus, "(covid OR khoá) -site:qt-tu")) == {"covid", "dai-hoi"}
    assert set(keys(corpus, "-đảng -ở")) == {"bao-cao-vien"}


def test_site_and_province_filters_read_both_provinces(corpus) -> None:
    assert set(keys(corpus, "site:la-bao")) == {"dai-hoi", "khong-dau", "chuyen-de"}
    assert set(keys(corpus, 'site:"Báo Long An"')) == {"dai-hoi", "khong-dau", "chuyen-de"}
    at_the_time = set(keys(corpus, 'province:"Long An"'))
    now = set(keys(corpus, "province:tay-ninh"))  # its unit since July 2025, no accents
    assert at_the_time == now == {"dai-hoi", "khong-dau", "chuyen-de"}
    assert set(keys(corpus, 'province:"binh phuoc" y tế')) == {"covid", "y-te"}


def test_province_filter_follows_the_sites_table_without_reindexing(corpus) -> None:
    archive, _, _ = corpus
    with archive.session() as session:
        session.get(Site, "qt-tu").province_current = "Quảng Trị mới"
    try:
        assert set(keys(corpus, 'province:"Quang Tri moi"')) == {"chi-thi-05", "bao-cao-vien"}
    finally:
        with archive.session() as session:
            session.get(Site, "qt-tu").province_current = "Quảng Trị"


def test_author_and_source_filters(corpus) -> None:
    assert keys(corpus, 'author:"Duy Khiem"') == ["giao-ban"]
    assert keys(corpus, "author:thuy") == ["chi-thi-05"]
    assert keys(corpus, "source:TTXVN") == ["covid"]


def test_date_filters_and_sorting(corpus) -> None:
    assert keys(corpus, "date:2023") == ["giao-ban"]
    assert keys(corpus, "date:2023-06") == ["giao-ban"]
    assert set(keys(corpus, "date:2020-12..2022-09")) == {"dai-hoi", "covid", "chi-thi-05"}
    assert keys(corpus, "date:..2019") == ["khong-dau"]
    newest = keys(corpus, "site:la-bao OR site:bp-btg")
    assert newest == ["y-te", "giao-ban", "covid", "dai-hoi", "khong-dau", "chuyen-de"]
    assert keys(corpus, "site:la-bao", sort="oldest") == ["khong-dau", "dai-hoi", "chuyen-de"]
    assert keys(corpus, "đảng sort:date") == ["covid", "dai-hoi", "chuyen-de"]


def test_pagination(corpus) -> None:
    everything = keys(corpus, "-zzz", sort="newest")
    first, second = run(corpus, "-zzz", limit=3, page=1), run(corpus, "-zzz", limit=3, page=2)
    assert first["total"] == second["total"] == len(everything) == 8
    assert (first["pages"], second["page"]) == (3, 2)
    _, _, ids = corpus
    by_id = {v: k for k, v in ids.items()}
    pages = [by_id[h["id"]] for h in first["results"] + second["results"]]
    assert pages == everything[:6]
    assert run(corpus, "-zzz", limit=3, page=99)["results"] == []


def test_results_carry_what_a_researcher_cites(corpus) -> None:
    [hit] = run(corpus, '"hoà giải"')["results"]
    assert hit["url"] == "http://bp-btg.example/tin-tuc/giao-ban.html"
    assert hit["title"] == "Ban Tuyên giáo Tỉnh uỷ giao ban công tác quý II"
    assert hit["published"] == "2023-06-14T09:30+07:00"
    assert (hit["site"], hit["site_name"]) == ("bp-btg", "Ban Tuyên giáo Tỉnh ủy Bình Phước")
    assert (hit["province"], hit["province_current"]) == ("Bình Phước", "Đồng Nai")
    assert (hit["author"], hit["source"]) == ("Duy Khiêm", None)
    assert "<mark>hoà giải</mark>" in hit["snippet"]


def test_facets_count_sites_provinces_and_years(corpus) -> None:
    result = run(corpus, "ở OR đảng")
    facets = result["facets"]
    assert sum(row["count"] for row in facets["site"]) == result["total"] == 7
    assert {row["value"]: row["count"] for row in facets["province"]} == {
        "Bình Phước": 3,
        "Quảng Trị": 1,
        "Long An": 3,
    }
    assert {row["value"]: row["count"] for row in facets["province_current"]} == {
        "Đồng Nai": 3,
        "Quảng Trị": 1,
        "Tây Ninh": 3,
    }
    years = [(row["value"], row["count"]) for row in facets["year"]]
    assert years == [("2025", 1), ("2023", 1), ("2022", 1), ("2021", 1), ("2020", 1),
                     ("2019", 1), ("undated", 1)]  # fmt: skip
    assert facets["site"][0] == {"value": "bp-btg", "count": 3, "label": SITE_NAME}


SITE_NAME = "Ban Tuyên giáo Tỉnh ủy Bình Phước"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("tuyêm giáo", "tuyên giáo"),
        ("tuyen giao", "tuyên giáo"),
        ("Tinh uy Quang Tri", "Tỉnh ủy Quảng Trị"),
        ('"an ninh trat tu" date:2022', '"an ninh trật tự" date:2022'),
    ],
)
def test_did_you_mean_restores_missing_or_wrong_diacritics(corpus, typed: str, meant: str) -> None:
    assert run(corpus, typed)["did_you_mean"] == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ('tuyen "giao', "tuyên giáo"),
        ("(tuyen giao", "tuyên giáo"),
        ("tuyen giao) Quang Tri", "tuyên giáo Quảng Trị"),
        ('"tuyen giao" "an ninh', '"tuyên giáo" an ninh'),
    ],
)
def test_did_you_mean_leaves_out_what_the_query_had_to_ignore(
    corpus, typed: str, meant: str
) -> None:
    # The suggestion is offered as a link: following it must not meet the same notes.
    assert run(corpus, typed)["did_you_mean"] == meant
    assert not run(corpus, meant)["notes"]


def test_no_suggestion_for_a_well_spelled_query(corpus) -> None:
    assert run(corpus, "tuyên giáo")["did_you_mean"] is None


@pytest.mark.parametrize("typed", ["x", "bar", "Facebook"])
def test_no_suggestion_turns_a_letter_or_a_foreign_word_into_vietnamese(corpus, typed) -> None:
    assert run(corpus, typed)["did_you_mean"] is None


def test_the_words_of_an_unknown_filter_are_kept_as_typed(corpus) -> None:
    suggestion = run(corpus, "foo:bar tuyen giao")["did_you_mean"]
    assert suggestion is not None and suggestion.startswith("foo:bar ")


# (query, whether it needs a note explaining what was repaired or ignored)
MALFORMED = [
    ('"tuyên giáo', True),
    ("((tuyên giáo", True),
    ("tuyên giáo)", True),
    ("OR", True),
    ("NOT", True),
    ("tuyên OR", True),
    ("- -", True),
    ("date:2023-13 tuyên", True),
    ("date:2025..2020", True),
    ("site:", True),
    ("province:", True),
    ("foo:bar", True),
    ("sort:nowhere tuyên", True),
    ("(" * 40 + "tuyên" + ")" * 40, True),
    ("tuyên " * 200, True),
    ("\x00\x01", True),
    ('province:"nowhere at all"', True),
    ("site:no-such-site", True),
    ("", True),
    ("😀 ☭ 🇻🇳 covid", False),
    ("Ti\u0309nh u\u0309y", False),
]


@pytest.mark.parametrize(("query", "noted"), MALFORMED)
def test_malformed_queries_are_answered_not_raised(corpus, query: str, noted: bool) -> None:
    result = run(corpus, query)
    assert {"query", "total", "results", "facets", "notes", "did_you_mean"} <= result.keys()
    assert result["total"] >= len(result["results"])
    assert bool(result["notes"]) == noted, result["notes"]


def test_repairs_are_explained(corpus) -> None:
    assert run(corpus, '"tuyên giáo')["notes"] and run(corpus, '"tuyên giáo')["total"] == 3
    assert any("parenthesis" in note for note in run(corpus, "((tuyên giáo")["notes"])
    assert any("not understood" in note for note in run(corpus, "date:2023-13 tuyên")["notes"])
    assert any("No site" in note for note in run(corpus, "site:no-such-site")["notes"])
    assert run(corpus, "tuyên giáo", sort="sideways")["notes"]


def test_parser_tree_for_the_documented_examples() -> None:
    parsed = parse(
        '(covid OR dịch) -site:x province:"Bình Phước" date:2022-01..2023-06 sort:oldest'
    )
    assert parsed.sort == "oldest" and not parsed.notes
    assert repr(parsed.tree).count(
        "Filter"
    ) == 2 and "DateRange(first=20220101, last=20230630)" in repr(parsed.tree)


def test_cli_search_json_and_plain_output(corpus) -> None:
    home = corpus[1].parent  # the archive and its index live in a Partyline home layout
    result = run_cli(home, "search", "tinh uy province:binh-phuoc", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"query", "total", "results", "facets"} <= data.keys()
    assert data["total"] == 1 and data["results"][0]["url"].startswith("http://bp-btg.example/")
    plain = run_cli(home, "search", "tinh uy", "--sort", "oldest")
    assert plain.returncode == 0, plain.stderr
    assert "result(s) for “tinh uy”" in plain.stdout and "[Tỉnh ủy]" in plain.stdout
    assert "By province: " in plain.stdout and "<mark>" not in plain.stdout
