"""From response bytes to a parsed tree, or a clear reason why there is none.

Every expected failure is an ``ExtractionError`` with a ``kind`` the run report
counts: ``not_html`` (a PDF or image, kept but not extracted), ``empty``,
``too_large`` (over ``MAX_PAGE_BYTES``), ``malformed`` (binary or unparseable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree, html

from crawler.extraction.decode import decode_html

# Real article pages weigh 50 to 300 KB; past this a response is not an article.
MAX_PAGE_BYTES = 8 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
# Magic numbers of the documents and media that party sites attach to articles.
BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"Rar!", "a RAR archive"),
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
BINARY_PROBE_BYTES = 65536


class ExtractionError(Exception):
    """A capture that yields no article; ``kind`` sorts it for the run report."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class ParsedPage:
    tree: html.HtmlElement
    encoding: str
    encoding_note: str | None


def without_xml_declaration(text: str) -> str:
    """``text`` minus a leading ``<?xml … encoding=…?>``, which lxml refuses in str input."""
    return _XML_DECLARATION.sub("", text, count=1)


def _size(body: bytes) -> str:
    return (
        f"{len(body) / 1024:,.0f} KB" if len(body) < 1024 * 1024 else f"{len(body) / 2**20:.1f} MB"
    )


def _refuse_non_html(body: bytes, content_type: str | None) -> None:
    head = body.lstrip()[:8]
    for magic, what in BINARY_SIGNATURES:
        if head.startswith(magic):
            raise ExtractionError("not_html", f"{what} ({_size(body)}): kept, not extracted")
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type and not media_type.startswith(HTML_TYPES):
        raise ExtractionError(
            "not_html", f"not an HTML page ({media_type}, {_size(body)}): kept, not extracted"
        )


def parse_page(body: bytes, content_type: str | None = None) -> ParsedPage:
    """Decode and parse ``body``; raises ``ExtractionError`` when it is no HTML page."""
    if not body.strip():
        raise ExtractionError("empty", "empty response body")
    _refuse_non_html(body, content_type)
    if len(body) > MAX_PAGE_BYTES:
        cap = MAX_PAGE_BYTES // 2**20
        raise ExtractionError(
            "too_large", f"page of {_size(body)} is over the {cap} MB extraction cap; kept"
        )
    page = decode_html(body, content_type)
    if "\x00" in page.text[:BINARY_PROBE_BYTES]:
        raise ExtractionError("malformed", "binary bytes (NUL) inside an HTML response")
    try:
        tree = html.document_fromstring(without_xml_declaration(page.text))
    except etree.ParserError as exc:
        raise ExtractionError("empty", f"no HTML document in the response ({exc})") from exc
    except ValueError as exc:
        raise ExtractionError("malformed", f"unparseable HTML: {exc}") from exc
    return ParsedPage(tree, page.encoding, page.note)
