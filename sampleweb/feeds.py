"""Feeds and sitemaps, as a theme's table describes them.

The table's ``feeds``: ``all`` and ``category`` (path shapes), ``listed`` (what the
registry names: ``all`` or ``categories``), ``format`` (``rss``, or ``atom``),
``size``, ``title``/``title_all``, ``home`` (the link of the whole feed),
``description``, ``generator``, ``guid_prefix``. Sitemap pages are routes.
"""

from __future__ import annotations

import re
from typing import Any

from sampleweb.article import Article
from sampleweb.pages import ATOM, RSS, XML, Page
from sampleweb.rendering import render
from sampleweb.roles import RendererRole

Query = dict[str, str]


def feed(r: RendererRole, match: re.Match[str], query: Query) -> Page | None:
    """The newest articles of the category in group ``category`` (none: of the site)."""
    category = match.groupdict().get("category")
    if category and category not in {c.alias for c in r.spec.categories}:
        return None
    config = r.theme.feeds
    items = r.site.newest_first(category)[: config["size"]]
    values = {"publisher": r.spec.publisher, "prefix": r.theme.prefix}
    if category:
        values["category"] = r.category_name(category)
    link = r.urls.listing_path(category) if category else config.get("home", "/").format(**values)
    variables = {
        "site": r.spec,
        "title": config["title" if category else "title_all"].format(**values),
        "link": r.urls.url(link),
        "items": items,
        "url": lambda item: r.urls.url(r.urls.article_path(item)),
    }
    if config.get("format") == "atom":
        return Page(body=render("atom.xml.j2", **variables).encode(), content_type=ATOM)
    xml = render(
        "rss.xml.j2",
        **variables,
        self_url=r.urls.url(r.urls.feed_path(category)),
        description=config["description"].format(**values),
        generator=config["generator"],
        guid_prefix=config["guid_prefix"],
    )
    return Page(body=xml.encode(), content_type=RSS)


# ---------------------------------------------------------------- sitemaps
def _xml(template: str, **variables: Any) -> Page:
    return Page(body=render(template, **variables).encode(), content_type=XML)


def _months(r: RendererRole) -> dict[str, list[Article]]:
    by_month: dict[str, list[Article]] = {}
    for item in r.site.newest_first():
        by_month.setdefault(f"{item.published:%Y-%m}", []).append(item)
    return by_month


def sitemap_index(
    r: RendererRole,
    match: re.Match[str],
    query: Query,
    *,
    paths: tuple[str, ...] = (),
    months: str = "",
    lastmod: str = "",
) -> Page | None:
    """An index of ``paths``, or of one sitemap per month (``months``: its path shape).

    ``lastmod``: none, ``newest_published`` (the site's newest article) or
    ``edited`` (the month's last edit).
    """
    entries: list[tuple[str, Any]]
    if months:
        entries = [
            (
                r.urls.url(months.format(month=month)),
                max(a.edited for a in items) if lastmod == "edited" else None,
            )
            for month, items in _months(r).items()
        ]
    else:
        newest = r.site.newest_first()
        when = newest[0].published if newest and lastmod == "newest_published" else None
        entries = [(r.urls.url(path), when) for path in paths]
    return _xml("sitemap-index.xml.j2", entries=entries)


def urlset(
    r: RendererRole,
    match: re.Match[str],
    query: Query,
    *,
    articles: str = "",
    paths: tuple[str, ...] = (),
    limit: int | None = None,
    lastmod: str = "edited",
    changefreq: str = "weekly",
) -> Page | None:
    """A sitemap of articles (``newest``, ``oldest`` or the ``month`` in group
    ``month``; each with its ``lastmod`` attribute) or of fixed ``paths``
    (``listings`` stands for the category listings)."""
    if not articles:
        expanded = [p for path in paths for p in _expand(r, path)]
        entries = [(r.urls.url(path), None) for path in expanded]
        return _xml("sitemap-urlset.xml.j2", entries=entries, changefreq=changefreq)
    if articles == "month":
        items = _months(r).get(match.group("month"))
        if not items:
            return None
    else:
        items = r.site.newest_first()[:limit]
        if articles == "oldest":
            items = list(reversed(items))
    entries = [(r.urls.url(r.urls.article_path(a)), getattr(a, lastmod)) for a in items]
    return _xml("sitemap-urlset.xml.j2", entries=entries, changefreq=changefreq)


def _expand(r: RendererRole, path: str) -> list[str]:
    return r.urls.listing_paths() if path == "listings" else [path]
