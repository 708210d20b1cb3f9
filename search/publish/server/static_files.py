"""Serving the built site's files: never one outside it, revalidated with ETags.

``site`` is a symlink each build swaps atomically, so it is resolved on every
request: a rebuilt site is served at once, and a request already under way
keeps reading the build it started on.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from search.publish.server.responses import (
    HTML,
    Message,
    Response,
    http_date,
    not_modified,
    text_response,
)

NOT_FOUND = Message(
    "Không tìm thấy trang này. Hãy về trang chủ hoặc dùng ô tìm kiếm.",
    "Page not found. Go back to the home page or use the search box.",
)
# Assets keep their names across builds, so they are cached briefly; pages are
# revalidated every time (a nightly build may have changed them).
ASSET_PREFIX = "/static/"
ASSET_CACHE = "public, max-age=3600"
PAGE_CACHE = "no-cache"
TEXT_TYPES = ("application/javascript", "application/json", "image/svg+xml", "application/xml")


def site_root(site_dir: Path) -> Path | None:
    """The build the ``site`` symlink points at now, or None when there is none."""
    try:
        root = site_dir.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return root if root.is_dir() else None


def site_file(root: Path, url_path: str) -> Path | None:
    """The existing file or directory under ``root`` a decoded URL path names, else None.

    Refuses ``..``, backslashes and anything that resolves (through a
    symlink) outside ``root``.
    """
    if "\\" in url_path:
        return None
    parts = [part for part in url_path.split("/") if part not in ("", ".")]
    if ".." in parts:
        return None
    try:
        resolved = root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    return resolved if resolved.is_relative_to(root) else None


def _content_type(path: Path) -> str:
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if guessed.startswith("text/") or guessed in TEXT_TYPES:
        return f"{guessed}; charset=utf-8"
    return guessed


def file_response(
    path: Path, environ: dict[str, Any], *, status: int = 200, cache: str = PAGE_CACHE
) -> Response | None:
    """The file with validators (304 when the client's copy is current); None if unreadable."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - streamed, closed by the server
    except OSError:
        return None
    stat = os.fstat(handle.fileno())
    etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    headers = [
        ("ETag", etag),
        ("Last-Modified", http_date(stat.st_mtime)),
        ("Cache-Control", cache),
    ]
    if status == 200 and not_modified(environ, etag, stat.st_mtime):
        handle.close()
        return Response(304, content_type=None, headers=headers)
    return Response(
        status, content_type=_content_type(path), headers=headers, file=handle, length=stat.st_size
    )


def static_response(site_dir: Path, url_path: str, environ: dict[str, Any]) -> Response:
    """The site's file for ``url_path``, a redirect to a folder's ``/``, or the 404 page."""
    root = site_root(site_dir)
    target = site_file(root, url_path) if root else None
    if target is not None and target.is_dir():
        if not url_path.endswith("/"):
            parts = [part for part in url_path.split("/") if part]
            location = quote("/" + "/".join(parts) + "/")
            return Response(301, b"", headers=[("Location", location)])
        target = site_file(target, "index.html")
    if target is not None and target.is_file():
        cache = ASSET_CACHE if url_path.startswith(ASSET_PREFIX) else PAGE_CACHE
        response = file_response(target, environ, cache=cache)
        if response is not None:
            return response
    return not_found(root, url_path, environ)


def not_found(root: Path | None, url_path: str, environ: dict[str, Any]) -> Response:
    """The site's own 404 page (``en/404.html`` under ``/en/``) or a plain one."""
    candidates = ["en/404.html", "404.html"] if url_path.startswith("/en/") else ["404.html"]
    for name in candidates if root else []:
        page = site_file(root, name)
        if page is not None and page.is_file():
            response = file_response(page, environ, status=404, cache=PAGE_CACHE)
            if response is not None:
                response.content_type = HTML
                return response
    return text_response(404, NOT_FOUND)
