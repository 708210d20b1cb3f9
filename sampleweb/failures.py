"""Sample sites that fail the way real provincial servers do, selectable by id.

Each is a small NukeViet site (a copy of ``mau-nukeviet`` with its own articles)
with one failure mode, so a test can show that a crawl survives it, archives
every article that can be reached exactly once, and records the failures:

- ``mau-loi-500``: every article page and one listing page answer 500 the first
  time (a retry gets them); three articles answer 500 every time.
- ``mau-qua-han``: three articles hang every time, two on the first request only
  (for ``slow_seconds``: longer than the crawl's download timeout).
- ``mau-vong-lap``: three articles redirect in a loop (A -> A?vong=1 -> A).
- ``mau-tls-hong``: the whole site on https with a self-signed certificate
  (generated when the site starts, with ``cryptography``).

``SampleWeb(failures=[...])`` adds them; ``SampleWeb()`` never does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import ssl
import tempfile
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from sampleweb.article import Article
from sampleweb.compose import compose_site
from sampleweb.pages import Page, redirect, text_page
from sampleweb.site import SampleSite
from sampleweb.specs import site_specs
from sampleweb.truth import ErrorPage

BASE_SITE = "mau-nukeviet"
ARTICLES = 40  # two categories of 20: two listing pages each
FAILURE_IDS = ("mau-loi-500", "mau-qua-han", "mau-vong-lap", "mau-tls-hong")
_ID_OFFSET = {site_id: 500_000 + 10_000 * index for index, site_id in enumerate(FAILURE_IDS)}

_ERROR_HTML = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Lỗi</title></head>'
    "<body><h1>{status}</h1></body></html>"
)


class FailingSite(SampleSite):
    """A sample site whose chosen pages fail once, or always, in the site's own way."""

    mode = ""

    def __init__(self, site_id: str, slow_seconds: float, seed: int) -> None:
        base = site_specs()[BASE_SITE]
        spec = dataclasses.replace(
            base,
            id=site_id,
            name=base.name.replace("(mẫu)", f"(mẫu lỗi: {self.mode})"),
            id_start=base.id_start + _ID_OFFSET[site_id],
            base_id=BASE_SITE,
        )
        super().__init__(spec, compose_site(spec, ARTICLES, seed=seed), slow_seconds)
        self.requests: Counter[str] = Counter()
        self._count_lock = threading.Lock()
        articles = super().articles()
        # Chosen once, spread over the site's history.
        self.always = {a.id for a in articles[3::13][:3]}
        self.once = {a.id for a in articles[5::11][:3]} - self.always

    # ---------------------------------------------------------------- truth
    def articles(self, *, specials: bool = False) -> list[Article]:
        """Articles a crawler can reach (those failing every time are left out)."""
        return [a for a in super().articles(specials=specials) if a.id not in self.always]

    def failure_kind(self) -> str:
        """The kind a crawler should record for the pages that always fail."""
        raise NotImplementedError

    def error_pages(self) -> list[ErrorPage]:
        return [
            ErrorPage(
                site_id=self.spec.id,
                url=self.base_url + self.renderer.urls.article_path(article),
                kind=self.failure_kind(),
                status=0,
                delay_seconds=self.slow_seconds if self.mode == "timeout" else 0.0,
                title=article.title,
            )
            for article in super().articles()
            if article.id in self.always
        ]

    # ---------------------------------------------------------------- serving
    def respond(self, target: str) -> Page:
        with self._count_lock:
            self.requests[target] += 1
            attempt = self.requests[target]
        article = self._article_at(target)
        if article is not None:
            failed = self.fail(target, article, attempt)
            if failed is not None:
                return failed
        return super().respond(target)

    def _article_at(self, target: str) -> Article | None:
        path = urlsplit(target).path
        for article in super().articles():
            if self.renderer.urls.article_path(article) == path:
                return article
        return None

    def fail(self, target: str, article: Article, attempt: int) -> Page | None:
        return None

    def _chosen(self, article: Article, attempt: int) -> bool:
        return article.id in self.always or (article.id in self.once and attempt == 1)


class ServerErrorSite(FailingSite):
    mode = "500"

    def failure_kind(self) -> str:
        return "http_5xx"

    def respond(self, target: str) -> Page:
        page_two = self.renderer.urls.listing_path(self.spec.categories[0].alias, 2)
        if urlsplit(target).path == page_two:
            with self._count_lock:
                self.requests[target] += 1
                if self.requests[target] == 1:
                    return self._error(503)
            return SampleSite.respond(self, target)
        return super().respond(target)

    def fail(self, target: str, article: Article, attempt: int) -> Page | None:
        if article.id in self.always or attempt == 1:
            return self._error(500)
        return None

    @staticmethod
    def _error(status: int) -> Page:
        return text_page(_ERROR_HTML.format(status=status), status=status, validators=False)


class TimeoutSite(FailingSite):
    mode = "timeout"

    def failure_kind(self) -> str:
        return "timeout"

    def fail(self, target: str, article: Article, attempt: int) -> Page | None:
        if self._chosen(article, attempt):
            html = _ERROR_HTML.format(status="504 Gateway Time-out")
            return text_page(html, status=504, validators=False, delay=self.slow_seconds)
        return None


class RedirectLoopSite(FailingSite):
    mode = "redirect-loop"

    def failure_kind(self) -> str:
        return "redirect"

    def fail(self, target: str, article: Article, attempt: int) -> Page | None:
        if article.id not in self.always:
            return None
        path = self.renderer.urls.article_path(article)
        bounce = path if "vong=1" in target else f"{path}?vong=1"
        return redirect(self.base_url + bounce, 302)


class BrokenTLSSite(FailingSite):
    """Every page fine, served over https with a certificate nobody signed."""

    mode = "tls"
    scheme = "https"

    def __init__(self, site_id: str, slow_seconds: float, seed: int) -> None:
        super().__init__(site_id, slow_seconds, seed)
        self.always = set()
        self.once = set()

    def failure_kind(self) -> str:
        return "tls"

    def wrap_server(self, server: object) -> None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        with tempfile.TemporaryDirectory() as folder:
            cert, key = write_self_signed_certificate(Path(folder))
            context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)  # type: ignore[attr-defined]


def write_self_signed_certificate(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A throw-away self-signed certificate and key for ``host`` (PEM files in ``folder``)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mau-tls-hong.sample")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


_SITES: dict[str, type[FailingSite]] = {
    "mau-loi-500": ServerErrorSite,
    "mau-qua-han": TimeoutSite,
    "mau-vong-lap": RedirectLoopSite,
    "mau-tls-hong": BrokenTLSSite,
}


def failure_site(site_id: str, slow_seconds: float = 20, seed: int = 0) -> FailingSite:
    """The failing sample site ``site_id`` (one of ``FAILURE_IDS``)."""
    try:
        return _SITES[site_id](site_id, slow_seconds, seed)
    except KeyError:
        raise ValueError(
            f"Unknown failure site {site_id!r}; known: {', '.join(FAILURE_IDS)}"
        ) from None
