"""What a theme's ``features`` add to its URL shapes (see ``features.py`` for each):
Joomla 1.0's menu item ids, Liferay's two article shapes, WebSphere's opaque states."""

from __future__ import annotations

import base64
import zlib
from typing import TYPE_CHECKING, Any

from sampleweb.article import Article
from sampleweb.specs import SiteSpec

if TYPE_CHECKING:
    from sampleweb.theme import Theme


def url_fields(theme: Theme, spec: SiteSpec, article: Article) -> dict[str, Any]:
    """Fields the theme's features add to an article's URL shapes."""
    values = listing_fields(theme, spec, article.category)
    if "opaque_urls" in theme.features:
        values["state"] = OpaqueStates(theme.features["opaque_urls"]["library"], article)
    return values


def listing_fields(theme: Theme, spec: SiteSpec, category: str | None) -> dict[str, Any]:
    menu_items = theme.features.get("menu_items")
    if not menu_items or not category:
        return {}
    return {"itemid": menu_item(theme, spec, category)}


def menu_item(theme: Theme, spec: SiteSpec, category: str) -> int:
    aliases = [c.alias for c in spec.categories]
    return theme.features["menu_items"]["first"] + aliases.index(category)


def canonical_shape(theme: Theme, article: Article) -> str:
    if "url_titles" in theme.features and article.url_title:
        return "article_by_title"
    return "article"


def duplicate_shapes(theme: Theme, article: Article) -> tuple[str, ...]:
    if "url_titles" in theme.features:
        return ("article" if article.url_title else "article_by_title",)
    return theme.duplicates


class OpaqueStates:
    """``state[context]``: the article and where it was linked, deflated and base64'd."""

    def __init__(self, library: str, article: Article) -> None:
        self.library, self.article = library, article

    def __getitem__(self, context: str) -> str:
        article = self.article
        path = f"{self.library}/{article.category}/{article.slug}?id={article.id}&ctx={context}"
        token = base64.urlsafe_b64encode(zlib.compress(path.encode(), 9)).decode()
        return "04_" + token.rstrip("=")
