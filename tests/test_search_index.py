"""The index's life: incremental runs, one writer at a time, readers during commits,
rebuilds of indexes written by another Partyline version, both cores for big batches."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.writing import SegmentWriter

from archive.articles import ArticleFields, delete_articles, upsert_article
from archive.db import Archive
from archive.models import Article
from search.index import segments
from search.index.documents import COLUMNS, article_document
from search.index.fastwriter import FastSegmentWriter
from search.index.update import update_index
from search.query.engine import matching_article_ids, search
from search.schema import build_schema
from search.store import STATE_FILE, IndexBusy, IndexOutdated, current_build, writer_lock
from tests.conftest import run_cli
from tests.search_corpus import ARTICLES, Spec, add_articles


def _indexed(tmp_path: Path, specs: list[Spec] = ARTICLES) -> tuple[Archive, Path]:
    """An archive of these articles under ``tmp_path``, indexed."""
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    add_articles(archive, specs)
    update_index(archive, tmp_path / "index")
    return archive, tmp_path / "index"


def _titles(archive: Archive, index_dir: Path, query: str) -> set[str]:
    return {hit["title"] for hit in search(archive, index_dir, query, limit=50)["results"]}


def _set_text(archive: Archive, article_id: int, text: str) -> None:
    with archive.session() as session:
        article = session.get(Article, article_id)
        fields = ArticleFields(
            title=article.title, text=text, published=article.published, author=article.author
        )
        upsert_article(session, article.capture, fields)


def test_incremental_run_writes_new_changed_and_removed_articles_only(
    archive: Archive, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    ids = add_articles(archive, ARTICLES[:4])
    first = update_index(archive, index_dir)
    assert (first.rebuilt, first.added, first.documents) == (True, 4, 4)
    assert update_index(archive, index_dir).added == 0  # nothing changed: nothing written

    add_articles(archive, ARTICLES[4:6])
    _set_text(archive, ids["covid"], "Các cấp ủy đẩy mạnh chuyển đổi số trong công tác dân vận.")
    with archive.session() as session:
        delete_articles(session, [ids["bao-cao-vien"]])
    summary = update_index(archive, index_dir)
    assert (summary.rebuilt, summary.added, summary.updated, summary.removed) == (False, 2, 1, 1)
    assert summary.documents == 5
    assert _titles(archive, index_dir, "chuyển đổi số") == {ARTICLES[1].title}
    assert _titles(archive, index_dir, "vắc xin") == set()  # the old text is gone
    assert _titles(archive, index_dir, "báo cáo viên") == set()  # the removed article
    assert _titles(archive, index_dir, "Mỹ Yên") == {ARTICLES[4].title}
    assert len(matching_article_ids(index_dir, "-zzz")) == 5


def test_a_changed_source_or_site_is_reindexed(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'a.db'}")
    ids = add_articles(archive, ARTICLES[:2])
    update_index(archive, tmp_path / "index")
    with archive.session() as session:
        session.get(Article, ids["giao-ban"]).source = "Báo Bình Phước"
    assert update_index(archive, tmp_path / "index").updated == 1
    assert matching_article_ids(tmp_path / "index", 'source:"bao binh phuoc"') == [ids["giao-ban"]]


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    archive, index_dir = _indexed(tmp_path, ARTICLES[:2])
    with writer_lock(index_dir):
        with pytest.raises(IndexBusy, match="Another indexing run"):
            update_index(archive, index_dir)
        refused = run_cli(tmp_path, "index")
    assert refused.returncode != 0
    assert "Another indexing run" in refused.stderr and "Traceback" not in refused.stderr
    assert search(archive, index_dir, "tuyên")["total"] == 2  # the index is intact


def test_a_waiting_writer_runs_once_the_lock_is_free(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    add_articles(archive, ARTICLES[:2])
    index_dir = tmp_path / "index"
    holding = threading.Event()

    def hold() -> None:
        with writer_lock(index_dir):
            holding.set()
            time.sleep(1.0)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait()
    started = time.monotonic()
    summary = update_index(archive, index_dir, wait=30)
    holder.join()
    assert time.monotonic() - started >= 0.5 and summary.documents == 2


def test_searches_keep_answering_during_a_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segments, "PROGRESS_EVERY", 1)  # report (and search) after every article
    archive, index_dir = _indexed(tmp_path, ARTICLES[:3])
    add_articles(archive, ARTICLES[3:])
    seen: list[int] = []

    def search_meanwhile(done: int, total: int) -> None:
        seen.append(search(archive, index_dir, "-zzz")["total"])

    update_index(archive, index_dir, progress=search_meanwhile)
    assert len(seen) > 2 and all(total == 3 for total in seen[:-1])
    assert search(archive, index_dir, "-zzz")["total"] == len(ARTICLES)


def test_an_index_from_another_version_is_detected_and_rebuilt(tmp_path: Path) -> None:
    archive, index_dir = _indexed(tmp_path)
    state = json.loads((index_dir / STATE_FILE).read_text())
    (index_dir / STATE_FILE).write_text(json.dumps({**state, "version": "1.1"}))
    with pytest.raises(IndexOutdated, match="another version of Partyline"):
        search(archive, index_dir, "tuyên")
    summary = update_index(archive, index_dir)
    assert summary.rebuilt and "another version" in (summary.reason or "")
    assert search(archive, index_dir, '"tuyên giáo"')["total"] == 2


def test_a_first_version_index_is_rebuilt_and_its_files_removed(tmp_path: Path) -> None:
    """The foundation kept Whoosh files directly in index/ with a {"version": 1} state."""
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    add_articles(archive)
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    legacy = whoosh_index.create_in(str(index_dir), Schema(id=ID(stored=True), body=TEXT()))
    with legacy.writer() as writer:
        writer.add_document(id="1", body="tuyen giao")
    (index_dir / STATE_FILE).write_text(json.dumps({"version": 1, "watermark": None}))
    with pytest.raises(IndexOutdated):
        search(archive, index_dir, "tuyên")
    assert update_index(archive, index_dir).rebuilt
    assert not list(index_dir.glob("*.toc")) and not list(index_dir.glob("*.seg"))
    assert search(archive, index_dir, '"tuyên giáo"')["total"] == 2


def test_an_unreadable_index_is_rebuilt_from_the_database(tmp_path: Path) -> None:
    archive, index_dir = _indexed(tmp_path)
    for toc in current_build(index_dir).glob("*.toc"):
        toc.write_bytes(b"not a table of contents")
    summary = update_index(archive, index_dir)
    assert summary.rebuilt and "could not be read" in (summary.reason or "")
    assert search(archive, index_dir, "tuyên giáo")["total"] == 3


def test_fast_writer_writes_exactly_what_whoosh_writes(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    add_articles(archive)
    with archive.session() as session:
        rows = list(session.execute(select(*COLUMNS).order_by(Article.id)))
    readers = []
    for name, writer_class in (("whoosh", SegmentWriter), ("fast", FastSegmentWriter)):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), build_schema())
        writer = writer_class(ix)
        for row in rows:
            writer.add_document(**article_document(row))
        writer.commit()
        readers.append(ix.reader())
    expected, actual = readers
    for fieldname in build_schema().names():
        if not build_schema()[fieldname].indexed:
            continue
        assert list(expected.lexicon(fieldname)) == list(actual.lexicon(fieldname)), fieldname
        for term in expected.lexicon(fieldname):
            want = list(expected.postings(fieldname, term).all_items())
            assert list(actual.postings(fieldname, term).all_items()) == want, (fieldname, term)
    for docnum in range(len(rows)):
        for fieldname in ("text", "text_f", "pairs", "title"):
            assert expected.doc_field_length(docnum, fieldname) == actual.doc_field_length(
                docnum, fieldname
            )
    for column in ("id", "stamp", "site", "date"):
        assert list(expected.column_reader(column)) == list(actual.column_reader(column))


def test_a_big_batch_is_written_by_two_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    many = [
        Spec(f"{spec.key}-{copy}", spec.site, spec.title, spec.text, spec.published)
        for copy in range(6)
        for spec in ARTICLES
    ]
    add_articles(archive, many)
    monkeypatch.setattr(segments, "PARALLEL_FROM", 10)
    monkeypatch.setattr(segments, "SEGMENT_DOCS", 20)
    summary = update_index(archive, tmp_path / "parallel", workers=2)
    single = update_index(archive, tmp_path / "single", workers=1)
    assert summary.documents == single.documents == len(many)
    with whoosh_index.open_dir(str(current_build(tmp_path / "parallel"))).reader() as reader:
        assert len(reader.leaf_readers()) == 3  # 48 articles, 20 per segment
    for query in ["tuyen giao", '"kinh tế xã hội"', "province:long-an date:2020", "-đảng"]:
        assert matching_article_ids(tmp_path / "parallel", query) == matching_article_ids(
            tmp_path / "single", query
        )


def test_small_segments_of_incremental_runs_are_merged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segments, "MERGE_FACTOR", 3)
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    index_dir = tmp_path / "index"
    counts = []
    for spec in ARTICLES:
        add_articles(archive, [spec])
        update_index(archive, index_dir)
        with whoosh_index.open_dir(str(current_build(index_dir))).reader() as reader:
            counts.append(len(reader.leaf_readers()) if hasattr(reader, "leaf_readers") else 1)
    assert max(counts) < 6 and search(archive, index_dir, "-zzz")["total"] == len(ARTICLES)
