"""Distinctive terms: counts checked against a count of the texts themselves, the statistic
against its formula, two-syllable words recognised, and the recogniser's precision and
recall on the hand-labelled pairs."""

from __future__ import annotations

import math
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from archive.articles import ArticleFields
from archive.db import Archive
from benchmarks.corpus import corpus_sites, fill_archive
from search.analysis import words
from search.index.update import update_index
from search.query.keyness import log_likelihood, log_ratio
from search.query.terms import terms_for_queries
from tests.conftest import run_cli
from tests.research_home import cli_json, texts_by_id
from tests.website_archive import store_article

VACCINE = (
    "Ngành y tế tổ chức tiêm chủng vắc xin phòng COVID-19 cho người dân. Các điểm tiêm "
    "chủng bảo đảm an toàn; đội ngũ y bác sĩ theo dõi sau tiêm chủng. Vắc xin được bảo "
    "quản đúng quy định."
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Path, Path]:
    """300 realistic articles on 3 sites, 30 about vaccination against COVID-19."""
    home = tmp_path_factory.mktemp("terms") / "home"
    home.mkdir()
    archive = Archive(f"sqlite:///{home / 'archive.db'}")
    fill_archive(archive, 300, sites=3)
    site = corpus_sites(1)[0]
    for number in range(30):
        fields = ArticleFields(
            title=f"Tiêm chủng vắc xin COVID-19 đợt {number + 1}",
            text=f"{VACCINE}\n\nĐợt {number + 1} diễn ra tại xã thứ {number + 1}.",
            published=f"2021-{number % 12 + 1:02d}-15",
        )
        store_article(archive, site.id, f"https://{site.host}/tiem-chung-{number}.html", fields)
    update_index(archive, home / "index")
    yield archive, home / "index", home
    archive.dispose()


def _count(texts: list[str]) -> tuple[Counter, Counter, int]:
    """Words and pairs within paragraphs, counted independently of the code under test."""
    single, double, tokens = Counter(), Counter(), 0
    for text in texts:
        for paragraph in text.split("\n"):
            found = words(paragraph)
            single.update(found)
            double.update(f"{a} {b}" for a, b in pairwise(found))
            tokens += len(found)
    return single, double, tokens


def test_vaccination_words_stand_out_with_counts_as_in_the_texts(corpus) -> None:
    archive, index_dir, _ = corpus
    result = terms_for_queries(archive, index_dir, ["covid"])
    (column,) = result["columns"]
    listed = {term["term"]: term for term in column["terms"]}
    assert {"tiêm chủng", "vắc xin"} <= set(listed)
    assert "covid" not in listed  # the query's own word
    texts = texts_by_id(archive)
    study_ids = [i for i, t in texts.items() if "covid" in t.lower()]
    study = _count([texts[i] for i in study_ids])
    rest = _count([t for i, t in texts.items() if i not in study_ids])
    assert column["study"]["articles"] == len(study_ids) == column["study"]["counted"]
    assert column["study"]["tokens"] == study[2]
    for term in ("tiêm chủng", "vắc xin"):
        a, b = study[1][term], rest[1][term]
        assert (listed[term]["count"], listed[term]["reference_count"]) == (a, b)
        g2 = float(log_likelihood([a], [b], study[2], rest[2])[0])
        assert listed[term]["log_likelihood"] == pytest.approx(g2, abs=0.01)
        assert listed[term]["log_ratio"] == pytest.approx(
            float(log_ratio([a], [b], study[2], rest[2])[0]), abs=0.001
        )


def test_a_word_mostly_inside_a_listed_two_syllable_word_is_not_listed_again(corpus) -> None:
    archive, index_dir, _ = corpus
    (column,) = terms_for_queries(archive, index_dir, ["covid"])["columns"]
    listed = {term["term"] for term in column["terms"]}
    assert "vắc xin" in listed and "xin" not in listed and "vắc" not in listed


def test_log_likelihood_follows_dunning() -> None:
    a, b, c, d = 30, 10, 10_000, 1_000_000
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    expected = 2 * (a * math.log(a / e1) + b * math.log(b / e2))
    assert float(log_likelihood([a], [b], c, d)[0]) == pytest.approx(expected)
    assert float(log_ratio([a], [0], c, d)[0]) == pytest.approx(math.log2((30 / c) / (0.5 / d)))


def test_two_periods_side_by_side_and_one_against_the_other(corpus) -> None:
    _, _, home = corpus
    result = cli_json(home, "terms", "date:2021", "date:2015", "--top", "10")
    assert [c["study"]["label"] for c in result["columns"]] == ["date:2021", "date:2015"]
    first = {term["term"] for term in result["columns"][0]["terms"]}
    assert "tiêm chủng" in first
    direct = cli_json(home, "terms", "date:2021", "--against", "date:2015")
    (column,) = direct["columns"]
    assert column["reference"]["label"] == "date:2015"
    assert "tiêm chủng" in {term["term"] for term in column["terms"]}


def test_a_large_selection_is_counted_from_a_fixed_sample(corpus) -> None:
    archive, index_dir, _ = corpus
    once = terms_for_queries(archive, index_dir, ["date:2011..2025"], sample=100)
    again = terms_for_queries(archive, index_dir, ["date:2011..2025"], sample=100)
    assert once == again
    column = once["columns"][0]
    assert column["study"]["counted"] == 100 < column["study"]["articles"]
    assert any("sample of 100" in note for note in column["notes"])


def test_terms_csv_has_one_row_per_term_and_selection(corpus) -> None:
    _, _, home = corpus
    result = run_cli(home, "terms", "covid", "date:2021", "--top", "5", "--csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("selection,term,syllables,count,documents")
    assert 2 <= len(lines) - 1 <= 10


def test_two_syllable_words_are_recognised_with_measured_precision_and_recall(
    tmp_path: Path,
) -> None:
    """The figures of docs/research.md: at least 75 % precision and 70 % recall on the
    test half of the hand-labelled pairs."""
    from benchmarks.word_recognition import measure, sample_archive

    archive, index_dir = sample_archive(tmp_path / "words")
    result = measure(archive, index_dir)
    archive.dispose()
    assert result["test"].precision >= 0.75 and result["test"].recall >= 0.7, result["test"]
    assert result["test"].f1 > result["baseline"].f1 + 0.2
