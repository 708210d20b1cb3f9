"""Captures written as WARC read back with warcio, byte for byte."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.captures import store_capture
from archive.db import Archive
from archive.models import Capture
from archive.sites import sync_sites
from archive.warc import read_warc, write_captures

BODY = "<html><body><h1>Tỉnh uỷ</h1></body></html>".encode()


def test_captures_round_trip_through_warc(archive: Archive) -> None:
    with archive.session() as session:
        sync_sites(session, [{"id": "s", "name": "S", "family": "generic", "hosts": ["h"]}])
        store_capture(
            session,
            site_id="s",
            url="http://h/a-1.html",
            final_url="http://h/a-1.html",
            canonical_url="http://h/a-1.html",
            http_status=200,
            body=BODY,
            headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        )
    stream = io.BytesIO()
    with archive.session() as session:
        captures = session.scalars(select(Capture)).all()
        assert write_captures(stream, captures) == 1
        sha = captures[0].sha256
    stream.seek(0)
    records = list(ArchiveIterator(stream))
    assert [r.rec_type for r in records] == ["warcinfo", "response"]
    stream.seek(0)
    response = next(r for r in ArchiveIterator(stream) if r.rec_type == "response")
    assert response.rec_headers.get_header("WARC-Target-URI") == "http://h/a-1.html"
    assert response.rec_headers.get_header("WARC-Partyline-Capture-SHA256") == sha
    assert response.http_headers.get_statuscode() == "200"
    assert response.http_headers.get_header("Content-Encoding") is None
    assert response.content_stream().read() == BODY


def _three_pages(gzip: bool) -> bytes:
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=gzip)
    for number in range(3):
        body = f"<html><body>{'Tỉnh uỷ ' * 1500}{number}</body></html>".encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"http://h/a-{number}.html", "response", payload=io.BytesIO(body), http_headers=http
        )
        writer.write_record(record)
    return stream.getvalue()


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("kept", [0.5, 0.8, -40])
def test_a_record_cut_off_by_a_truncated_copy_is_said_to_be(gzip: bool, kept: float) -> None:
    whole = _three_pages(gzip)
    end = int(len(whole) * kept) if kept > 0 else len(whole) + int(kept)
    entries = list(read_warc(io.BytesIO(whole[:end])))
    *whole_ones, last = entries
    assert all(entry.truncated is None and entry.body for entry in whole_ones)
    assert last.truncated and last.body is None
    assert [entry.truncated for entry in read_warc(io.BytesIO(whole))] == [None] * 3
