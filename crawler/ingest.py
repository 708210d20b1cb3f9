"""Importing WARC files written by other crawlers (Browsertrix, Heritrix, wget).

Each HTML response (2xx) becomes a capture of the registered site that owns its
host; a host no site owns becomes a new site of the generic family (extraction
still recognises the CMS from the page). ``revisit`` records are resolved to the
response they repeat; a response already archived (same URL, same bytes) is not
stored twice, so ingesting a file again changes nothing. The captures are then
extracted like crawled ones. A file that is no WARC is reported and skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.exceptions import ArchiveLoadFailed

from archive.captures import capture_body, store_capture
from archive.db import Archive
from archive.models import Capture, Site
from archive.runs import bump, finish_run, start_run
from archive.sites import sync_sites
from archive.warc import NotAWarcFile, WarcEntry, read_warc, warc_date
from crawler.extraction.batches import ExtractionSummary, extract_pending
from crawler.profiles import GENERIC, family
from crawler.registry import SiteConfig, host_key
from crawler.urls import canonicalize

INGESTED_SITE_PREFIX = "ingest-"
COMMIT_EVERY = 200
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
SNIFF_BYTES = 1024
HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class IngestSummary:
    files: int = 0
    records: int = 0
    imported: int = 0
    from_revisits: int = 0
    already_archived: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    new_sites: list[str] = field(default_factory=list)
    failed_files: dict[str, str] = field(default_factory=dict)
    # Files read only in part: what was cut off, and what of them was imported.
    damaged_files: dict[str, str] = field(default_factory=dict)
    extraction: ExtractionSummary = field(default_factory=ExtractionSummary)


def _is_html(headers: dict[str, str], body: bytes) -> bool:
    """Said to be HTML, or, with no Content-Type, looking like it."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type:
        return media_type in HTML_MEDIA_TYPES
    return bool(_HTML_SNIFF.search(body[:SNIFF_BYTES]))


def ingested_site_id(host: str) -> str:
    """The id of a site created for an unregistered host: ``ingest-btg-dongthap-gov-vn``."""
    return INGESTED_SITE_PREFIX + re.sub(r"[^a-z0-9]+", "-", host_key(host)).strip("-")


class SiteResolver:
    """Which site owns a URL: the registry's, the archive's, or a new generic one."""

    def __init__(self, session: Session, registry: Iterable[SiteConfig]) -> None:
        self.session = session
        self.registry = {site.id: site for site in registry}
        self.by_host: dict[str, tuple[str, str]] = {}
        for site in session.scalars(select(Site)):
            for host in site.hosts or ():
                self.by_host[host_key(host)] = (site.id, site.family)
        for site in self.registry.values():
            for host in site.hosts:
                self.by_host[host_key(host)] = (site.id, site.family)
        self.synced: set[str] = set()
        self.created: list[str] = []

    def site_for(self, url: str) -> tuple[str, str]:
        """(site id, family) of ``url``'s host, creating or syncing the site row."""
        host = urlsplit(url).netloc
        found = self.by_host.get(host_key(host))
        if found is None:
            found = (ingested_site_id(host), GENERIC)
            record = {"id": found[0], "name": host_key(host), "family": GENERIC, "hosts": [host]}
            sync_sites(self.session, [record])
            self.created.append(found[0])
            self.synced.add(found[0])
            self.by_host[host_key(host)] = found
        elif found[0] in self.registry and found[0] not in self.synced:
            sync_sites(self.session, [self.registry[found[0]].as_record()])
            self.synced.add(found[0])
        return found


