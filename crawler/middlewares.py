"""Downloader middlewares: retries that back off, a check of each host's TLS chain, and
every request through one HTTP proxy when ``PARTYLINE_PROXY`` names one.

Small government servers answer 5xx and time out when busy: retrying at once only
adds load, so a retry waits ``RETRY_BACKOFF_BASE * 2**(attempt-1)`` seconds (capped
by ``RETRY_BACKOFF_MAX``). Many of these sites serve broken certificate chains:
Scrapy fetches them anyway (it does not verify), and ``TLSCheckMiddleware`` checks
each https host once per run against the system's trust store, so the spider can
record the problem beside what it fetched.
"""

from __future__ import annotations

import socket
import ssl
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, reactor, task, threads

TLS_CHECK_TIMEOUT = 15


class ProxyMiddleware:
    """Every request through the proxy ``PARTYLINE_PROXY`` names (the demo reaches the
    sample web's named sites so); Scrapy's HttpProxyMiddleware then uses it."""

    def __init__(self, proxy: str) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProxyMiddleware:
        proxy = crawler.settings.get("PARTYLINE_PROXY")
        if not proxy:
            raise NotConfigured("no PARTYLINE_PROXY")
        return cls(proxy)

    def process_request(self, request: Request) -> None:
        request.meta.setdefault("proxy", self.proxy)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry policy (RETRY_TIMES, RETRY_HTTP_CODES), with exponential backoff."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    def _retry(self, request: Request, reason: Any) -> Request | None:
        retry = super()._retry(request, reason)
        if retry is not None:
            delay = min(self.cap, self.base * 2 ** (retry.meta["retry_times"] - 1))
            retry.meta["retry_not_before"] = time.monotonic() + delay
        return retry

    async def process_request(self, request: Request, spider: Any = None) -> None:
        wait = request.meta.get("retry_not_before", 0.0) - time.monotonic()
        if wait > 0:
            await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RedirectLoopMiddleware:
    """Fails a redirect back to a URL of its own chain, so the loop is recorded.

    Left to Scrapy, the redirect back would be dropped by the dupefilter without
    a word, and the page would vanish from the run's record.
    """

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Any:
        location = response.headers.get("Location")
        if response.status not in REDIRECT_STATUSES or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, target])}")
        return response


def verify_certificate_chain(
    host: str, port: int, timeout: float = TLS_CHECK_TIMEOUT
) -> str | None:
    """Why ``host``'s certificate chain does not verify, or None when it does (or cannot say)."""
    context = ssl.create_default_context()
    try:
        with (
            socket.create_connection((host, port), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=host),
        ):
            return None
    except ssl.SSLCertVerificationError as exc:
        return f"certificate does not verify ({exc.verify_message}); fetched anyway"
    except (OSError, ssl.SSLError):
        return None  # unreachable or no TLS at all: the fetch itself reports that


class TLSCheckMiddleware:
    """Checks each https host's chain once per run; puts the verdict in ``meta["tls_problem"]``."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.verdicts: dict[tuple[str, int], defer.Deferred[str | None] | str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TLSCheckMiddleware:
        return cls(crawler.settings.getbool("PARTYLINE_TLS_CHECK", True))

    async def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        parts = urlsplit(response.url)
        if not self.enabled or parts.scheme != "https" or not parts.hostname:
            return response
        key = (parts.hostname, parts.port or 443)
        verdict = self.verdicts.get(key)
        if key not in self.verdicts:
            verdict = threads.deferToThread(verify_certificate_chain, *key)
            self.verdicts[key] = verdict
        if isinstance(verdict, defer.Deferred):
            waiting: defer.Deferred[str | None] = defer.Deferred()
            verdict.addBoth(lambda result: (waiting.callback(result), result)[1])
            result = await maybe_deferred_to_future(waiting)
            self.verdicts[key] = result
            verdict = result
        if verdict:
            request.meta["tls_problem"] = verdict
        return response
