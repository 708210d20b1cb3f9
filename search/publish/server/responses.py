"""HTTP plumbing for the search server: responses, security headers, bilingual messages.

Every response carries ``nosniff`` and ``no-referrer``; pages of the site and
the API also carry a Content-Security-Policy that allows nothing but the
site's own files (the templates use no inline script or style). Archived
captures get their own, stricter policy (``search/publish/server/captures.py``).
"""

from __future__ import annotations

import email.utils
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, BinaryIO, NamedTuple

StartResponse = Callable[[str, list[tuple[str, str]]], Any]

SITE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'"
COMMON_HEADERS = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"))
ALLOWED_METHODS = ("GET", "HEAD")
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"


class Message(NamedTuple):
    """A user-facing sentence in Vietnamese (the default) and English."""

    vi: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def both(self) -> str:
        return f"{self.vi}\n{self.en}\n"


class HttpError(Exception):
    """A request answered with a 4xx (or 503) and a message saying what to do."""

    def __init__(self, status: int, message: Message, headers: Iterable[tuple[str, str]] = ()):
        super().__init__(message.en)
        self.status = status
        self.message = message
        self.headers = list(headers)


@dataclass
class Response:
    """What the application answers; ``file`` (an open file) is streamed instead of ``body``."""

    status: int
    body: bytes = b""
    content_type: str | None = TEXT
    headers: list[tuple[str, str]] = field(default_factory=list)
    file: BinaryIO | None = None
    length: int | None = None
    policy: str | None = SITE_POLICY


def status_line(status: int) -> str:
    return f"{status} {HTTPStatus(status).phrase}"


def text_response(
    status: int, message: Message, headers: Iterable[tuple[str, str]] = ()
) -> Response:
    return Response(status, message.both().encode(), TEXT, list(headers))


def json_response(
    status: int, data: dict[str, Any], headers: Iterable[tuple[str, str]] = ()
) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode()
    return Response(status, body, JSON, [("Cache-Control", "no-store"), *headers])


def html_response(status: int, html: str, headers: Iterable[tuple[str, str]] = ()) -> Response:
    return Response(status, html.encode(), HTML, list(headers))


def http_date(timestamp: float) -> str:
    return email.utils.formatdate(timestamp, usegmt=True)


def not_modified(environ: dict[str, Any], etag: str, modified: float | None = None) -> bool:
    """Whether the client's copy (If-None-Match, else If-Modified-Since) is current."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if modified is None or not if_modified_since:
        return False
    try:
        since = email.utils.parsedate_to_datetime(if_modified_since).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
    return int(modified) <= since


def send(
    response: Response, environ: dict[str, Any], start_response: StartResponse
) -> Iterable[bytes]:
    """Start the response and hand waitress its body (none for HEAD, files streamed)."""
    headers = list(COMMON_HEADERS)
    if response.policy:
        headers.append(("Content-Security-Policy", response.policy))
    if response.content_type:
        headers.append(("Content-Type", response.content_type))
    length = response.length if response.file is not None else len(response.body)
    if length is not None and response.status != 304:
        headers.append(("Content-Length", str(length)))
    headers += response.headers
    start_response(status_line(response.status), headers)
    if environ.get("REQUEST_METHOD") == "HEAD" or response.status == 304:
        if response.file is not None:
            response.file.close()
        return []
    if response.file is not None:
        wrapper = environ.get("wsgi.file_wrapper")
        return wrapper(response.file) if wrapper else _chunks(response.file)
    return [response.body]


def _chunks(handle: BinaryIO, size: int = 64 * 1024) -> Iterable[bytes]:
    with handle:
        while chunk := handle.read(size):
            yield chunk
