"""Storing and reading captures: raw responses, compressed, with their SHA-256.

New captures are compressed with Zstandard (level 3): against zlib at level 6,
about 4x less CPU for a body 8 % larger, and the crawl writes every page it
fetches. Captures written as zlib (or by importers, uncompressed) stay readable:
each row names its own compression.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import zstandard
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from archive.models import Capture, utcnow

# Article URLs answered with one of these were archived and need no new fetch.
ARCHIVED_STATUSES = range(200, 300)


COMPRESSION = "zstd"
ZSTD_LEVEL = 3
UNCOMPRESSED = "none"


def compress_body(body: bytes) -> bytes:
    """``body`` as stored in a new capture (its ``compression`` is ``COMPRESSION``)."""
    return zstandard.compress(body, ZSTD_LEVEL)


def capture_body(capture: Capture) -> bytes:
    """The response body exactly as received."""
    if capture.compression == COMPRESSION:
        return zstandard.decompress(capture.body)
    if capture.compression == "zlib":
        return zlib.decompress(capture.body)
    if capture.compression == UNCOMPRESSED:
        return capture.body
    raise ValueError(f"capture {capture.id}: unknown compression {capture.compression!r}")


def capture_row(
    *,
    site_id: str,
    url: str,
    final_url: str,
    canonical_url: str,
    http_status: int,
    headers: Mapping[str, str],
    body: bytes,
    run_id: int | None = None,
    fetched_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """The ``captures`` columns for one response: body compressed, hashed as received."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    return {
        "run_id": run_id,
        "site_id": site_id,
        "url": url,
        "final_url": final_url,
        "canonical_url": canonical_url,
        "fetched_at": fetched_at or utcnow(),
        "http_status": http_status,
        "headers": dict(headers),
        "content_type": content_type,
        "body": compress_body(body),
        "body_length": len(body),
        "compression": COMPRESSION,
        "sha256": hashlib.sha256(body).hexdigest(),
        "extraction_status": "pending",
    }


def store_capture(session: Session, **fields: Any) -> Capture:
    """Add one capture to the session (the caller commits); fields as ``capture_row``."""
    capture = Capture(**capture_row(**fields))
    session.add(capture)
    return capture


def store_captures(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert many ``capture_row`` rows in one statement (the crawl's writer does this)."""
    if rows:
        session.execute(insert(Capture), rows)


def archived_urls(session: Session, site_ids: Iterable[str] | None = None) -> set[str]:
    """URLs already captured with a 2xx answer, as requested and as canonical.

    The crawler never fetches these again; both forms count, because a page may
    name another URL as its canonical one (``<link rel="canonical">``).
    """
    query = select(Capture.url, Capture.canonical_url).where(
        Capture.http_status >= ARCHIVED_STATUSES.start,
        Capture.http_status < ARCHIVED_STATUSES.stop,
    )
    if site_ids is not None:
        query = query.where(Capture.site_id.in_(list(site_ids)))
    urls: set[str] = set()
    for requested, canonical in session.execute(query.distinct()):
        urls.add(requested)
        urls.add(canonical)
    return urls


def pending_captures(session: Session, after: int = 0) -> list[tuple[int, str]]:
    """``(capture id, site id)`` of captures waiting for extraction, oldest first;
    ``after``: only those with a larger id."""
    query = (
        select(Capture.id, Capture.site_id)
        .where(Capture.extraction_status == "pending", Capture.id > after)
        .order_by(Capture.id)
    )
    return [(capture_id, site_id) for capture_id, site_id in session.execute(query)]


def has_pending_captures(session: Session, run_id: int) -> bool:
    """Whether captures of run ``run_id`` still wait for extraction."""
    query = select(Capture.id).where(
        Capture.run_id == run_id, Capture.extraction_status == "pending"
    )
    return session.scalar(query.limit(1)) is not None


def pending_capture_ids(session: Session, site_id: str | None = None) -> list[int]:
    """Captures waiting for extraction, oldest first."""
    query = select(Capture.id).where(Capture.extraction_status == "pending").order_by(Capture.id)
    if site_id is not None:
        query = query.where(Capture.site_id == site_id)
    return list(session.scalars(query))


def latest_capture_ids(session: Session, site_id: str | None = None) -> list[int]:
    """The newest 2xx capture of every canonical URL, oldest fetch first."""
    archived = (Capture.http_status >= ARCHIVED_STATUSES.start) & (
        Capture.http_status < ARCHIVED_STATUSES.stop
    )
    newest = select(func.max(Capture.id)).where(archived).group_by(Capture.canonical_url)
    if site_id is not None:
        newest = newest.where(Capture.site_id == site_id)
    query = (
        select(Capture.id).where(Capture.id.in_(newest)).order_by(Capture.fetched_at, Capture.id)
    )
    return list(session.scalars(query))


@dataclass(frozen=True)
class Validators:
    """What a conditional request needs about the latest capture of a URL."""

    etag: str | None
    last_modified: str | None
    fetched_at: dt.datetime
    sha256: str


def latest_validators(session: Session, site_ids: Iterable[str]) -> dict[str, Validators]:
    """ETag, Last-Modified, time and hash of each canonical URL's latest 2xx capture."""
    query = (
        select(Capture.canonical_url, Capture.headers, Capture.fetched_at, Capture.sha256)
        .where(
            Capture.site_id.in_(list(site_ids)),
            Capture.http_status >= ARCHIVED_STATUSES.start,
            Capture.http_status < ARCHIVED_STATUSES.stop,
        )
        .order_by(Capture.fetched_at, Capture.id)
    )
    latest: dict[str, Validators] = {}
    for url, headers, fetched_at, sha256 in session.execute(query):
        lowered = {name.lower(): value for name, value in (headers or {}).items()}
        latest[url] = Validators(
            lowered.get("etag"), lowered.get("last-modified"), fetched_at, sha256
        )
    return latest
