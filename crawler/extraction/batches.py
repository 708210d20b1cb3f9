"""Extracting stored captures in worker processes, in batches, on every core.

Extraction is CPU-heavy (trafilatura costs tens of milliseconds a page), so it runs
outside the crawler's reactor: here, over captures already stored. Results are
written back by the calling process, one batch per transaction.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, load_only

from archive.articles import ArticleFields, article_key, upsert_article
from archive.attachments import link_attachments, store_document
from archive.captures import capture_body, latest_capture_ids, pending_capture_ids
from archive.clusters import COMPUTE
from archive.db import Archive
from archive.fingerprints import text_fingerprint
from archive.models import Article, Capture, Site, utcnow
from archive.runs import bump, record_error
from crawler.extraction.attachment_links import link_records
from crawler.extraction.documents import document_kind, read_document
from crawler.extraction.extractor import ExtractionError, extract_article

BATCH_SIZE = 64
# What extraction reports beside the article's own fields.
EXTRACTION_ONLY = ("encoding_note", "attachments")

log = logging.getLogger(__name__)


@dataclass
class ExtractionSummary:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    # Attached documents read (PDF, DOCX, ODT; .doc kept).
    documents: int = 0

    @property
    def processed(self) -> int:
        counted = self.new + self.changed + self.unchanged + self.documents
        return counted + sum(self.errors.values())

    def add(self, other: ExtractionSummary) -> None:
        self.new += other.new
        self.changed += other.changed
        self.unchanged += other.unchanged
        self.documents += other.documents
        for kind, count in other.errors.items():
            self.errors[kind] = self.errors.get(kind, 0) + count


def extract_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """Worker-side: extract one capture's bytes (picklable in and out)."""
    kind = document_kind(payload["body"])
    if kind is not None:  # an attached document: its text, not an article
        return {"id": payload["id"], "document": read_document(payload["body"], kind).as_dict()}
    try:
        result = extract_article(
            payload["body"],
            payload["url"],
            content_type=payload["content_type"],
            family_hint=payload["family"],
            site_name=payload["site_name"],
        )
    except ExtractionError as exc:
        return {"id": payload["id"], "error": exc.kind, "message": str(exc)}
    except Exception as exc:
        return {
            "id": payload["id"],
            "error": "extraction",
            "message": f"{type(exc).__name__}: {exc}",
        }
    # Fingerprinting is CPU work too: done here, outside the write transaction.
    return {
        "id": payload["id"],
        "article": result.as_dict(),
        "fingerprint": text_fingerprint(result.text),
        "attachments": link_records(result.attachments, payload["url"], payload["hosts"]),
    }


@contextmanager
def worker_pool(workers: int) -> Iterator[Executor | None]:
    """Spawned processes (forking a process that runs a reactor is unsafe)."""
    if workers <= 1:
        yield None
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield pool


# What extraction reads of a capture, and what storing its result needs: the rest
# (headers, and the body once extracted) is never loaded twice.
PAYLOAD_COLUMNS = (
    Capture.id,
    Capture.body,
    Capture.compression,
    Capture.url,
    Capture.final_url,
    Capture.content_type,
)
STORE_COLUMNS = (
    Capture.id,
    Capture.site_id,
    Capture.url,
    Capture.canonical_url,
    Capture.fetched_at,
    Capture.run_id,
    Capture.extraction_status,
)


def _payloads(archive: Archive, ids: list[int]) -> list[dict[str, Any]]:
    with archive.session() as session:
        rows = session.execute(
            select(Capture, Site.family, Site.name, Site.hosts)
            .options(load_only(*PAYLOAD_COLUMNS))
            .join(Site, Site.id == Capture.site_id)
            .where(Capture.id.in_(ids))
        ).all()
        return [
            {
                "id": capture.id,
                "body": capture_body(capture),
                "url": capture.final_url or capture.url,
                "content_type": capture.content_type,
                "family": family_id,
                "site_name": site_name,
                "hosts": hosts or [],
            }
            for capture, family_id, site_name, hosts in rows
        ]


# Two processes storing captures of one article at once (an article reached by two
# URLs on a title+date family) both insert it; the one that commits second fails
# and writes its batch again, now finding the article the first one stored.
STORE_ATTEMPTS = 3


def _store(archive: Archive, results: list[dict[str, Any]], rekey: bool) -> ExtractionSummary:
    """Write one batch of results (see ``_store_once``), again if another process
    inserted one of its articles meanwhile."""
    for _ in range(STORE_ATTEMPTS - 1):
        try:
            return _store_once(archive, results, rekey)
        except IntegrityError:
            log.info("another process stored one of this batch's articles; writing it again")
    return _store_once(archive, results, rekey)