def _stamp(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S") if moment else ""


class _FileIngest:
    """One WARC file's records into captures."""

    def __init__(self, session: Session, resolver: SiteResolver, run_id: int) -> None:
        self.session = session
        self.resolver = resolver
        self.run_id = run_id
        self.by_digest: dict[str, int] = {}
        self.by_target: dict[tuple[str, str], int] = {}

    def referenced_body(self, entry: WarcEntry) -> tuple[bytes, int] | None:
        """The body and status of the response a revisit repeats (this file, or archived)."""
        target = entry.refers_to_url or entry.url
        capture_id = self.by_target.get((target, _stamp(warc_date(entry.refers_to_date))))
        capture_id = capture_id or self.by_digest.get(entry.payload_digest or "")
        if capture_id is None:
            capture_id = self.session.scalar(
                select(Capture.id)
                .where(Capture.url == target)
                .order_by(Capture.fetched_at.desc())
                .limit(1)
            )
        if capture_id is None:
            return None
        capture = self.session.get(Capture, capture_id)
        return capture_body(capture), capture.http_status

    def add(self, entry: WarcEntry, summary: IngestSummary) -> None:
        """Store ``entry`` as a capture, or count why not."""
        body, status = entry.body, entry.status
        if entry.record_type == "revisit":
            referenced = self.referenced_body(entry)
            if referenced is None:
                summary.skipped["revisit of a response not in the archive"] += 1
                return
            body, status = referenced
        elif entry.record_type != "response" or status is None:
            summary.skipped[f"{entry.record_type} record"] += 1
            return
        elif entry.problem:
            summary.skipped["undecodable body"] += 1
            return
        if not 200 <= status < 300:
            summary.skipped[f"HTTP {status}"] += 1
        elif body is None or not _is_html(entry.headers, body):
            summary.skipped["not HTML"] += 1
        else:
            self.store(entry, body, status, summary)

    def store(self, entry: WarcEntry, body: bytes, status: int, summary: IngestSummary) -> None:
        digest = hashlib.sha256(body).hexdigest()
        known = self.session.scalar(
            select(Capture.id).where(Capture.url == entry.url, Capture.sha256 == digest).limit(1)
        )
        if known is not None:
            summary.already_archived += 1
            self.remember(entry, known)
            return
        site_id, family_id = self.resolver.site_for(entry.url)
        capture = store_capture(
            self.session,
            site_id=site_id,
            url=entry.url,
            final_url=entry.url,
            canonical_url=canonicalize(entry.url, family(family_id)),
            http_status=status,
            headers=entry.headers,
            body=body,
            run_id=self.run_id,
            fetched_at=entry.date or dt.datetime.now(dt.UTC),
        )
        self.session.flush()
        bump(self.session, self.run_id, site_id, captures=1)
        self.remember(entry, capture.id)
        summary.imported += 1
        summary.from_revisits += entry.record_type == "revisit"

    def remember(self, entry: WarcEntry, capture_id: int) -> None:
        if entry.payload_digest:
            self.by_digest.setdefault(entry.payload_digest, capture_id)
        self.by_target[(entry.url, _stamp(entry.date))] = capture_id


def ingest_warcs(
    archive: Archive,
    paths: list[Path],
    registry: Iterable[SiteConfig],
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Import the HTML responses of ``paths`` as captures, then extract them.

    A path that is no file is refused before anything starts (no run is recorded).
    """
    missing = [str(path) for path in paths if not Path(path).is_file()]
    if missing:
        raise FileNotFoundError(f"no such file: {', '.join(missing)}; nothing was imported")
    summary = IngestSummary()
    with archive.session() as session:
        run_id = start_run(session, mode="ingest", settings={"files": [str(p) for p in paths]}).id
    for number, path in enumerate(paths, 1):
        try:
            _ingest_file(archive, path, registry, run_id, summary)
            summary.files += 1
        except (OSError, ArchiveLoadFailed, NotAWarcFile) as exc:
            summary.failed_files[str(path)] = str(exc).strip() or type(exc).__name__
        if progress:
            progress(number, len(paths))
    summary.extraction = extract_pending(archive, workers=workers)
    with archive.session() as session:
        failed, damaged = len(summary.failed_files), len(summary.damaged_files)
        problems = [
            f"{failed} file(s) could not be read" if failed else "",
            f"{damaged} file(s) are damaged" if damaged else "",
        ]
        reason = "; ".join(problem for problem in problems if problem) or None
        finish_run(session, run_id, status="failed" if reason else "finished", reason=reason)
    return summary


def _ingest_file(
    archive: Archive,
    path: Path,
    registry: Iterable[SiteConfig],
    run_id: int,
    summary: IngestSummary,
) -> None:
    with path.open("rb") as stream, archive.session() as session:
        resolver = SiteResolver(session, registry)
        ingest = _FileIngest(session, resolver, run_id)
        for count, entry in enumerate(read_warc(stream), 1):
            summary.records += 1
            if entry.truncated:
                summary.damaged_files[str(path)] = (
                    f"{entry.truncated} ({entry.record_type} record of {entry.url or 'no URL'}): "
                    "a truncated copy? That record was not imported, those before it were."
                )
                continue
            ingest.add(entry, summary)
            if count % COMMIT_EVERY == 0:
                session.commit()
        summary.new_sites += resolver.created
