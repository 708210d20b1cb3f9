"""Named behaviours that are not markup nor URL shapes, switched on in a theme's ``features``
(the fields they add to URL shapes are in ``url_fields.py``).

- ``url_titles``: an article whose ``url_title`` is set is canonical under the
  ``article_by_title`` shape and served again under ``article``; the others the
  other way round (Liferay's ``…/content/{urlTitle}`` and ``…/content/id/{id}``).
- ``menu_items: {first: N}``: each category's menu item id, ``{itemid}`` in URL
  shapes (N for the first category, then N+1…), as Joomla 1.0's ``Itemid``.
- ``opaque_urls: {library: …}``: stateful URLs; ``{state[CONTEXT]}`` encodes the
  article and where its link was shown, so the same article has one URL per
  context (WebSphere Portal); the page ``opaque_article`` decodes them.
- ``language_switch: {languages: …, category_page_ids: {first, step}}``: every
  page links one ``update_language`` URL per locale back to itself (Liferay),
  with the page's layout id (``plid``); the page ``update_language`` answers
  them with a redirect and a cookie.
- ``viewstate: {bytes: N}``: an ASP.NET ``__VIEWSTATE`` of N bytes per page.
- ``reader_comments: [[name, text], …]``: one or two readers' comments under an
  article (furniture, never text).
- ``tags: {all: alias, all_label: …}``: keyword links to tag listings, one for
  every article and one for its category (NukeViet); page ``tag_listing``.
"""

from __future__ import annotations

import base64
import binascii
import random
import re
import zlib
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from sampleweb.article import Article
from sampleweb.orthography import slugify
from sampleweb.roles import RendererRole
from sampleweb.url_fields import OpaqueStates

if TYPE_CHECKING:
    from sampleweb.theme import Theme


def opaque_article(r: RendererRole, match: re.Match[str], query: dict[str, str]) -> Article | None:
    """The article an opaque URL (group ``state``) names, if the state is one we issued."""
    state = match.group("state")
    token = state[3:]
    try:
        path = zlib.decompress(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, zlib.error):
        return None
    found = re.search(rb"\?id=(\d+)&ctx=(\w+)$", path)
    article = r.site.article(int(found.group(1))) if found else None
    if article is None:
        return None
    library = r.theme.features["opaque_urls"]["library"]
    return article if OpaqueStates(library, article)[found.group(2).decode()] == state else None


# ---------------------------------------------------------------- every page
def chrome(r: RendererRole, path: str, context: dict[str, Any]) -> dict[str, Any]:
    """What the theme's features add to every page's template variables."""
    extra: dict[str, Any] = {}
    switch = r.theme.features.get("language_switch")
    if switch:
        plid = context.get("plid") or _category_page_id(r, switch, context["active_category"])
        extra["plid"] = plid
        extra["languages"] = [
            (label, lang, "/c/portal/update_language?" + _language_query(plid, path, language))
            for label, lang, language in switch["languages"]
        ]
    viewstate = r.theme.features.get("viewstate")
    if viewstate:
        state = random.Random(path).randbytes(viewstate["bytes"])
        extra["viewstate"] = base64.b64encode(state).decode()
    return extra


def _category_page_id(r: RendererRole, switch: dict[str, Any], category: str) -> int:
    index = [c.alias for c in r.spec.categories].index(category)
    ids = switch["category_page_ids"]
    return ids["first"] + ids["step"] * index


def _language_query(plid: int, path: str, language: str) -> str:
    values = {"p_l_id": plid, "redirect": path, "languageId": language}
    return urlencode(values, quote_via=quote)


def update_language(query: dict[str, str], home: str) -> tuple[str, str]:
    """Where Liferay's locale switch sends the visitor back to, and the cookie it sets."""
    target = query.get("redirect", home)
    if not target.startswith("/"):
        target = home
    language = query.get("languageId", "vi_VN")
    return target, f"GUEST_LANGUAGE_ID={language}; Path=/; HttpOnly"


# ---------------------------------------------------------------- article pages
def comments(theme: Theme, article: Article) -> list[tuple[str, str]]:
    """One or two readers' comments, chosen by the article id."""
    pool = theme.features.get("reader_comments", ())
    if not pool:
        return []
    first = article.id % len(pool)
    return [tuple(pool[(first + n) % len(pool)]) for n in range(1 + article.id % 2)]  # type: ignore[misc]


def comment_furniture(theme: Theme) -> list[str]:
    return [text for _, text in theme.features.get("reader_comments", ())]


def tags(r: RendererRole, article: Article) -> list[tuple[str, str]]:
    """The article's keyword links: the site-wide tag, then its category's."""
    config = r.theme.features["tags"]
    name = r.category_name(article.category)
    return [
        (config["all_label"], r.urls.listing("tag", tag=config["all"])),
        (name.lower(), r.urls.listing("tag", tag=slugify(name))),
    ]


def tag_category(r: RendererRole, alias: str) -> tuple[bool, str | None]:
    """Whether ``alias`` is a tag, and the category it stands for (None: every article)."""
    by_tag = {slugify(c.name): c.alias for c in r.spec.categories}
    if alias in by_tag:
        return True, by_tag[alias]
    return alias == r.theme.features["tags"]["all"], None
