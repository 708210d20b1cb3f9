"""The pages every theme serves: listings, articles and their print views, static pages.

Each is a route's ``page`` in a theme table; its other keys are the options
here. ``context`` (any page) adds template variables, e.g. a Liferay page id.
"""

from __future__ import annotations

import re
from typing import Any

from sampleweb.article import Article
from sampleweb.features import opaque_article, tag_category, update_language
from sampleweb.orthography import slugify
from sampleweb.pages import TEXT, Page, redirect, text_page
from sampleweb.roles import RendererRole
from sampleweb.urls import PER_PAGE

Query = dict[str, str]


def int_or(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def page_number(
    match: re.Match[str], query: Query, page_param: str = "", start_param: str = ""
) -> int | None:
    """The listing page asked for: group ``page``, a query parameter, or an item offset.

    An offset that is not a multiple of the page size names no page (None).
    """
    if match.groupdict().get("page") is not None:
        return int_or(match.group("page"), 1)
    if start_param:
        start = int_or(query.get(start_param), 0)
        return None if start % PER_PAGE else start // PER_PAGE + 1
    return int_or(query.get(page_param), 1) if page_param else 1


# ---------------------------------------------------------------- listings
def listing(
    r: RendererRole,
    match: re.Match[str],
    query: Query,
    *,
    articles: str = "category",
    shape: str = "category",
    heading: str = "",
    title: str = "",
    single_page: bool = False,
    category_param: str = "",
    page_param: str = "",
    start_param: str = "",
    context: dict[str, Any] | None = None,
) -> Page | None:
    """A page of a category's articles (``articles: all``: every article, under
    ``heading``), newest first, the page number from group ``page``, ``page_param``
    or ``start_param`` (an item offset).

    ``shape``: the listing URL shape of its pages; ``single_page``: the listing
    claims one page (a home page); ``title`` replaces the title built from the heading.
    """
    category = None
    if articles == "category":
        category = match.groupdict().get("category") or query.get(category_param)
        if category not in {c.alias for c in r.spec.categories}:
            return None
        heading = r.category_name(category)
    page_param = page_param.format(**r.urls.listing_values(category))
    page = page_number(match, query, page_param, start_param)
    if page is None:
        return None
    return listing_page(
        r,
        r.site.newest_first(category),
        page,
        heading=heading,
        shape=shape,
        values={"category": category},
        title=title,
        single_page=single_page,
        context=context,
    )


def listing_page(
    r: RendererRole,
    items: list[Article],
    page: int,
    *,
    heading: str,
    shape: str,
    values: dict[str, Any],
    title: str = "",
    single_page: bool = False,
    context: dict[str, Any] | None = None,
) -> Page | None:
    shown = r.urls.page_of(items, page)
    if shown is None:
        return None
    category = values.get("category")
    first = (page - 1) * PER_PAGE + 1
    listing_context = {
        "heading": heading,
        "items": shown,
        "pages": 1 if single_page else r.urls.page_count(items),
        "current": page,
        "page_url": lambda number: r.urls.listing(shape, number, **values),
        "active_category": category,
        "category_name": r.category_name(category) if category else None,
        "instance": r.urls.listing_values(category)["instance"],
        "first": first,
        "last": first + len(shown) - 1,
        "total": len(items),
    }
    if not title:
        title = (
            heading
            if page == 1
            else r.theme.titles["listing_next"].format(heading=heading, page=page)
        )
    path = r.urls.listing(shape, page, **values)
    html = r.render("listing", r.chrome(title, path, **listing_context | (context or {})))
    return r.encoded(html)


def tag_listing(r: RendererRole, match: re.Match[str], query: Query) -> Page | None:
    """A NukeViet tag's articles (special pages left out): a category's, or every one."""
    alias = match.group("tag")
    known, category = tag_category(r, alias)
    if not known:
        return None
    items = [a for a in r.site.newest_first(category) if not a.special]
    page = page_number(match, query)
    return listing_page(
        r, items, page or 1, heading=alias.replace("-", " "), shape="tag", values={"tag": alias}
    )


# ---------------------------------------------------------------- articles
def find_article(
    r: RendererRole,
    match: re.Match[str],
    query: Query,
    *,
    id_param: str = "",
    wrong_category: str = "not_found",
    exact_path: bool = False,
) -> Article | Page | None:
    """The article a URL names, a redirect to its current URL, or None.

    By group ``id``, query parameter ``id_param`` or (alone) group ``slug``. A stale
    ``slug`` beside an id is redirected (301); a wrong ``category`` is not found, or
    redirected with ``wrong_category: redirect`` (NukeViet).
    """
    groups = match.groupdict()
    if groups.get("id"):
        article = r.site.article(int(groups["id"]))
    elif id_param:
        article = r.site.article(int_or(query.get(id_param), 0))
    else:
        article = r.article_by_slug(groups["slug"])
    if article is None:
        return None
    canonical = r.urls.article_path(article)
    if groups.get("id") and "slug" in groups and groups["slug"] != article.slug:
        return redirect(canonical, 301)
    if "category" in groups and groups["category"] != article.category:
        return redirect(canonical, 301) if wrong_category == "redirect" else None
    if exact_path and canonical != match.group(0):
        return None
    return article


def article(
    r: RendererRole,
    match: re.Match[str],
    query: Query,
    *,
    printing: bool = False,
    context: dict[str, Any] | None = None,
    **lookup: Any,
) -> Page | None:
    """The article page (``printing``: the CMS's print layout of it)."""
    found = find_article(r, match, query, **lookup)
    if not isinstance(found, Article):
        return found
    return r.detail(found, printing=printing, **(context or {}))


def print_view(
    r: RendererRole,
    match: re.Match[str],
    query: Query,
    *,
    template: str,
    attachment: bool = False,
    context: dict[str, Any] | None = None,
) -> Page | None:
    """A print (or ``attachment``: save-as-file) view of the article, on its own template."""
    found = find_article(r, match, query)
    if not isinstance(found, Article):
        return found
    if found.special:
        return r.site.special_page(found)
    variables = r.chrome(found.title, r.urls.article_path(found), article=found)
    variables["body"] = r.body(found, variables)
    html = r.render_template(template, variables | (context or {}))
    headers = ()
    if attachment:
        headers = (("Content-Disposition", f'attachment; filename="{found.slug}.html"'),)
    return r.encoded(html, nfd=found.nfd, headers=headers, last_modified=found.edited)


def opaque(r: RendererRole, match: re.Match[str], query: Query) -> Page | None:
    """An article under one of its stateful URLs (group ``state``)."""
    found = opaque_article(r, match, query)
    return r.detail(found) if found else None


def shortlink(r: RendererRole, match: re.Match[str], query: Query, *, param: str) -> Page | None:
    """``/?p=ID``: a permanent redirect to the article's URL."""
    found = r.site.article(int_or(query[param], 0))
    return redirect(r.urls.article_path(found), 301) if found else None


# ---------------------------------------------------------------- the rest
def static(
    r: RendererRole,
    match: re.Match[str],
    query: Query,
    *,
    title: str = "",
    lines: tuple[str, ...] = (),
    template: str = "",
    context: dict[str, Any] | None = None,
) -> Page | None:
    """An about or contact page (``template``: a page of its own, e.g. a mail form)."""
    values = {"publisher": r.spec.publisher, "email": r.spec.email}
    text = [line.format(**values) for line in lines]
    variables = r.chrome(title, match.group(0), heading=title, lines=text, **(context or {}))
    if template:
        return r.encoded(r.render_template(template, variables))
    return r.encoded(r.render("page", variables))


def moved(r: RendererRole, match: re.Match[str], query: Query, *, to: str) -> Page | None:
    return redirect(to.format(prefix=r.theme.prefix))


def outbound(r: RendererRole, match: re.Match[str], query: Query) -> Page | None:
    """Banner and advertisement clicks leave the site, as on the real ones."""
    return redirect(f"https://www.{slugify(r.spec.province).replace('-', '')}.gov.vn/")


def robots(r: RendererRole, match: re.Match[str], query: Query) -> Page | None:
    return text_page(r.theme.robots.format(base=r.site.base_url), TEXT)


def language_switch(
    r: RendererRole, match: re.Match[str], query: Query, *, home: str
) -> Page | None:
    """Liferay switches the locale and sends the visitor back: one more URL per page."""
    target, cookie = update_language(query, home)
    return redirect(target, 302, (("Set-Cookie", cookie),))
