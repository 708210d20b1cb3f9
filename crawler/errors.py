"""Sorting fetch failures into the kinds the run report counts."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

KINDS = (
    "dns",
    "tls",
    "timeout",
    "connection",
    "http_4xx",
    "http_5xx",
    "redirect",
    "robots",
    "too_large",
    "extraction",
    "other",
)


def _is_tls(exc: BaseException) -> bool:
    name = type(exc).__module__ + "." + type(exc).__name__
    return "SSL" in name or "OpenSSL" in name or "tls" in name.lower()


def classify_failure(failure: Failure) -> tuple[str, int | None, str]:
    """``(kind, http status or None, message)`` for a request's failure."""
    exc = failure.value
    if isinstance(exc, DownloadCancelledError) and "max size" in str(exc):
        # DOWNLOAD_MAXSIZE, or an attached document's own limit: cancelled unread.
        return "too_large", None, f"larger than the size limit: {exc}"
    if isinstance(exc, HttpError):
        status = exc.response.status
        return ("http_5xx" if status >= 500 else "http_4xx", status, f"HTTP {status}")
    if isinstance(exc, net.DNSLookupError | CannotResolveHostError):
        return "dns", None, f"DNS lookup failed: {exc}"
    if isinstance(exc, net.TimeoutError | net.TCPTimedOutError | DownloadTimeoutError):
        return "timeout", None, f"timed out: {exc}"
    if isinstance(exc, ResponseNeverReceived):
        reasons = [r.value for r in exc.reasons]
        if any(_is_tls(reason) for reason in reasons):
            return "tls", None, f"TLS failure: {reasons}"
        return "connection", None, f"no response: {reasons}"
    if _is_tls(exc) or (isinstance(exc, DownloadFailedError) and _is_tls(exc.__cause__ or exc)):
        return "tls", None, f"TLS failure: {exc}"
    connection_errors = (
        net.ConnectError,
        net.ConnectionLost,
        net.ConnectionDone,
        DownloadConnectionRefusedError,
        ResponseDataLossError,
        DownloadFailedError,
    )
    if isinstance(exc, connection_errors):
        return "connection", None, f"connection failed: {exc}"
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if "robots.txt" in message:
            return "robots", None, message
        if "redirect" in message.lower():
            return "redirect", None, message
        return "other", None, message or "request ignored"
    return "other", None, f"{type(exc).__name__}: {exc}"
