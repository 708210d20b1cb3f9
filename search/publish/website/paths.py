"""The site's URL scheme: every page path is made here and nowhere else.

Paths are relative to a language root: Vietnamese pages at the site root, the
English mirror under ``en/``. Assets every language shares (``static/``, topic
exports, the server's ``captures/`` route) live once, at the site root.

Listings are split by month so a new article changes only its month page,
the listing's index and the home page: ``sites/<id>.html`` shows the newest
articles and links to ``sites/<id>/2023-06.html``, ``sites/<id>/2023-06-p2.html``, …
"""

from __future__ import annotations

import re

HOME = "index.html"
SEARCH = "search.html"
# Beside their folders, not in them: a site or topic may be called "index".
SITES = "sites.html"
PROVINCES = "provinces.html"
TOPICS = "topics.html"
MONTHS = "months/index.html"
STATIC_DIR = "static"
STYLESHEET = "static/style.css"
UNDATED = "undated"
LANGUAGE_PREFIX = {"vi": "", "en": "en/"}
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def _part(value: str) -> str:
    """One file-name-safe path segment from a registry id or slug (ids are already
    ``[a-z0-9-]``; anything else must never make a separator or a hidden file)."""
    return _UNSAFE.sub("-", value).lstrip(".") or "-"


def article(article_id: int) -> str:
    return f"articles/{article_id}.html"


def capture(capture_id: int) -> str:
    """The archived response, served by the search server (not a file of the build)."""
    return f"captures/{capture_id}"


def listing_index(kind: str, slug: str) -> str:
    """The index of one listing: ``sites/<id>.html``, ``provinces/<slug>.html``, …"""
    if kind == "months":
        return MONTHS
    return f"{kind}/{_part(slug)}.html"


def listing_folder(kind: str, slug: str) -> str:
    """Where a listing's month pages are: ``sites/<id>``, ``months``, …"""
    return "months" if kind == "months" else f"{kind}/{_part(slug)}"


def listing_month(kind: str, slug: str, month: str, page: int = 1) -> str:
    """One month (``YYYY-MM`` or ``undated``) of a listing, page ``page`` within the month."""
    suffix = "" if page == 1 else f"-p{page}"
    return f"{listing_folder(kind, slug)}/{month}{suffix}.html"


def topic_export(slug: str, extension: str) -> str:
    """A topic's export file (shared by both languages)."""
    return f"exports/topics/{_part(slug)}/{_part(slug)}{extension}"


def depth(path: str) -> int:
    return path.count("/")


def root_for(path: str, lang: str) -> str:
    """The relative way from a page of ``lang`` at ``path`` back to the site root."""
    return "../" * (depth(path) + (1 if LANGUAGE_PREFIX[lang] else 0))


def output_path(path: str, lang: str) -> str:
    """Where a page of ``lang`` lives in the built tree."""
    return LANGUAGE_PREFIX[lang] + path
