"""Which documents an article attaches: PDF, Word and OpenDocument links in its body.

Read during extraction from the article's parsed page (before its body is cut
out), only inside the family's body element and its attachment block (NukeViet's
``.news-download-file``): a sidebar's "Văn bản mới" list is not the article's.
Each link is absolute, without its fragment, with the words it shows; a link to
another site's host is kept as ``off_site`` (recorded, never fetched).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from archive.vietnamese import nfc
from crawler.profiles import FamilyProfile
from crawler.selectors import select

DOCUMENT_PATH = re.compile(r"\.(pdf|docx?|odt)$", re.IGNORECASE)
MAX_LINKS = 50
# Where an unknown layout's article is, when no family names its body element.
MAIN_CONTENT = ("article", "main", "[itemprop=articleBody]")

# (URL, label, kind or None): what extraction reports of one link.
Link = tuple[str, str, str | None]


def link_kind(url: str) -> str | None:
    """``pdf``, ``doc``, ``docx`` or ``odt`` when the URL's path names such a file."""
    match = DOCUMENT_PATH.search(urlsplit(url).path)
    return match.group(1).lower() if match else None


def _label(anchor: Any, url: str) -> str:
    words = " ".join(anchor.text_content().split()) or anchor.get("title") or ""
    return nfc(words.strip() or urlsplit(url).path.rsplit("/", 1)[-1])[:300]


def _containers(tree: Any, profile: FamilyProfile) -> list[tuple[Any, bool]]:
    """The elements to read links in, each with whether it is an attachment block
    (where a link counts whatever its URL: download scripts such as ``?download=1``)."""
    body = profile.body or MAIN_CONTENT
    return [(element, False) for selector in body for element in select(tree, selector)] + [
        (element, True) for selector in profile.attachments for element in select(tree, selector)
    ]


def document_links(tree: Any, url: str, profile: FamilyProfile) -> tuple[Link, ...]:
    """The documents the article on this parsed page links, in page order."""
    found: dict[str, Link] = {}
    for container, block in _containers(tree, profile):
        for anchor in container.iter("a"):
            href = (anchor.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "mailto:")):
                continue
            parts = urlsplit(urljoin(url, href))
            if parts.scheme not in ("http", "https"):
                continue
            target = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
            kind = link_kind(target)
            if target in found or not (kind or block) or len(found) >= MAX_LINKS:
                continue
            found[target] = (target, _label(anchor, target), kind)
    return tuple(found.values())


def _host(netloc: str) -> str:
    return netloc.lower().removeprefix("www.")


def link_records(
    links: Iterable[Link], page_url: str, hosts: Iterable[str]
) -> list[dict[str, Any]]:
    """``[{"url", "label", "kind", "off_site"}]``: off the site's hosts (and the page's)."""
    own = {_host(host) for host in hosts} | {_host(urlsplit(page_url).netloc)}
    return [
        {
            "url": url,
            "label": label,
            "kind": kind,
            "off_site": _host(urlsplit(url).netloc) not in own,
        }
        for url, label, kind in links
    ]
