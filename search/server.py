"""The search server: the built site, ``/search`` (HTML) and ``/api/search`` (JSON).

A plain WSGI application served by waitress (multi-threaded), bound to 127.0.0.1
unless told otherwise. Every request is answered: bad input gets a 4xx, never a
traceback or a file outside the site.
"""

from __future__ import annotations

import json
import logging
import mimetypes
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from archive.db import Archive
from search.querying import IndexMissing, normalise_sort, search
from search.website import template_environment

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 500
MAX_PER_PAGE = 100
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class SearchApp:
    def __init__(self, archive: Archive, index_dir: Path, site_dir: Path) -> None:
        self.archive = archive
        self.index_dir = index_dir
        self.site_dir = site_dir
        self.templates = template_environment()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            return self._route(environ, start_response)
        except Exception:
            log.exception("unexpected error answering %s", environ.get("PATH_INFO"))
            return _text(start_response, "500 Internal Server Error", "Internal error.")

    def _route(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            return _text(start_response, "405 Method Not Allowed", "Only GET is supported.")
        path = environ.get("PATH_INFO", "/")
        if path == "/api/search":
            return self._api(environ, start_response)
        if path in ("/search", "/search.html") and environ.get("QUERY_STRING"):
            return self._search_page(environ, start_response)
        return self._static(path, start_response)

    def _params(self, environ: dict[str, Any]) -> tuple[str, int, int, str | None] | str:
        raw = environ.get("QUERY_STRING", "")
        try:
            params = parse_qs(raw, errors="strict", max_num_fields=20)
        except (UnicodeDecodeError, ValueError):
            return "The query string is not valid UTF-8 form data."
        query = params.get("q", [""])[0]
        if len(query) > MAX_QUERY_CHARS:
            return f"The query is longer than {MAX_QUERY_CHARS} characters."
        if "\x00" in query:
            return "The query contains a NUL character."
        try:
            page = max(1, int(params.get("page", ["1"])[0]))
            per_page = min(MAX_PER_PAGE, max(1, int(params.get("per_page", ["10"])[0])))
        except ValueError:
            return "page and per_page must be whole numbers."
        sort = params.get("sort", [""])[0] or None
        if sort is not None and normalise_sort(sort) is None:
            return "sort must be relevance, newest (or date) or oldest."
        return query, page, per_page, sort

    def _run(self, query: str, page: int, per_page: int, sort: str | None) -> dict[str, Any]:
        try:
            result = search(
                self.archive, self.index_dir, query, limit=per_page, page=page, sort=sort
            )
        except IndexMissing as exc:
            result = {"query": query, "total": 0, "results": [], "facets": {}, "notes": [str(exc)]}
        return {**result, "page": page, "per_page": per_page}

    def _api(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        params = self._params(environ)
        if isinstance(params, str):
            body = json.dumps({"error": params}, ensure_ascii=False).encode()
            return _respond(start_response, "400 Bad Request", "application/json", body)
        body = json.dumps(self._run(*params), ensure_ascii=False).encode()
        return _respond(start_response, "200 OK", "application/json; charset=utf-8", body)

    def _search_page(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        params = self._params(environ)
        if isinstance(params, str):
            return _text(start_response, "400 Bad Request", params)
        query = params[0]
        html = self.templates.get_template("search.html").render(
            root="", query=query, result=self._run(*params)
        )
        return _respond(start_response, "200 OK", "text/html; charset=utf-8", html.encode())

    def _static(self, path: str, start_response: StartResponse) -> Iterable[bytes]:
        target = safe_site_path(self.site_dir, path)
        if target is None:
            return _text(start_response, "404 Not Found", "Not found.")
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type == "application/javascript":
            content_type += "; charset=utf-8"
        return _respond(start_response, "200 OK", content_type, target.read_bytes())


def safe_site_path(site_dir: Path, url_path: str) -> Path | None:
    """The file under ``site_dir`` a URL path names, or None (never a file outside it)."""
    decoded = unquote(url_path)
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part not in ("", ".")]
    if any(part == ".." for part in parts):
        return None
    root = site_dir.resolve()
    target = root.joinpath(*parts)
    if target.is_dir():
        target = target / "index.html"
    try:
        resolved = target.resolve()
    except OSError:
        return None
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    return resolved


def _respond(
    start_response: StartResponse, status: str, content_type: str, body: bytes
) -> list[bytes]:
    start_response(
        status,
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
    return [body]


def _text(start_response: StartResponse, status: str, message: str) -> list[bytes]:
    return _respond(start_response, status, "text/plain; charset=utf-8", message.encode())


def serve(app: SearchApp, host: str = "127.0.0.1", port: int = 8080, threads: int = 8) -> None:
    """Serve until interrupted."""
    from waitress import serve as waitress_serve

    waitress_serve(app, host=host, port=port, threads=threads, ident="partyline")
