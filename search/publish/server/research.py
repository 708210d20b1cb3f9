"""The research routes: trends, shares, distinctive terms and keyword in context.

    /trends, /shares, /terms, /kwic                 the pages (Vietnamese)
    /en/trends, /en/shares, /en/terms, /en/kwic     the pages (English)
    /trends.csv, /trends.json, /shares.csv, /shares.json, /terms.csv, /terms.json
                                                    their data, as the command line's
                                                    --csv and --json print it
    /kwic.csv, /kwic.jsonl                          every line of the concordance, streamed

Parameters: ``q`` (repeated for side-by-side queries), ``by``, ``per``,
``against``, ``min_count``, ``sort``, ``width``, ``page``. The computations
run in the search workers (``workers.py``) when the server has them, and
their answers are cached per index generation like searches. The
concordance's downloads are fetched from the workers a batch of articles at a
time and streamed, so no line limit applies and memory stays flat.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any
from urllib.parse import parse_qsl

from whoosh.index import EmptyIndexError

from search.publish.server.params import MAX_QUERY_CHARS, query_fields
from search.publish.server.responses import HttpError, Message, Response, html_response
from search.publish.website.research_pages import (
    PAGES,
    WEB_SAMPLE,
    ResearchRequest,
    render_research_page,
)
from search.query.delimited import csv_text, jsonl_text
from search.query.engine import IndexBusy, IndexMissing
from search.query.groups import PER_CHOICES
from search.query.kwic import KWIC_COLUMNS, kwic_batch, kwic_page
from search.query.kwic_sort import SORTS, sorted_lines
from search.query.masks import ResearchError
from search.query.periods import PERIODS
from search.query.shares import SHARE_COLUMNS, shares
from search.query.terms import term_rows, terms_for_queries
from search.query.trends import MAX_QUERIES, TREND_COLUMNS, trend_rows, trends
from search.store import index_generation

log = logging.getLogger(__name__)

PAGE_ROUTES = {
    **{f"/{page}": (page, "vi") for page in PAGES},
    **{f"/en/{page}": (page, "en") for page in PAGES},
}
DATA_ROUTES = {
    "/trends.csv": ("trends", "csv"),
    "/trends.json": ("trends", "json"),
    "/shares.csv": ("shares", "csv"),
    "/shares.json": ("shares", "json"),
    "/terms.csv": ("terms", "csv"),
    "/terms.json": ("terms", "json"),
    "/kwic.csv": ("kwic", "csv"),
    "/kwic.jsonl": ("kwic", "jsonl"),
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
}
WEB_TOP = 5  # lines on a chart
KWIC_PAGE_ARTICLES = 100
MIN_WIDTH, MAX_WIDTH = 10, 300

BAD_PARAMETER = Message(
    "Tham số không hợp lệ: {name}.", "The parameter {name} is not valid: {allowed}."
)
TOO_MANY = Message(
    f"Tối đa {MAX_QUERIES} truy vấn, mỗi truy vấn {MAX_QUERY_CHARS} ký tự.",
    f"At most {MAX_QUERIES} queries of {MAX_QUERY_CHARS} characters each.",
)
NOT_READY = Message(
    "Chỉ mục tìm kiếm đang được xây dựng hoặc chưa có. Vui lòng thử lại sau ít phút.",
    "The search index is being built or is not there yet. Try again in a few minutes.",
)
UNAVAILABLE = (IndexMissing, IndexBusy, EmptyIndexError, FileNotFoundError)

Compute = Callable[..., Any]  # function(archive, index_dir, *args, **options)


def _choice(fields: dict[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = fields.get(name, "").strip() or default
    if value not in allowed:
        message = Message(
            BAD_PARAMETER.vi.format(name=name),
            BAD_PARAMETER.en.format(name=name, allowed=", ".join(a or '""' for a in allowed)),
        )
        raise HttpError(400, message)
    return value


def _number(fields: dict[str, str], name: str, low: int, high: int, default: int) -> int:
    value = fields.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or len(value) > 9 or not low <= int(value) <= high:
        raise HttpError(
            400,
            Message(
                BAD_PARAMETER.vi.format(name=name),
                BAD_PARAMETER.en.format(name=name, allowed=f"a whole number {low} to {high}"),
            ),
        )
    return int(value)


def read_request(environ: dict[str, Any], page: str) -> tuple[ResearchRequest, dict[str, Any]]:
    """The page's request as asked (for links) and its checked options; HttpError 400."""
    fields = query_fields(environ)  # checks size, encoding and field count
    pairs = parse_qsl(environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8"))
    queries = [value for name, value in pairs if name == "q" and value.strip()]
    if len(queries) > MAX_QUERIES or any(len(q) > MAX_QUERY_CHARS for q in queries):
        raise HttpError(400, TOO_MANY)
    options: dict[str, Any] = {"queries": queries}
    kept: dict[str, str] = {}
    if page == "trends":
        options["by"] = kept["by"] = _choice(fields, "by", PERIODS, "month")
        options["per"] = kept["per"] = _choice(fields, "per", ("", *PER_CHOICES), "")
    elif page == "shares":
        options["per"] = kept["per"] = _choice(fields, "per", PER_CHOICES, "province")
    elif page == "terms":
        against = fields.get("against", "").strip()
        if len(against) > MAX_QUERY_CHARS:
            raise HttpError(400, TOO_MANY)
        options["against"] = kept["against"] = against
        options["min_count"] = _number(fields, "min_count", 1, 100_000, 5)
        kept["min_count"] = str(options["min_count"]) if "min_count" in fields else ""
    else:
        options["sort"] = kept["sort"] = _choice(fields, "sort", SORTS, "text")
        options["width"] = _number(fields, "width", MIN_WIDTH, MAX_WIDTH, 60)
        kept["width"] = str(options["width"]) if "width" in fields else ""
        options["page"] = _number(fields, "page", 1, 100_000, 1)
    return ResearchRequest(page, queries, {k: v for k, v in kept.items() if v}), options


class ResearchRoutes:
    """Answers the research routes for the server application ``app``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def handles(self, path: str) -> bool:
        return path in PAGE_ROUTES or path in DATA_ROUTES

    def respond(self, path: str, environ: dict[str, Any]) -> Response:
        if path in PAGE_ROUTES:
            page, lang = PAGE_ROUTES[path]
            return self.page(page, lang, environ)
        page, kind = DATA_ROUTES[path]
        request, options = read_request(environ, page)
        if not request.queries:
            raise HttpError(400, Message("Thiếu truy vấn q.", "The query q is missing."))
        return self.data(page, kind, options)

    def _run(self, function: Compute, *args: Any, **options: Any) -> Any:
        workers = self.app.workers
        if workers is not None:
            return workers.call(function, *args, **options)
        return function(self.app.archive, self.app.index_dir, *args, **options)

    def _cached(self, key: tuple, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        generation = index_generation(self.app.index_dir)
        return self.app.cache.get_or_compute(("research", generation, *key), compute)

    def answer(self, page: str, options: dict[str, Any]) -> dict[str, Any]:
        """The page's result (the same dict as the command line's ``--json``)."""
        queries = options["queries"]
        if page == "trends":
            per = options["per"] or None
            return self._cached(
                ("trends", tuple(queries), options["by"], per),
                lambda: self._run(trends, queries, period=options["by"], per=per, top=WEB_TOP),
            )
        if page == "shares":
            return self._cached(
                ("shares", queries[0], options["per"]),
                lambda: self._run(shares, queries[0], per=options["per"]),
            )
        if page == "terms":
            against = options["against"] or None
            settings = {"min_count": options["min_count"], "sample": WEB_SAMPLE}
            return self._cached(
                ("terms", tuple(queries), against, options["min_count"]),
                lambda: self._run(terms_for_queries, queries, against=against, **settings),
            )
        return self._cached(
            ("kwic", queries[0], options["width"], options["page"]),
            lambda: self._kwic_page(options),
        )

    def _kwic_page(self, options: dict[str, Any]) -> dict[str, Any]:
        batch = self._run(
            kwic_page,
            options["queries"][0],
            width=options["width"],
            page=options["page"],
            articles=KWIC_PAGE_ARTICLES,
        )
        pages = -(-batch.articles // KWIC_PAGE_ARTICLES)
        return {
            **asdict(batch),
            "page": options["page"],
            "pages": pages,
            "per_page": KWIC_PAGE_ARTICLES,
        }

    def page(self, page: str, lang: str, environ: dict[str, Any]) -> Response:
        request, options = read_request(environ, page)
        if not request.queries:
            return html_response(200, render_research_page(request, lang, None))
        try:
            result = self.answer(page, options)
        except ResearchError as error:
            return html_response(400, render_research_page(request, lang, None, error=str(error)))
        except UNAVAILABLE as exc:
            log.warning("search index not available: %s", exc)
            html = render_research_page(request, lang, None, error=NOT_READY.text(lang))
            return html_response(503, html, [("Retry-After", "60")])
        if page == "kwic" and options["sort"] != "text":
            result = {**result, "lines": list(sorted_lines(result["lines"], options["sort"]))}
        notes = result.get("notes", []) if page != "terms" else []
        return html_response(200, render_research_page(request, lang, result, notes=notes))

    def data(self, page: str, kind: str, options: dict[str, Any]) -> Response:
        try:
            if page == "kwic":
                chunks = self._kwic_file(kind, options)
            else:
                chunks = _table_file(page, kind, self.answer(page, options))
        except ResearchError as error:
            raise HttpError(400, Message(str(error), str(error))) from None
        except UNAVAILABLE as exc:
            log.warning("search index not available: %s", exc)
            raise HttpError(503, NOT_READY, [("Retry-After", "60")]) from None
        headers = [
            ("Content-Disposition", f'attachment; filename="{page}.{kind}"'),
            ("Cache-Control", "no-store"),
        ]
        return Response(
            200, content_type=CONTENT_TYPES[kind], headers=headers, file=Streamed(chunks)
        )

    def _kwic_file(self, kind: str, options: dict[str, Any]) -> Iterator[str]:
        query, width = options["queries"][0], options["width"]
        first = self._run(kwic_batch, query, width=width)  # errors surface before the reply

        def lines() -> Iterator[dict[str, Any]]:
            batch = first
            yield from batch.lines
            while batch.cursor is not None:
                batch = self._run(kwic_batch, query, width=width, after=batch.cursor)
                yield from batch.lines

        ordered = sorted_lines(lines(), options["sort"])
        return csv_text(ordered, KWIC_COLUMNS) if kind == "csv" else jsonl_text(ordered)


def _table_file(page: str, kind: str, result: dict[str, Any]) -> Iterator[str]:
    if kind == "json":
        return iter([json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n"])
    if page == "trends":
        return csv_text(trend_rows(result), TREND_COLUMNS)
    if page == "shares":
        return csv_text(result["rows"], SHARE_COLUMNS)
    rows, columns = term_rows(result)
    return csv_text(rows, columns)


class Streamed:
    """Text chunks as a file for the server to stream (``read`` in blocks, not seekable)."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = iter(chunks)
        self._buffer = bytearray()

    def seekable(self) -> bool:
        return False

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk.encode()
        if size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def close(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()
