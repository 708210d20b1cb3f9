"""The sample web: several sample sites, each on its own port of 127.0.0.1, or all of
them under stable names behind one port (``start_named``)."""

from __future__ import annotations

import threading
from pathlib import Path
from types import TracebackType

from sampleweb import registry, truth
from sampleweb.article import Article
from sampleweb.compose import compose_site
from sampleweb.failures import FailingSite, failure_site
from sampleweb.server import NamedSitesServer, SiteServer
from sampleweb.site import SampleSite
from sampleweb.specs import SITE_IDS, site_specs

DEFAULT_ARTICLES = 48  # two categories of 24: three listing pages each
SPECIAL_PAGES_SITE = "mau-nukeviet"
# Reserved for testing (RFC 2606): never a real site's name.
NAME_SUFFIX = ".test"


class SampleWeb:
    """Build the sample sites now; serve them from ``start()`` until ``stop()``.

    ``copies=K`` adds independent copies ``{id}-2`` … ``{id}-K`` of every site,
    with other articles and ids, for benchmarks.
    """

    def __init__(
        self,
        sites: list[str] | None = None,
        articles_per_site: int | None = None,
        copies: int = 1,
        slow_seconds: float = 20,
        seed: int = 0,
        special_pages: bool = True,
        failures: list[str] | None = None,
    ) -> None:
        specs = site_specs()
        unknown = [site_id for site_id in sites or () if site_id not in specs]
        if unknown:
            raise ValueError(
                f"Unknown sample site(s): {', '.join(unknown)}; known: {', '.join(SITE_IDS)}"
            )
        if copies < 1:
            raise ValueError("copies must be at least 1")
        count = DEFAULT_ARTICLES if articles_per_site is None else articles_per_site
        self.sites: dict[str, SampleSite] = {}
        for base_id in SITE_IDS if sites is None else sites:
            for copy in range(1, copies + 1):
                spec = specs[base_id].copied(copy)
                specials = special_pages and spec.id == SPECIAL_PAGES_SITE
                articles = compose_site(spec, count, seed=seed, specials=specials)
                self.sites[spec.id] = SampleSite(spec, articles, slow_seconds)
        for failure_id in failures or ():
            self.sites[failure_id] = failure_site(failure_id, slow_seconds, seed)
        self._servers: list[tuple[SiteServer, threading.Thread]] = []
        self._stopping = threading.Event()
        self.proxy_url: str | None = None

    # ---------------------------------------------------------------- lifecycle
    @property
    def site_ids(self) -> list[str]:
        return list(self.sites)

    @property
    def running(self) -> bool:
        return bool(self._servers)

    def start(self, port_base: int = 0) -> SampleWeb:
        """Serve every site: on OS-chosen ports (0) or on ``port_base + i``.

        Already running (``with SampleWeb() as web`` starts it), ``start()`` keeps
        the ports, and ``start(port_base=N)`` moves the sites to N, N+1, ...
        """
        if self.running:
            if not port_base or self._ports() == list(
                range(port_base, port_base + len(self.sites))
            ):
                return self
            self.stop()
        self._stopping.clear()
        try:
            for index, site in enumerate(self.sites.values()):
                server = SiteServer(site, port_base + index if port_base else 0, self._stopping)
                site.wrap_server(server)
                site.base_url = f"{site.scheme}://127.0.0.1:{server.server_address[1]}"
                site.reset_cache()
                self._serve(server, f"sampleweb-{site.spec.id}")
        except OSError:
            self.stop()
            raise
        return self

    def start_named(self, port: int = 0) -> str:
        """Serve every site as ``http://<id>.test`` behind one port (0: any free one) and
        return the proxy URL clients reach them through. The sites' URLs do not depend
        on the port, so crawls of two runs of the web agree on every URL."""
        if self.running:
            self.stop()
        self._stopping.clear()
        for site_id, site in self.sites.items():
            if site.scheme != "http":
                raise ValueError(f"{site_id} serves {site.scheme}: it needs a port of its own")
            site.base_url = f"http://{site_id}{NAME_SUFFIX}"
            site.reset_cache()
        hosts = {f"{site_id}{NAME_SUFFIX}": site for site_id, site in self.sites.items()}
        server = NamedSitesServer(hosts, port, self._stopping)
        self._serve(server, "sampleweb-named")
        self.proxy_url = f"http://127.0.0.1:{server.server_address[1]}"
        return self.proxy_url

    def _serve(self, server: SiteServer, name: str) -> None:
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=name, daemon=True
        )
        thread.start()
        self._servers.append((server, thread))

    def _ports(self) -> list[int]:
        return [server.server_address[1] for server, _ in self._servers]

    def stop(self) -> None:
        """Stop serving; requests waiting in the slow trap are released at once."""
        self._stopping.set()
        for server, thread in self._servers:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
        self._servers.clear()
        self.proxy_url = None

    def __enter__(self) -> SampleWeb:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ---------------------------------------------------------------- addresses
    def site(self, site_id: str) -> SampleSite:
        try:
            return self.sites[site_id]
        except KeyError:
            raise KeyError(
                f"no sample site {site_id!r}; this web has {', '.join(self.sites)}"
            ) from None

    def base_url(self, site_id: str) -> str:
        base = self.site(site_id).base_url
        if not base:
            raise RuntimeError("start() the sample web first: ports are chosen when it starts")
        return base

    def write_registry(self, path: Path | str) -> Path:
        """The Partyline registry YAML for the running sites."""
        entries = [
            registry.entry(site, self.base_url(site_id)) for site_id, site in self.sites.items()
        ]
        return registry.write(Path(path), entries)

    # ---------------------------------------------------------------- ground truth
    def expected_articles(self, site_id: str) -> list[truth.ExpectedArticle]:
        """What a perfect crawl and extraction of the site stores, oldest first."""
        site = self.site(site_id)
        return [
            truth.expected(site, article, self.base_url(site_id)) for article in site.articles()
        ]

    def error_pages(self, site_id: str) -> list[truth.ErrorPage]:
        site = self.site(site_id)
        if isinstance(site, FailingSite):
            return site.error_pages()
        return [
            truth.error_page(site, article, self.base_url(site_id))
            for article in site.articles(specials=True)
            if article.special
        ]

    def related_titles(self, site_id: str, article_id: int) -> list[str]:
        """Titles of the other articles that the article's page shows."""
        site = self.site(site_id)
        return truth.related_titles(site, self._article(site, article_id))

    def boilerplate(self, site_id: str) -> list[str]:
        """Every furniture string of the site's article pages (family strings included)."""
        return truth.site_boilerplate(self.site(site_id))

    def duplicate_urls(self, site_id: str, article_id: int) -> list[str]:
        """Non-canonical URLs serving the article: NukeViet print/savefile, Liferay's other form."""
        site = self.site(site_id)
        article = self._article(site, article_id)
        return [
            self.base_url(site_id) + path for path in site.renderer.urls.duplicate_paths(article)
        ]

    def edit_article(
        self, site_id: str, article_id: int, extra_paragraph: str
    ) -> truth.ExpectedArticle:
        """Append a paragraph to an article: its page, ETag, Last-Modified and truth change."""
        site = self.site(site_id)
        edited = site.edit(article_id, extra_paragraph)
        return truth.expected(site, edited, site.base_url)

    @staticmethod
    def _article(site: SampleSite, article_id: int) -> Article:
        article = site.article(article_id)
        if article is None:
            raise KeyError(f"{site.spec.id} has no article {article_id}")
        return article
