"""Serve the sample sites on 127.0.0.1 with the standard library's threaded HTTP server:
one site per port (``SiteServer``), or every site under its own name behind one port
that HTTP clients use as their proxy (``NamedSitesServer``)."""

from __future__ import annotations

import threading
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from sampleweb.pages import Page
from sampleweb.site import SampleSite


class SiteServer(ThreadingHTTPServer):
    """One site per server. Daemon threads, and no waiting for them on close, so a
    request stuck in the slow trap never holds up ``stop()``."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, site: SampleSite, port: int, stopping: threading.Event) -> None:
        self.site = site
        self.stopping = stopping
        super().__init__(("127.0.0.1", port), SiteHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up mid-response are normal for a crawler fixture: stay quiet."""

    def site_for(self, handler: BaseHTTPRequestHandler) -> tuple[SampleSite | None, str]:
        """The site a request is for, and the path and query it asks of it."""
        return self.site, handler.path


class NamedSitesServer(SiteServer):
    """Every site under a name of its own (``http://mau-nukeviet.test``) behind one port,
    which clients use as an HTTP proxy: the sites' URLs stay the same whatever port
    the server gets, so two crawls of the web store the same pages under one URL."""

    def __init__(self, sites: dict[str, SampleSite], port: int, stopping: threading.Event) -> None:
        self.sites_by_host = sites
        ThreadingHTTPServer.__init__(self, ("127.0.0.1", port), SiteHandler)
        self.stopping = stopping

    def site_for(self, handler: BaseHTTPRequestHandler) -> tuple[SampleSite | None, str]:
        """A proxy request names the site in its absolute URL; a direct one in ``Host``."""
        parts = urlsplit(handler.path)
        host = parts.netloc or handler.headers.get("Host", "")
        target = handler.path
        if parts.netloc:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return self.sites_by_host.get(host.lower()), target


def not_modified(page: Page, headers: object) -> bool:
    """Whether the request's validators match ``page`` (RFC 9110: ETag wins)."""
    if not page.validators or page.status != 200:
        return False
    if_none_match = headers.get("If-None-Match")  # type: ignore[attr-defined]
    if if_none_match:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or page.etag in tags
    if_modified_since = headers.get("If-Modified-Since")  # type: ignore[attr-defined]
    if if_modified_since and page.last_modified:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return page.last_modified.replace(microsecond=0) <= since
    return False


class SiteHandler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections give their thread back

    def do_GET(self) -> None:
        self.answer(with_body=True)

    def do_HEAD(self) -> None:
        self.answer(with_body=False)

    def answer(self, with_body: bool) -> None:
        site, target = self.server.site_for(self)
        if site is None:
            self.send_error(502, "No such sample site")
            return
        self.site = site
        page = site.respond(target)
        if page.delay and self.server.stopping.wait(page.delay):
            self.close_connection = True
            return
        status, body = page.status, page.body
        if not_modified(page, self.headers):
            status, body = 304, b""
        self.send_response(status)
        for name, value in (*site.renderer.response_headers, *page.header_lines()):
            if status == 304 and name == "Content-Type":
                continue
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body and body:
            self.wfile.write(body)

    def version_string(self) -> str:
        site = getattr(self, "site", None)
        return site.renderer.server_software if site is not None else "sampleweb"

    def log_message(self, format: str, *args: object) -> None:
        """No per-request logging: the fixture must stay silent on stderr."""
