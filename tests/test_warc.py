"""Captures written as WARC read back with warcio, byte for byte."""

from __future__ import annotations

import io

from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from archive.captures import store_capture
from archive.db import Archive
from archive.models import Capture
from archive.sites import sync_sites
from archive.warc import write_captures

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
