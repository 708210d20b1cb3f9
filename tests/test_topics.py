"""Topics over a real Whoosh index and a real database: filters, files, frozen snapshots."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from republished import SITE_IDS, add_article, fill_for_export, originals, text_of

from archive.db import Archive
from archive.exports import ExportRequest, run_export
from archive.selection import Selection
from archive.snapshots import freeze, get_snapshot, snapshot_drift
from archive.topic_stats import selection_stats
from archive.topics import (
    Filters,
    TopicDefinition,
    TopicError,
    add_topic,
    definition_of,
    edit_topic,
    get_topic,
    import_topics,
    list_topics,
    read_topics_file,
    remove_topic,
    write_topics_file,
)
from search.index.update import update_index
from search.query.engine import matching_article_ids
from search.query.selections import topic_selection

# "cán bộ" (cadres) appears in most of the handwritten articles.
QUERY = "can bo"


@pytest.fixture
def indexed(archive: Archive, tmp_path: Path):
    stored = fill_for_export(archive)
    update_index(archive, tmp_path / "index")
    return archive, tmp_path / "index", stored


def _members(archive: Archive, index_dir: Path, definition: TopicDefinition) -> set[int]:
    selection = topic_selection(archive, index_dir, definition)
    with archive.session() as session:
        stats = selection_stats(session, selection)
    out = index_dir.parent / f"{definition.slug}.jsonl"
    run_export(archive, ExportRequest(selection=selection, format="jsonl", out=out))
    ids = {json.loads(line)["id"] for line in out.read_text().splitlines()}
    assert stats.count == len(ids)
    return ids


def test_province_filters_match_either_province_without_diacritics(indexed) -> None:
    archive, index_dir, stored = indexed
    every = set(matching_article_ids(index_dir, QUERY))
    binh_phuoc = {s.id for s in stored if s.site == SITE_IDS[0]} & every
    assert binh_phuoc and every - binh_phuoc
    for provinces in (("binh phuoc",), ("Đồng Nai",), ("Tỉnh Bình Phước",), ("DONG NAI",)):
        definition = TopicDefinition("t", QUERY, filters=Filters(provinces=provinces))
        assert _members(archive, index_dir, definition) == binh_phuoc, provinces
    two = TopicDefinition("t", QUERY, filters=Filters(provinces=("tay ninh", "Bình Phước")))
    long_an = {s.id for s in stored if s.site == SITE_IDS[2]} & every
    assert _members(archive, index_dir, two) == binh_phuoc | long_an


def test_date_and_site_filters_narrow_in_sql(indexed) -> None:
    archive, index_dir, stored = indexed
    every = set(matching_article_ids(index_dir, QUERY))
    spring = Filters(date_from=dt.date(2023, 2, 1), date_to=dt.date(2023, 4, 30))
    expected = {
        s.id
        for s in stored
        if s.published and "2023-02-01" <= s.published[:10] <= "2023-04-30" and s.id in every
    }
    assert expected
    assert _members(archive, index_dir, TopicDefinition("t", QUERY, filters=spring)) == expected
    site = Filters(sites=(SITE_IDS[1],), date_from=dt.date(2023, 1, 1))
    expected = {s.id for s in stored if s.site == SITE_IDS[1] and s.published and s.id in every}
    assert _members(archive, index_dir, TopicDefinition("t", QUERY, filters=site)) == expected


def test_topic_report_counts_provinces_and_months(indexed) -> None:
    archive, _, stored = indexed
    with archive.session() as session:
        stats = selection_stats(session, Selection())
    assert stats.count == len(stored) and stats.undated == 1
    assert stats.first == dt.date(2023, 1, 10) and stats.last == dt.date(2023, 5, 14)
    assert stats.by_province[("Bình Phước", "Đồng Nai")] == 2
    assert stats.by_month["2023-01"] == 3
    assert sum(stats.by_month.values()) == len(stored) - 1


def test_topics_file_round_trip_and_import(archive: Archive) -> None:
    definitions = [
        TopicDefinition(
            "chi-thi-05",
            '"chỉ thị 05"',
            title="Chỉ thị 05",
            description="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            filters=Filters(dt.date(2016, 5, 15), dt.date(2021, 12, 31), ("Đồng Tháp",), ()),
        ),
        TopicDefinition("covid-2021", "covid", filters=Filters(dt.date(2021, 1, 1))),
    ]
    text = write_topics_file(definitions)
    assert "Chỉ thị 05" in text  # readable Vietnamese, not escapes
    assert read_topics_file(text) == definitions
    with archive.session() as session:
        assert import_topics(session, definitions) == {"added": 2, "updated": 0, "unchanged": 0}
        changed = [definitions[0], TopicDefinition("covid-2021", 'covid OR "dịch bệnh"')]
        assert import_topics(session, changed) == {"added": 0, "updated": 1, "unchanged": 1}
        assert [definition_of(t) for t in list_topics(session)] == changed


def test_topics_file_errors_say_what_is_wrong() -> None:
    with pytest.raises(TopicError, match="not valid YAML"):
        read_topics_file("topics: [unclosed")
    with pytest.raises(TopicError, match="top-level 'topics:'"):
        read_topics_file("- slug: a")
    with pytest.raises(TopicError, match="Unknown key"):
        read_topics_file("topics:\n  - {slug: a, query: b, provinve: [X]}")
    with pytest.raises(TopicError, match="more than once"):
        read_topics_file("topics:\n  - {slug: a, query: b}\n  - {slug: a, query: c}")
    with pytest.raises(TopicError, match="not a date"):
        read_topics_file("topics:\n  - {slug: a, query: b, from: 'last spring'}")
    with pytest.raises(TopicError, match="period is empty"):
        Filters(date_from=dt.date(2022, 1, 1), date_to=dt.date(2021, 1, 1))
    with pytest.raises(TopicError, match="slug"):
        TopicDefinition("Chỉ thị", "x")


def test_a_frozen_topic_exports_its_frozen_list_after_the_archive_changes(indexed) -> None:
    archive, index_dir, stored = indexed
    definition = TopicDefinition("can-bo", QUERY, title="Cán bộ")
    with archive.session() as session:
        topic = add_topic(session, definition)
        selection = Selection(matching_article_ids(index_dir, QUERY), definition.filters)
        snapshot = freeze(session, topic, definition, selection, name="paper-2025")
        frozen_ids = set(matching_article_ids(index_dir, QUERY))
        assert snapshot.article_count == len(frozen_ids)
    # New articles arrive, one article is re-extracted, and the topic is redefined.
    extra = originals(8)[7]
    new = add_article(
        archive, SITE_IDS[0], "bai-moi", extra.title, text_of(extra) + " Cán bộ.", "2024-01-01"
    )
    changed = stored[0]
    add_article(
        archive, changed.site, "bai-0", changed.title, changed.text + " Cán bộ, đảng viên.", None
    )
    update_index(archive, index_dir)
    with archive.session() as session:
        edit_topic(session, "can-bo", query="dang vien")
        topic = get_topic(session, "can-bo")
        snapshot = get_snapshot(session, topic, "paper-2025")
        drift = snapshot_drift(session, snapshot)
        snapshot_id = snapshot.id
    assert new.id in set(matching_article_ids(index_dir, QUERY))
    assert drift.missing == [] and drift.text_changed == [changed.id]
    out = index_dir.parent / "frozen.csv"
    run_export(
        archive, ExportRequest(selection=Selection(snapshot_id=snapshot_id), format="csv", out=out)
    )
    manifest = json.loads(out.with_name("frozen.csv.manifest.json").read_text())
    assert {entry["id"] for entry in manifest["articles"]} == frozen_ids
    assert manifest["count"] == len(frozen_ids)


def test_removing_a_topic_with_snapshots_needs_consent(indexed) -> None:
    archive, index_dir, _ = indexed
    definition = TopicDefinition("t", QUERY)
    with archive.session() as session:
        topic = add_topic(session, definition)
        freeze(session, topic, definition, Selection(matching_article_ids(index_dir, QUERY)))
    with archive.session() as session, pytest.raises(TopicError, match="--delete-snapshots"):
        remove_topic(session, "t")
    with archive.session() as session:
        remove_topic(session, "t", with_snapshots=True)
        assert list_topics(session) == []
    with archive.session() as session, pytest.raises(TopicError, match="topic list"):
        get_topic(session, "t")
