"""The Vietnamese matching rules, on a real Whoosh index of realistic articles."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from search.analysis import pair_spans, spans, words
from search.query.engine import matching_article_ids, search
from tests.search_corpus import result_keys


@pytest.fixture(scope="module")
def corpus(search_corpus: tuple) -> tuple:
    return search_corpus


keys = result_keys


def test_text_and_queries_are_nfc_normalised(corpus) -> None:
    decomposed = "Ti\u0309nh u\u0309y"  # "Tỉnh ủy" typed with combining marks
    assert set(keys(corpus, decomposed)) == set(keys(corpus, "Tỉnh ủy"))
    assert words("Tuye\u0302\u0300n") == words("Tuyền")


@pytest.mark.parametrize(
    ("old", "new"),
    [("Tỉnh uỷ", "tỉnh ủy"), ("hoà", "hòa"), ("khoá", "khóa"), ("thuỷ", "thủy"), ("Thuý", "Thúy")],
)
def test_old_and_new_tone_placement_are_one_word(corpus, old: str, new: str) -> None:
    found = set(keys(corpus, old))
    assert found and found == set(keys(corpus, new))


@pytest.mark.parametrize("base", ["hoa", "khoe", "thuy", "luy", "toa", "xoe", "Tuy", "Hoa"])
def test_tone_placement_rule_is_a_pattern_not_a_list(base: str) -> None:
    for tone in "\u0300\u0301\u0303\u0309\u0323":  # huyền, sắc, ngã, hỏi, nặng
        old = unicodedata.normalize("NFC", base + tone)  # mark on the last vowel
        new = unicodedata.normalize("NFC", base[:-1] + tone + base[-1])  # on the first
        assert words(old) == words(new), (old, new)
        assert words(f"{old} {new}") == [words(new)[0]] * 2


def test_unaccented_term_matches_with_or_without_diacritics(corpus) -> None:
    found = keys(corpus, "dang")
    assert {"dai-hoi", "chuyen-de", "khong-dau"} <= set(found)  # Đảng, đang, Dang
    assert found[0] == "khong-dau"  # the exact spelling ranks first


def test_accented_term_matches_that_accented_word_only(corpus) -> None:
    assert set(keys(corpus, "Đảng")) == {"dai-hoi", "chuyen-de", "covid"}
    assert set(keys(corpus, "đang")) == {"dai-hoi"}
    assert "khong-dau" not in keys(corpus, "đảng")


def test_d_bar_folds_to_d(corpus) -> None:
    assert set(keys(corpus, "dai hoi")) == set(keys(corpus, "đại hội")) == {"dai-hoi"}


def test_one_letter_syllables_and_english_stop_words_are_searchable(corpus) -> None:
    assert set(keys(corpus, '"y tế"')) == {"covid", "y-te"}
    assert set(keys(corpus, "an ninh")) == {"chi-thi-05"}
    assert set(keys(corpus, "ở")) == {"giao-ban", "covid", "chi-thi-05", "khong-dau", "y-te"}


def test_quoted_phrase_is_strict_and_ignores_punctuation(corpus) -> None:
    assert set(keys(corpus, '"tuyên giáo"')) == {"giao-ban", "bao-cao-vien"}
    assert "covid" not in keys(corpus, '"tuyên giáo"')  # tuyên and giáo, never together
    assert set(keys(corpus, '"kinh tế xã hội"')) == {"giao-ban"}  # "kinh tế - xã hội"
    assert keys(corpus, '"tuyên, giáo"') == keys(corpus, '"tuyên giáo"')


def test_long_phrase_needs_its_words_in_a_row(corpus) -> None:
    # bao-cao-vien has "ban tuyên", "tuyên giáo" and "giáo tỉnh", never in one run.
    assert set(keys(corpus, '"ban tuyên giáo tỉnh"')) == {"giao-ban"}
    assert set(keys(corpus, '"ban tuyen giao tinh"')) == {"giao-ban"}


def test_phrase_never_spans_a_paragraph_break() -> None:
    pairs = [pair for pair, *_ in pair_spans(spans("kinh tế\n\nxã hội"))]
    assert pairs == ["kinh tế", "xã hội"]


def test_unquoted_words_rank_the_adjacent_phrase_first(corpus) -> None:
    # covid has tuyên and giáo many times, apart; the others have "tuyên giáo" once.
    found = keys(corpus, "tuyên giáo")
    assert set(found) == {"giao-ban", "bao-cao-vien", "covid"}
    assert found[-1] == "covid"
    assert keys(corpus, "tuyen giao")[-1] == "covid"


def test_only_title_and_body_are_searched(corpus) -> None:
    # Sites' names, provinces and bylines in metadata are not article text.
    assert keys(corpus, "baolongan") == []
    assert set(keys(corpus, "Khiêm")) == {"giao-ban"}  # in the body's byline line


def test_snippet_marks_the_accented_original_for_folded_matches(corpus) -> None:
    archive, index_dir, _ = corpus
    result = search(archive, index_dir, "tinh uy")
    snippets = " ".join(hit["snippet"] for hit in result["results"])
    assert "<mark>Tỉnh uỷ</mark>" in snippets and "<mark>Tỉnh ủy</mark>" in snippets
    [hit] = search(archive, index_dir, '"kinh te xa hoi"')["results"]
    assert "<mark>kinh tế - xã hội</mark>" in hit["snippet"]


def test_snippet_escapes_the_text(tmp_path: Path) -> None:
    from search.query.snippets import Highlights, snippet

    marked = snippet("<b>Đảng</b> & nhân dân", Highlights(folded={"dang"}))
    assert marked == "&lt;b&gt;<mark>Đảng</mark>&lt;/b&gt; &amp; nhân dân"


def test_matching_article_ids_agree_with_search_totals(corpus) -> None:
    archive, index_dir, ids = corpus
    for query in ["dang", '"tuyên giáo"', "province:dong-nai", "-site:la-bao date:2020..2023"]:
        found = matching_article_ids(index_dir, query)
        assert len(found) == search(archive, index_dir, query)["total"]
    expected = sorted([ids["giao-ban"], ids["covid"], ids["y-te"]])
    assert matching_article_ids(index_dir, 'province:"Đồng Nai"') == expected


def test_exact_diacritic_match_scores_a_tier_above(corpus) -> None:
    archive, index_dir, ids = corpus
    results = search(archive, index_dir, "dang")["results"]
    assert results[0]["id"] == ids["khong-dau"]
    assert results[0]["score"] > 2 * results[1]["score"]
    assert all(re.search(r"<mark>", hit["snippet"]) for hit in results)
