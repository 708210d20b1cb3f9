"""What the renderer's parts expect of each other, as protocols.

The renderer hands itself to every page function (views, feeds, features, the
WordPress API) and is given the site it renders; naming here what each side
uses keeps those modules from importing one another in a loop.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from markupsafe import Markup

from sampleweb.article import Article
from sampleweb.pages import Page
from sampleweb.specs import SiteSpec

if TYPE_CHECKING:
    from sampleweb.theme import Theme
    from sampleweb.urls import Urls


class SiteRole(Protocol):
    """A sample site as its renderer and URLs see it (``site.SampleSite``)."""

    spec: SiteSpec
    base_url: str

    def article(self, article_id: int) -> Article | None: ...

    def articles(self, *, specials: bool = False) -> list[Article]: ...

    def newest_first(self, category: str | None = None) -> list[Article]: ...

    def neighbours(
        self, article: Article, newer: int, older: int
    ) -> tuple[list[Article], list[Article]]: ...

    def most_read(self, count: int = 5) -> list[Article]: ...

    def today(self) -> date: ...

    def special_page(self, article: Article) -> Page: ...


class RendererRole(Protocol):
    """The renderer as the page functions see it (``renderer.Renderer``)."""

    site: SiteRole
    spec: SiteSpec
    theme: Theme
    urls: Urls

    def encoded(self, html: str, *, nfd: bool = False, **options: Any) -> Page: ...

    def render(self, page: str, variables: dict[str, Any]) -> str: ...

    def render_template(self, template: str, variables: dict[str, Any]) -> str: ...

    def chrome(self, title: str, path: str, **context: Any) -> dict[str, Any]: ...

    def detail(self, article: Article, **extra: Any) -> Page: ...

    def body(self, article: Article, variables: dict[str, Any]) -> Markup: ...

    def article_by_slug(self, slug: str) -> Article | None: ...

    def category_name(self, alias: str) -> str: ...
