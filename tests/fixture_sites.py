"""A small fixture site on 127.0.0.1 serving the pages a test gives it, and saying
which paths were asked for (a crawl must not fetch what it should not)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

import yaml

HTML = "text/html; charset=utf-8"

Page = tuple[str, bytes]  # content type, body


def _key(path: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A path as a server reads it: its query parameters in any order, %-escapes read."""
    parts = urlsplit(path)
    return parts.path, tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))


class FixtureSite:
    """``with FixtureSite({"/": (HTML, b"...")}) as site: site.url("/")``."""

    def __init__(self, pages: Mapping[str, Page]) -> None:
        self.pages = dict(pages)
        self.requested: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requested.append(self.path)
                found = {_key(path): page for path, page in site.pages.items()}.get(_key(self.path))
                if found is None:
                    self.send_response(404)
                    self.send_header("Content-Type", HTML)
                    self.end_headers()
                    self.wfile.write(b"<html><body><h1>404</h1></body></html>")
                    return
                content_type, body = found
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def netloc(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return f"http://{self.netloc}{path}"

    def __enter__(self) -> FixtureSite:
        self.thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.server.shutdown()
        self.server.server_close()


def write_registry(path: Path, entries: list[dict[str, object]]) -> Path:
    path.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True), encoding="utf-8")
    return path
