"""Plain HTTP for the few requests site discovery makes, outside a crawl.

An honest User-Agent, robots.txt obeyed (read once per host), a pause between
requests to one host, a timeout and a size cap; a certificate chain that does
not verify is fetched anyway and said so (many provincial sites have broken
chains). A failure is never an exception: it is one line in ``Fetched.problem``.
"""

from __future__ import annotations

import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

MAX_BYTES = 8 * 1024 * 1024
TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True)
class Fetched:
    """One answer (or why there was none): ``url`` is where redirects ended."""

    requested: str
    url: str
    status: int | None
    content_type: str = ""
    body: bytes = b""
    problem: str | None = None
    tls_note: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.status is not None and 200 <= self.status < 300


@dataclass
class Robots:
    """A host's robots.txt: what it allows, and the sitemaps it names."""

    parser: RobotFileParser
    sitemaps: list[str]
    note: str


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _reason(exc: BaseException, timeout: float) -> str:
    """One line for a failed request: what a person can act on."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return "DNS lookup failed (no such host?)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ssl.SSLError):
        return f"TLS failed: {reason.reason or reason}"
    return f"{type(reason).__name__}: {reason}"


@dataclass
class PoliteFetcher:
    user_agent: str
    timeout: float = TIMEOUT_SECONDS
    # Seconds between two requests to one host.
    delay: float = 1.0
    obey_robots: bool = True
    max_bytes: int = MAX_BYTES
    # Every request through this HTTP proxy (the crawl's PARTYLINE_PROXY), or directly.
    proxy: str | None = None
    log: list[str] = field(default_factory=list)
    _robots: dict[str, Robots] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)

    def robots(self, url: str) -> Robots:
        """The robots.txt of ``url``'s host (fetched once)."""
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        return self._robots[origin]

    def _read_robots(self, origin: str) -> Robots:
        parser = RobotFileParser(origin + "/robots.txt")
        answer = self._get(origin + "/robots.txt")
        if answer.ok:
            lines = answer.body.decode("utf-8", "replace").splitlines()
            parser.parse(lines)
            return Robots(parser, list(parser.site_maps() or []), "robots.txt read")
        parser.allow_all = True
        if answer.status is not None and 400 <= answer.status < 500:
            return Robots(parser, [], f"no robots.txt (HTTP {answer.status}): all allowed")
        return Robots(parser, [], f"robots.txt unreadable ({answer.problem}): going on")

    def get(self, url: str) -> Fetched:
        """GET ``url`` unless robots.txt forbids it."""
        if self.obey_robots and not self.robots(url).parser.can_fetch(self.user_agent, url):
            return Fetched(url, url, None, problem="disallowed by robots.txt: not fetched")
        return self._get(url)

    def _pause(self, url: str) -> None:
        host = urlsplit(url).netloc
        wait = self._last.get(host, 0.0) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def _get(self, url: str) -> Fetched:
        self._pause(url)
        answer = self._open(url, verify=True)
        if answer.problem and answer.problem.startswith("TLS failed: CERTIFICATE_VERIFY_FAILED"):
            retried = self._open(url, verify=False)
            note = "certificate chain does not verify: fetched anyway"
            answer = Fetched(**{**retried.__dict__, "tls_note": note})
        self.log.append(f"GET {url} → {answer.status or answer.problem}")
        return answer

    def _open(self, url: str, *, verify: bool) -> Fetched:
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        context = ssl.create_default_context()
        if not verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        handlers: list[urllib.request.BaseHandler] = [urllib.request.HTTPSHandler(context=context)]
        if self.proxy:
            handlers.append(urllib.request.ProxyHandler({"http": self.proxy, "https": self.proxy}))
        try:
            with urllib.request.build_opener(*handlers).open(
                request, timeout=self.timeout
            ) as reply:
                body = reply.read(self.max_bytes + 1)
                return self._answer(url, reply.geturl(), reply.status, reply.headers, body)
        except urllib.error.HTTPError as exc:
            body = exc.read(self.max_bytes) if exc.fp else b""
            return Fetched(
                url, exc.geturl() or url, exc.code, body=body, problem=f"HTTP {exc.code}"
            )
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return Fetched(url, url, None, problem=_reason(exc, self.timeout))

    def _answer(self, url: str, final: str, status: int, headers: object, body: bytes) -> Fetched:
        content_type = headers.get("Content-Type", "") if headers else ""  # type: ignore[attr-defined]
        if len(body) > self.max_bytes:
            cap = self.max_bytes // 2**20
            return Fetched(url, final, status, content_type, problem=f"larger than {cap} MB")
        return Fetched(url, final, status, content_type, body)
