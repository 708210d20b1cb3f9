"""The archive's storage on SQLite and PostgreSQL: captures, articles, runs."""

from __future__ import annotations

import hashlib
import multiprocessing
import time
import zlib
from pathlib import Path

import pytest
import zstandard
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from archive.articles import ArticleFields, upsert_article
from archive.captures import archived_urls, capture_body, pending_capture_ids, store_capture
from archive.db import Archive
from archive.models import Article, Capture, CrawlError, SiteRunStats
from archive.runs import bump, finish_run, record_error, start_run
from archive.sites import sync_sites

SITE = {"id": "mau", "name": "Ban Tuyên giáo (mẫu)", "family": "nukeviet", "hosts": ["h"]}
BODY = "<html><body><h1>Tỉnh uỷ</h1></body></html>".encode()


def _capture(session: Session, url: str = "http://h/news/a-1.html", status: int = 200) -> Capture:
    return store_capture(
        session,
        site_id="mau",
        url=url,
        final_url=url,
        canonical_url=url,
        http_status=status,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=BODY,
    )


def test_migrations_create_every_table(archive: Archive) -> None:
    tables = set(inspect(archive.engine).get_table_names())
    assert {
        "sites",
        "captures",
        "articles",
        "crawl_runs",
        "crawl_run_sites",
        "crawl_errors",
    } <= tables
    assert "alembic_version" in tables


def _open_at(url: str, start: float) -> str:
    time.sleep(max(0.0, start - time.time()))
    try:
        Archive(url).dispose()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return "ok"


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_processes_opening_a_new_archive_at_once_all_succeed(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # A crawl and the server (or a test watching a crawl) may both create the schema.
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'archive.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    processes = 4
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        start = time.time() + 3.0  # every process imported and waiting when the clock strikes
        outcomes = pool.starmap(_open_at, [(url, start)] * processes)
    assert outcomes == ["ok"] * processes
    archive = Archive(url)
    assert "alembic_version" in inspect(archive.engine).get_table_names()
    archive.dispose()


def test_capture_keeps_exact_bytes_compressed_with_hash(archive: Archive) -> None:
    with archive.session() as session:
        sync_sites(session, [SITE])
        _capture(session)
    with archive.session() as session:
        [capture_id] = pending_capture_ids(session)
        capture = session.get(Capture, capture_id)
        assert capture_body(capture) == BODY
        assert capture.sha256 == hashlib.sha256(BODY).hexdigest()
        assert capture.body != BODY  # stored compressed
        assert capture.compression == "zstd"
        assert capture.content_type == "text/html; charset=utf-8"


def test_captures_of_every_compression_read_back_exactly(archive: Archive) -> None:
    """Captures written by earlier versions (zlib) or importers (none) stay readable;
    an unknown compression is an error naming the capture, not wrong bytes."""
    with archive.session() as session:
        sync_sites(session, [SITE])
        stored = {
            "zlib": zlib.compress(BODY, 6),
            "none": BODY,
            "zstd": zstandard.compress(BODY),
            "brotli": b"?",
        }
        for compression, body in stored.items():
            capture = _capture(session, url=f"http://h/news/{compression}-1.html")
            capture.compression, capture.body = compression, body
    with archive.session() as session:
        captures = {c.compression: c for c in session.scalars(select(Capture))}
        for compression in ("zlib", "none", "zstd"):
            assert capture_body(captures[compression]) == BODY
        with pytest.raises(ValueError, match=r"capture \d+: unknown compression 'brotli'"):
            capture_body(captures["brotli"])


def test_only_successful_captures_count_as_archived(archive: Archive) -> None:
    with archive.session() as session:
        sync_sites(session, [SITE])
        _capture(session, "http://h/news/ok-1.html", 200)
        _capture(session, "http://h/news/broken-2.html", 500)
    with archive.session() as session:
        assert archived_urls(session, ["mau"]) == {"http://h/news/ok-1.html"}


def test_upsert_reports_new_changed_and_unchanged(archive: Archive) -> None:
    fields = ArticleFields(
        title="Tỉnh uỷ họp", text="Đoạn một.\n\nĐoạn hai.", published="2023-06-14"
    )
    with archive.session() as session:
        sync_sites(session, [SITE])
        capture = _capture(session)
        session.flush()
        assert upsert_article(session, capture, fields) == "new"
        assert upsert_article(session, capture, fields) == "unchanged"
        edited = ArticleFields(
            title=fields.title, text=fields.text + "\n\nĐoạn ba.", published="2023-06-14"
        )
        assert upsert_article(session, capture, edited) == "changed"
    with archive.session() as session:
        [article] = session.scalars(select(Article)).all()
        assert article.text.endswith("Đoạn ba.")
        assert article.published_date.isoformat() == "2023-06-14"
        assert article.word_count == 6


def test_runs_count_pages_and_errors_per_site(archive: Archive) -> None:
    with archive.session() as session:
        sync_sites(session, [SITE])
        run = start_run(session, mode="incremental")
        bump(session, run.id, "mau", pages_fetched=3, captures=2)
        record_error(
            session,
            run_id=run.id,
            site_id="mau",
            url="http://h/x",
            kind="http_5xx",
            http_status=500,
        )
        record_error(session, run_id=run.id, site_id="mau", url="http://h/y", kind="timeout")
        finish_run(session, run.id, status="finished")
        run_id = run.id
    with archive.session() as session:
        stats = session.get(SiteRunStats, (run_id, "mau"))
        assert (stats.pages_fetched, stats.captures) == (3, 2)
        assert stats.errors == {"http_5xx": 1, "timeout": 1}
        kinds = sorted(session.scalars(select(CrawlError.kind)))
        assert kinds == ["http_5xx", "timeout"]
