"""HTTP responses of the sample web, built once and served many times."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from sampleweb import vndates

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Page:
    status: int = 200
    body: bytes = b""
    content_type: str = HTML
    headers: tuple[tuple[str, str], ...] = ()
    last_modified: datetime | None = None
    cacheable: bool = True
    delay: float = 0.0  # seconds to wait before answering (the timeout trap)
    validators: bool = field(default=True)  # send ETag (and Last-Modified when known)

    @cached_property
    def etag(self) -> str:
        return '"' + hashlib.md5(self.body, usedforsecurity=False).hexdigest()[:20] + '"'

    def header_lines(self) -> list[tuple[str, str]]:
        lines = [("Content-Type", self.content_type), *self.headers]
        if self.validators and self.status == 200:
            lines.append(("ETag", self.etag))
            if self.last_modified:
                lines.append(("Last-Modified", vndates.http_date(self.last_modified)))
        return lines


def text_page(text: str, content_type: str = HTML, *, nfd: bool = False, **options: object) -> Page:
    """``text`` as UTF-8, decomposed to NFD when the page is one of the NFD traps."""
    if nfd:
        text = unicodedata.normalize("NFD", text)
    return Page(body=text.encode("utf-8"), content_type=content_type, **options)  # type: ignore[arg-type]


def redirect(location: str, status: int = 302, headers: tuple[tuple[str, str], ...] = ()) -> Page:
    return Page(
        status=status,
        body=b"",
        headers=(("Location", location), *headers),
        validators=False,
    )


NOT_FOUND = Page(
    status=404,
    body='<!DOCTYPE html><html><head><meta charset="utf-8"><title>404</title></head>'
    "<body><h1>Không tìm thấy trang</h1></body></html>".encode(),
    validators=False,
)

# A 1x1 transparent GIF for every image the pages show.
PIXEL = Page(
    body=bytes.fromhex(
        "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
    ),
    content_type="image/gif",
)
EMPTY_CSS = Page(body=b"/* sample web */\n", content_type="text/css; charset=utf-8")
EMPTY_JS = Page(body=b"/* sample web */\n", content_type="application/javascript; charset=utf-8")
FAKE_PDF = Page(body=b"%PDF-1.4\n% sample web document\n%%EOF\n", content_type="application/pdf")


# Where the CMSs keep files; anything below them without a known type is an image.
ASSET_ROOTS = (
    "/uploads/",
    "/assets/",
    "/themes/",
    "/documents/",
    "/image/",
    "/o/",
    "/Content/",
    "/Scripts/",
)


def static_asset(path: str) -> Page | None:
    """Images, styles, scripts and documents the chrome links to."""
    lowered = path.lower()
    for suffixes, page in (
        ((".jpg", ".jpeg", ".png", ".gif", ".ico", ".svg", ".webp"), PIXEL),
        ((".css",), EMPTY_CSS),
        ((".js", ".jsp"), EMPTY_JS),
        ((".pdf", ".doc", ".docx"), FAKE_PDF),
    ):
        if lowered.endswith(suffixes):
            return page
    return PIXEL if path.startswith(ASSET_ROOTS) else None
