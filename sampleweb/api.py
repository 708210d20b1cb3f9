"""A CMS's JSON API of posts, as WordPress's ``/wp-json/wp/v2/posts?per_page=N&page=M``."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC

from markupsafe import escape

from sampleweb.pages import Page
from sampleweb.roles import RendererRole
from sampleweb.urls import PER_PAGE
from sampleweb.views import int_or

MAX_PER_PAGE = 100


def posts(r: RendererRole, match: re.Match[str], query: dict[str, str]) -> Page | None:
    """A page of posts, newest first, with the totals in ``X-WP-Total(Pages)`` headers."""
    items = r.site.newest_first()
    per_page = min(MAX_PER_PAGE, max(1, int_or(query.get("per_page"), PER_PAGE)))
    page = int_or(query.get("page"), 1)
    shown = items[(page - 1) * per_page : page * per_page]
    if page < 1 or not shown:
        return None
    body = [
        {
            "id": a.id,
            "date": a.published.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_gmt": a.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "link": r.urls.url(r.urls.article_path(a)),
            "title": {"rendered": a.title},
            "excerpt": {"rendered": f"<p>{escape(a.lead)}</p>"},
        }
        for a in shown
    ]
    headers = (
        ("X-WP-Total", str(len(items))),
        ("X-WP-TotalPages", str(math.ceil(len(items) / per_page))),
    )
    return Page(
        body=json.dumps(body, ensure_ascii=False).encode(),
        content_type="application/json; charset=UTF-8",
        headers=headers,
    )
