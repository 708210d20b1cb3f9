"""The search server: the built site, ``/search`` (HTML), ``/api/search`` (JSON), captures.

A plain WSGI application served by waitress (multi-threaded), bound to 127.0.0.1
unless told otherwise. Routes:

    /api/search?q=&page=&per_page=&sort=   search()'s JSON (the CLI's --json), 503 while
                                           the index is missing or being replaced
    /search, /en/search                    the search page, Vietnamese and English
    /captures/<id>[?raw=1]                 an article's archived page, sandboxed
    /trends, /shares, /terms, /kwic (+ /en/, .csv, .json, .jsonl)
                                           research pages and their data (research.py)
    anything else                          a file of the built site, or its 404 page

Each request finds the current site build (the ``site`` symlink) and the
current index build (``search/store.py``) afresh, so ``partyline build`` and
``partyline index`` (incremental or ``--rebuild``) are picked up without a
restart; answers are cached per index generation (``search/publish/server/cache.py``).
Bad input gets a 4xx, never a traceback or a file outside the site;
unexpected errors are logged and answered with a bare 500.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh.index import EmptyIndexError

from archive.db import Archive
from search.publish.server.cache import DEFAULT_SIZE, ResultCache
from search.publish.server.captures import capture_id, capture_response
from search.publish.server.params import SearchParams, query_fields, request_path, search_params
from search.publish.server.research import ResearchRoutes
from search.publish.server.responses import (
    ALLOWED_METHODS,
    HttpError,
    Message,
    Response,
    StartResponse,
    html_response,
    json_response,
    send,
    text_response,
)
from search.publish.server.static_files import not_found, site_root, static_response
from search.publish.server.workers import SearchWorkers
from search.publish.website.search_page import render_search_page
from search.query.engine import IndexBusy, IndexMissing, empty_response, search
from search.query.syntax import parse
from search.store import index_generation

log = logging.getLogger(__name__)

SEARCH_PAGES = {"/search": "vi", "/en/search": "en"}
CAPTURE_PREFIX = "/captures/"
INDEX_NOT_READY = Message(
    "Chỉ mục tìm kiếm đang được xây dựng hoặc chưa có. Vui lòng thử lại sau ít phút.",
    "The search index is being built or is not there yet. Try again in a few minutes.",
)
RETRY_AFTER = ("Retry-After", "60")
METHOD_NOT_ALLOWED = Message("Chỉ hỗ trợ GET và HEAD.", "Only GET and HEAD are supported.")
INTERNAL_ERROR = Message(
    "Lỗi máy chủ. Lỗi đã được ghi lại; vui lòng thử lại sau.",
    "Server error. It has been logged; please try again later.",
)


class SearchApp:
    """The WSGI application over one archive, its index directory and its site link."""

    def __init__(
        self,
        archive: Archive,
        index_dir: Path,
        site_dir: Path,
        *,
        cache_size: int = DEFAULT_SIZE,
        workers: SearchWorkers | None = None,
    ) -> None:
        self.archive = archive
        self.index_dir = index_dir
        self.site_dir = site_dir
        self.cache = ResultCache(cache_size)
        # Without worker processes, searches run in the server's own threads.
        self.workers = workers
        self.research = ResearchRoutes(self)

    def _search(self, params: SearchParams) -> dict[str, Any]:
        options = {"limit": params.per_page, "page": params.page, "sort": params.sort}
        if self.workers is not None:
            return self.workers.search(params.query, **options)
        return search(self.archive, self.index_dir, params.query, **options)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = self.respond(environ)
        except HttpError as error:
            response = text_response(error.status, error.message, error.headers)
        except Exception:
            log.exception(
                "unexpected error answering %s %r",
                environ.get("REQUEST_METHOD"),
                environ.get("PATH_INFO"),
            )
            response = text_response(500, INTERNAL_ERROR)
        return send(response, environ, start_response)

    def respond(self, environ: dict[str, Any]) -> Response:
        if environ.get("REQUEST_METHOD", "GET") not in ALLOWED_METHODS:
            raise HttpError(405, METHOD_NOT_ALLOWED, [("Allow", ", ".join(ALLOWED_METHODS))])
        path = request_path(environ)
        if path == "/api/search":
            return self.api(environ)
        if path in SEARCH_PAGES:
            return self.search_page(SEARCH_PAGES[path], environ)
        if path.startswith(CAPTURE_PREFIX):
            return self.capture(path, environ)
        if self.research.handles(path):
            return self.research.respond(path, environ)
        return static_response(self.site_dir, path, environ)

    def run_search(self, params: SearchParams) -> tuple[int, dict[str, Any]]:
        """(status, search()'s result with ``page`` and ``per_page``): 503 when no index answers."""
        try:
            result = self.cache.get_or_compute(
                (index_generation(self.index_dir), params), lambda: self._search(params)
            )
        except (IndexMissing, IndexBusy, EmptyIndexError, FileNotFoundError) as exc:
            # The operator's message names paths and commands: it goes to the log only.
            log.warning("search index not available: %s", exc)
            return 503, _unavailable(params)
        return 200, {**result, "page": params.page, "per_page": params.per_page}

    def api(self, environ: dict[str, Any]) -> Response:
        try:
            params = search_params(environ)
        except HttpError as error:
            return json_response(
                error.status, {"error": error.message.en, "error_vi": error.message.vi}
            )
        status, result = self.run_search(params)
        return json_response(status, result, [RETRY_AFTER] if status == 503 else [])

    def search_page(self, lang: str, environ: dict[str, Any]) -> Response:
        params = search_params(environ)
        if not params.query.strip():
            return html_response(200, render_search_page(lang, "", params.sort, None))
        status, result = self.run_search(params)
        if status == 503:
            result["notes"] = [INDEX_NOT_READY.text(lang)]
        html = render_search_page(lang, params.query, params.sort, result)
        return html_response(status, html, [RETRY_AFTER] if status == 503 else [])

    def capture(self, path: str, environ: dict[str, Any]) -> Response:
        ident = capture_id(path[len(CAPTURE_PREFIX) :])
        raw = query_fields(environ).get("raw") == "1"
        found = capture_response(self.archive, ident, raw, environ) if ident else None
        return found or not_found(site_root(self.site_dir), path, environ)


def _unavailable(params: SearchParams) -> dict[str, Any]:
    """search()'s empty answer, with a note (and an ``error``) saying the index is not ready."""
    result = empty_response(params.query, parse(params.query), params.page, params.per_page)
    result["notes"] += [INDEX_NOT_READY.en, INDEX_NOT_READY.vi]
    return {**result, "error": INDEX_NOT_READY.en}


def _stop(_signal: int, _frame: Any) -> None:
    raise SystemExit(0)  # waitress shuts down on SystemExit, then the workers are stopped


class PortBusy(OSError):
    """The address to serve on is taken; the message says what to do."""


def check_port(host: str, port: int) -> None:
    """Refuse at once, before any work, an address another program already serves on."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise PortBusy(
            f"cannot serve on {host}:{port} ({exc.strerror or exc}): another program (an "
            "earlier `partyline serve`?) uses it; stop it or choose another port with --port"
        ) from None


def serve(app: SearchApp, host: str = "127.0.0.1", port: int = 8080, threads: int = 8) -> None:
    """Serve until interrupted or terminated (waitress: a thread pool behind one
    asyncore loop); the app's search workers stop with it."""
    from waitress import serve as waitress_serve

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        waitress_serve(app, host=host, port=port, threads=threads, ident="partyline")
    finally:
        signal.signal(signal.SIGTERM, previous)
        if app.workers is not None:
            app.workers.close()
