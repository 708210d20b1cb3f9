"""Reading a request's path and query string, refusing what no honest client sends.

WSGI hands the path already percent-decoded, as latin-1 text of the raw bytes;
it is decoded once more as UTF-8 here and never unquoted again (a second
unquote would turn ``%252e`` into ``.``). The query string is read as bytes
and each value decoded as strict UTF-8. A page number or page size out of its
range is refused with the range (never silently changed into another number);
a page past the last one is an honest empty page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from search.publish.server.responses import HttpError, Message
from search.query.engine import normalise_sort

MAX_PATH_BYTES = 2048
MAX_QUERY_STRING_BYTES = 4096
MAX_QUERY_CHARS = 500
MAX_FIELDS = 20
MAX_PAGE = 10_000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")

TOO_LONG = Message(
    "Địa chỉ quá dài. Hãy rút gọn câu tìm kiếm.",
    "The address is too long. Shorten the search.",
)
BAD_ENCODING = Message(
    "Địa chỉ có ký tự không hợp lệ (không phải UTF-8).",
    "The address holds characters that are not valid UTF-8.",
)
BAD_FORM = Message(
    "Tham số tìm kiếm không hợp lệ.",
    "The search parameters are not valid form data.",
)
NUL = Message("Địa chỉ chứa ký tự NUL.", "The address contains a NUL character.")
LONG_QUERY = Message(
    f"Câu tìm kiếm dài quá {MAX_QUERY_CHARS} ký tự.",
    f"The query is longer than {MAX_QUERY_CHARS} characters.",
)
NOT_A_NUMBER = Message(
    "page và per_page phải là số nguyên.",
    "page and per_page must be whole numbers.",
)
PAGE_RANGE = Message(
    f"page phải từ 1 đến {MAX_PAGE:,}.".replace(",", "."),
    f"page must be between 1 and {MAX_PAGE:,}.",
)
PER_PAGE_RANGE = Message(
    f"per_page phải từ 1 đến {MAX_PER_PAGE}.",
    f"per_page must be between 1 and {MAX_PER_PAGE}.",
)
BAD_SORT = Message(
    "sort phải là relevance, newest (hoặc date) hay oldest.",
    "sort must be relevance, newest (or date) or oldest.",
)


@dataclass(frozen=True)
class SearchParams:
    query: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str | None = None


def _utf8_text(wsgi_text: str, max_bytes: int) -> str:
    """A WSGI string (the raw bytes as latin-1) decoded as UTF-8, or HttpError 400/414."""
    try:
        data = wsgi_text.encode("latin-1")
    except UnicodeEncodeError:
        raise HttpError(400, BAD_ENCODING) from None
    if len(data) > max_bytes:
        raise HttpError(414, TOO_LONG)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, BAD_ENCODING) from None


def request_path(environ: dict[str, Any]) -> str:
    """The request's path as text (``/`` first), or HttpError 400/414."""
    path = _utf8_text(environ.get("PATH_INFO") or "/", MAX_PATH_BYTES)
    if "\x00" in path:
        raise HttpError(400, NUL)
    return path if path.startswith("/") else "/" + path


def query_fields(environ: dict[str, Any]) -> dict[str, str]:
    """The query string's fields (the first value of each), decoded as strict UTF-8."""
    text = _utf8_text(environ.get("QUERY_STRING", ""), MAX_QUERY_STRING_BYTES)
    try:
        parsed = parse_qs(text, max_num_fields=MAX_FIELDS, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, BAD_ENCODING) from None
    except ValueError:
        raise HttpError(400, BAD_FORM) from None
    fields = {name: values[0] for name, values in parsed.items()}
    if any("\x00" in name or "\x00" in value for name, value in fields.items()):
        raise HttpError(400, NUL)
    return fields


def _whole_number(
    text: str | None, default: int, low: int, high: int, out_of_range: Message
) -> int:
    if text is None or not text.strip():
        return default
    digits = text.strip()
    if not WHOLE_NUMBER.fullmatch(digits):
        raise HttpError(400, NOT_A_NUMBER)
    # Compare lengths first: int() of thousands of digits is slow (and refused).
    if len(digits.lstrip("+-0")) > len(str(high)) or not low <= int(digits) <= high:
        raise HttpError(400, out_of_range)
    return int(digits)


def search_params(environ: dict[str, Any]) -> SearchParams:
    """``q``, ``page``, ``per_page`` and ``sort`` of a search request, or HttpError 400/414."""
    fields = query_fields(environ)
    query = fields.get("q", "")
    if len(query) > MAX_QUERY_CHARS:
        raise HttpError(400, LONG_QUERY)
    sort = fields.get("sort", "").strip() or None
    if sort is not None and normalise_sort(sort) is None:
        raise HttpError(400, BAD_SORT)
    return SearchParams(
        query=query,
        page=_whole_number(fields.get("page"), 1, 1, MAX_PAGE, PAGE_RANGE),
        per_page=_whole_number(
            fields.get("per_page"), DEFAULT_PER_PAGE, 1, MAX_PER_PAGE, PER_PAGE_RANGE
        ),
        sort=sort,
    )
