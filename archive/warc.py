"""WARC files: captures written out for replay tools (pywb), and WARCs read back in.

Scrapy hands us bodies already decoded from gzip/chunked transfer, so the
transfer headers are dropped and Content-Length is rewritten to match the body
kept in the archive. Reading does the same to the WARCs other crawlers write
(Browsertrix, Heritrix, wget), whose payloads may still be chunked and gzipped.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.captures import capture_body
from archive.models import Capture

EXPORT_BATCH = 200

# Headers describing the transfer, not the stored body.
TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def _status_line(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Unknown"


def _http_headers(capture: Capture, body: bytes) -> StatusAndHeaders:
    headers = [
        (name, value)
        for name, value in (capture.headers or {}).items()
        if name.lower() not in TRANSFER_HEADERS
    ]
    headers.append(("Content-Length", str(len(body))))
    return StatusAndHeaders(_status_line(capture.http_status), headers, protocol="HTTP/1.1")


def write_warcinfo(writer: WARCWriter, filename: str, info: dict[str, str]) -> None:
    writer.write_record(writer.create_warcinfo_record(filename, info))


def write_captures(
    stream: BinaryIO,
    captures: Iterable[Capture],
    *,
    filename: str = "partyline.warc.gz",
    info: dict[str, str] | None = None,
    gzip: bool = True,
) -> int:
    """Write one ``response`` record per capture (after a ``warcinfo``); returns the count."""
    writer = WARCWriter(stream, gzip=gzip, warc_version="1.1")
    write_warcinfo(writer, filename, {"software": "Partyline", **(info or {})})
    written = 0
    for capture in captures:
        body = capture_body(capture)
        record = writer.create_warc_record(
            capture.url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=_http_headers(capture, body),
            warc_headers_dict={
                "WARC-Date": capture.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "WARC-Partyline-Capture-SHA256": capture.sha256,
            },
        )
        writer.write_record(record)
        written += 1
    return written


# ---------------------------------------------------------------- reading

# WARC record types that carry an HTTP exchange's outcome.
RESPONSE_TYPES = ("response", "revisit")


@dataclass(frozen=True)
class WarcEntry:
    """One record of a WARC file, as ingestion needs it.

    ``body`` is the payload with chunked transfer and content encoding undone
    (None for revisits, records without HTTP, and bodies that cannot be decoded);
    ``headers`` are the HTTP headers minus those describing the transfer.
    """

    record_type: str
    url: str
    date: dt.datetime | None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    payload_digest: str | None = None
    refers_to_url: str | None = None
    refers_to_date: str | None = None
    problem: str | None = None
    # Where a truncated copy of the file cut this record off (None: the record is whole).
    truncated: str | None = None


def warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _entry(record: ArcWarcRecord) -> WarcEntry:
    warc = record.rec_headers
    url = warc.get_header("WARC-Target-URI") or ""
    base = {
        "record_type": record.rec_type,
        "url": url,
        "date": warc_date(warc.get_header("WARC-Date")),
        "payload_digest": warc.get_header("WARC-Payload-Digest"),
        "refers_to_url": warc.get_header("WARC-Refers-To-Target-URI"),
        "refers_to_date": warc.get_header("WARC-Refers-To-Date"),
    }
    if record.rec_type not in RESPONSE_TYPES or record.http_headers is None:
        return WarcEntry(**base)
    http = record.http_headers
    headers = {k: v for k, v in http.headers if k.lower() not in TRANSFER_HEADERS}
    try:
        status = int(http.get_statuscode())
    except (TypeError, ValueError):
        status = None
    base.update(status=status, headers=headers)
    if record.rec_type == "revisit":
        return WarcEntry(**base)
    try:
        body = record.content_stream().read()
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        return WarcEntry(**base, problem=f"undecodable body ({type(exc).__name__}: {exc})")
    return WarcEntry(**base, body=body)


def _truncation(record: ArcWarcRecord) -> str | None:
    """Where the file ends inside the record, or None when the record is whole.

    warcio reads a record through a reader limited to its declared length: what
    is left to read once the stream is drained is what the file ends without. A
    record with no length at all lost its headers to the cut.
    """
    if record.length is None:
        return "the file ends inside this record's headers"
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    missing = getattr(stream, "limit", 0) or 0
    return f"the file ends {missing:,} bytes before this record does" if missing > 0 else None


class NotAWarcFile(ValueError):
    """The file does not start like a WARC (or ARC) file, compressed or not."""


_GZIP_MAGIC = b"\x1f\x8b"
_ARCHIVE_STARTS = (b"WARC/", b"filedesc://")


def _check_start(stream: BinaryIO) -> None:
    start = stream.read(512)
    stream.seek(0)
    head = start
    if start.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(start)
        except zlib.error:
            head = b""
    if not head.lstrip().startswith(_ARCHIVE_STARTS):
        shown = head[:20] or start[:20]
        raise NotAWarcFile(f"not a WARC file (it starts with {shown!r})")


def read_warc(stream: BinaryIO) -> Iterator[WarcEntry]:
    """Every record of a WARC (or ARC) file, gzipped or not, in file order.

    Raises ``NotAWarcFile`` when the file does not start like one, and warcio's
    ``ArchiveLoadFailed`` when a record further on is broken.
    """
    _check_start(stream)
    said = False
    for record in ArchiveIterator(stream, arc2warc=True):
        entry = _entry(record)
        truncated = _truncation(record)
        if truncated:
            said = True
            entry = replace(entry, body=None, problem="truncated record", truncated=truncated)
        yield entry
    cut = None if said else _gzip_cut(stream)
    if cut:
        yield WarcEntry(record_type="end of file", url="", date=None, truncated=cut)


def _gzip_cut(stream: BinaryIO) -> str | None:
    """Why a gzipped file is cut short, or None (also for uncompressed files).

    warcio stops quietly where a gzip member is cut off, losing the record in it;
    Python's gzip reader insists on every member's end-of-stream marker.
    """
    stream.seek(0)
    if stream.read(2) != _GZIP_MAGIC:
        return None
    stream.seek(0)
    try:
        with gzip.GzipFile(fileobj=stream) as unzipped:
            while unzipped.read(1 << 20):
                pass
    except EOFError:
        return "the compressed file ends inside a record, which was lost (a truncated copy?)"
    except (OSError, zlib.error) as exc:
        return f"the compressed file is damaged ({exc})"
    return None


def run_ids_with_captures(session: Session) -> list[int]:
    """Runs that stored at least one capture, oldest first."""
    query = select(Capture.run_id).where(Capture.run_id.is_not(None)).distinct()
    return sorted(run_id for run_id in session.scalars(query) if run_id is not None)


def export_run(session: Session, run_id: int, directory: Path) -> tuple[Path, int]:
    """Write run ``run_id``'s captures to ``directory/partyline-run-NNNNNN.warc.gz``.

    Captures stream from the database in small batches and the file is written
    under a temporary name first, so a failed export never leaves a truncated
    WARC that looks complete.
    """
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"partyline-run-{run_id:06d}.warc.gz"
    partial = target.with_name(target.name + ".partial")
    captures = session.scalars(
        select(Capture)
        .where(Capture.run_id == run_id)
        .order_by(Capture.id)
        .execution_options(yield_per=EXPORT_BATCH)
    )
    with partial.open("wb") as stream:
        written = write_captures(
            stream,
            captures,
            filename=target.name,
            info={"description": f"Partyline crawl run {run_id}", "format": "WARC File Format 1.1"},
        )
    partial.replace(target)
    return target, written
