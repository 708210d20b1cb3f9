"""``/captures/<id>``: an article's archived page exactly as captured, but neutralised.

A capture is scraped, untrusted HTML: it is served in a sandbox (no scripts,
no forms, an opaque origin) that may load nothing from anywhere, so viewing it
neither runs its code nor calls the original site. ``?raw=1`` downloads the
bytes as plain text.
"""

from __future__ import annotations

import mimetypes
import re
from email.message import Message as MimeHeader
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import load_only

from archive.captures import capture_body
from archive.db import Archive
from archive.models import Capture
from search.publish.server.responses import Response, not_modified

CAPTURE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CAPTURE_CACHE = "public, max-age=86400"
# Ids SQLite and PostgreSQL integers can hold; longer digit strings are no capture.
MAX_ID_DIGITS = 18
CHARSET = re.compile(r"[A-Za-z0-9._:-]{1,40}")
UNKNOWN_TYPE = "application/octet-stream"


def capture_id(text: str) -> int | None:
    """The capture id a path segment names, or None."""
    if not text.isascii() or not text.isdecimal() or len(text) > MAX_ID_DIGITS:
        return None
    return int(text)


def recorded_type(content_type: str | None) -> tuple[str, str | None]:
    """(media type, charset) of the recorded Content-Type, cleaned of anything unsafe."""
    if not content_type:
        return UNKNOWN_TYPE, None
    header = MimeHeader()
    header["Content-Type"] = content_type.replace("\r", " ").replace("\n", " ")
    media = header.get_content_type()
    charset = header.get_param("charset")
    if not isinstance(charset, str) or not CHARSET.fullmatch(charset):
        charset = None
    return media, charset


def capture_response(
    archive: Archive, ident: int, raw: bool, environ: dict[str, Any]
) -> Response | None:
    """The capture as captured (or as a plain-text download); None when there is no such capture."""
    with archive.session() as session:
        found = session.scalars(
            select(Capture)
            .where(Capture.id == ident)
            .options(load_only(Capture.content_type, Capture.sha256, Capture.compression))
        ).first()
        if found is None:
            return None
        etag = f'"{found.sha256}"'
        headers = [("ETag", etag), ("Cache-Control", CAPTURE_CACHE)]
        media, charset = recorded_type(found.content_type)
        suffix = f"; charset={charset}" if charset else ""
        if raw:
            extension = mimetypes.guess_extension(media) or ".bin"
            headers.append(
                ("Content-Disposition", f'attachment; filename="capture-{ident}{extension}"')
            )
            media = "text/plain"
        if not_modified(environ, etag):
            return Response(304, content_type=None, headers=headers, policy=CAPTURE_POLICY)
        body = capture_body(found)
    return Response(200, body, media + suffix, headers, policy=CAPTURE_POLICY)