def _store_once(archive: Archive, results: list[dict[str, Any]], rekey: bool) -> ExtractionSummary:
    """Write one batch of results; ``rekey``: articles may move to a new key (re-extraction).

    Everything is read first and written at commit (no autoflush; run counters
    added once per batch), so the database's write lock is held only briefly:
    several extraction processes and the crawl's capture writer share it.
    """
    summary = ExtractionSummary()
    ids = [result["id"] for result in results]
    new_or_changed: Counter[tuple[int, str, str]] = Counter()
    with archive.session() as session, session.no_autoflush:
        query = select(Capture).options(load_only(*STORE_COLUMNS)).where(Capture.id.in_(ids))
        captures = {c.id: c for c in session.scalars(query)}
        previous: dict[int, Article] = {}
        if rekey:
            rows = session.scalars(select(Article).where(Article.capture_id.in_(ids)))
            previous = {article.capture_id: article for article in rows}
        fields = {
            result["id"]: ArticleFields(
                **{k: v for k, v in result["article"].items() if k not in EXTRACTION_ONLY}
            )
            for result in results
            if "article" in result
        }
        loaded = _articles_by_key(session, captures, fields)
        linked = []
        for result in results:
            capture = captures[result["id"]]
            capture.extracted_at = utcnow()
            if "document" in result:
                store_document(session, capture, result["document"])
                capture.extraction_status = "document"
                summary.documents += 1
                continue
            if "error" in result:
                _record_failure(session, capture, result, summary)
                continue
            change = upsert_article(
                session,
                capture,
                fields[capture.id],
                previous=previous.get(capture.id),
                loaded=loaded,
                fingerprint=result.get("fingerprint", COMPUTE),
            )
            capture.extraction_status = "ok"
            capture.extraction_error = None
            key = article_key(capture.site_id, capture.canonical_url, fields[capture.id])
            linked.append((loaded[key], capture.site_id, result.get("attachments", [])))
            setattr(summary, change, getattr(summary, change) + 1)
            if capture.run_id is not None and change != "unchanged":
                new_or_changed[(capture.run_id, capture.site_id, change)] += 1
        link_attachments(session, linked)
        for (run_id, site_id, change), count in new_or_changed.items():
            bump(session, run_id, site_id, **{f"articles_{change}": count})
    return summary


def _articles_by_key(
    session: Session, captures: dict[int, Capture], fields: dict[int, ArticleFields]
) -> dict[str, Article]:
    """The existing articles of a batch's keys, in one query."""
    keys = {
        article_key(captures[capture_id].site_id, captures[capture_id].canonical_url, found)
        for capture_id, found in fields.items()
    }
    if not keys:
        return {}
    rows = session.scalars(select(Article).where(Article.article_key.in_(keys)))
    return {article.article_key: article for article in rows}


def _record_failure(
    session: Session, capture: Capture, result: dict[str, Any], summary: ExtractionSummary
) -> None:
    capture.extraction_status = "error"
    capture.extraction_error = f"{result['error']}: {result['message']}"
    record_error(
        session,
        run_id=capture.run_id,
        site_id=capture.site_id,
        url=capture.url,
        kind="extraction",
        message=capture.extraction_error,
        capture_id=capture.id,
    )
    summary.errors[result["error"]] = summary.errors.get(result["error"], 0) + 1


def _extract_ids(
    archive: Archive,
    ids: list[int],
    *,
    workers: int | None,
    progress: Callable[[int, int], None] | None,
    rekey: bool = False,
    pool: Executor | None = None,
) -> ExtractionSummary:
    summary = ExtractionSummary()
    workers = workers or min(2, os.cpu_count() or 1)
    with nullcontext(pool) if pool is not None else worker_pool(workers) as pool:
        for start in range(0, len(ids), BATCH_SIZE):
            payloads = _payloads(archive, ids[start : start + BATCH_SIZE])
            results = list(
                pool.map(extract_payload, payloads) if pool else map(extract_payload, payloads)
            )
            summary.add(_store(archive, results, rekey))
            if progress:
                progress(min(start + BATCH_SIZE, len(ids)), len(ids))
    return summary


def extract_pending(
    archive: Archive,
    *,
    workers: int | None = None,
    site_id: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    pool: Executor | None = None,
) -> ExtractionSummary:
    """Extract every pending capture; returns what changed in the archive.

    ``pool``: worker processes the caller keeps across calls (a crawl polls for
    new captures every few seconds; starting processes each time would cost more
    than the extraction).
    """
    with archive.session() as session:
        ids = pending_capture_ids(session, site_id)
    return _extract_ids(archive, ids, workers=workers, progress=progress, pool=pool)


def reextract(
    archive: Archive,
    *,
    workers: int | None = None,
    site_id: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExtractionSummary:
    """Extract the latest capture of every page again (after the rules improved).

    Only articles whose result differs are written (``changed``); an article whose
    key moved (a better title on a title+date family) is re-keyed, not duplicated.
    Captures that failed before are retried; a capture that fails now leaves its
    article as it was and is counted under ``errors``.
    """
    with archive.session() as session:
        ids = latest_capture_ids(session, site_id)
    return _extract_ids(archive, ids, workers=workers, progress=progress, rekey=True)


EXTRACTION_NICENESS = 10


def yield_to_the_crawl() -> None:
    """Extraction processes run at a lower priority: on a busy machine the crawl's
    reactor gets the CPU first (a stalled reactor stalls every download), and
    extraction catches up as soon as a core is free.

    The processes' initializer: it lives here, not beside the crawl, so starting
    a process imports the extraction code only (not Scrapy, Twisted or Redis).
    """
    with contextlib.suppress(OSError):
        os.nice(EXTRACTION_NICENESS)


def warm_up(archive_url: str) -> None:
    """Run once in each extraction process as the crawl starts: importing the
    extraction code and opening the archive happen while the crawl is starting
    too, not when the first captures wait."""
    _worker_archive(archive_url)
    gc.freeze()  # the imported code lives as long as the process: out of the collector's sight


@cache
def _worker_archive(url: str) -> Archive:
    """One connection per worker process (the caller already migrated the schema)."""
    return Archive(url, migrate=False)


def extract_ids(archive_url: str, ids: list[int]) -> ExtractionSummary:
    """Worker-side: load, extract and store these captures, in this process.

    A crawl's extraction processes store their own results, so the crawling
    process keeps its core for the reactor.
    """
    archive = _worker_archive(archive_url)
    return _store(archive, [extract_payload(payload) for payload in _payloads(archive, ids)], False)
