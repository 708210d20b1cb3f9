"""Which documents an article attaches: PDF, Word and OpenDocument links in its body.

Read at extraction time from the article page (in the extraction processes),
only inside the family's body element and its attachment block (NukeViet's
``.news-download-file``): a sidebar's "Văn bản mới" list is not the article's.
Each link is absolute, without its fragment, with the words it shows; a link to
another site's host is kept as ``off_site`` (recorded, never fetched).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from archive.vietnamese import nfc
from crawler.extraction.page import ExtractionError, parse_page
from crawler.profiles import family
from crawler.selectors import select

DOCUMENT_PATH = re.compile(r"\.(pdf|docx?|odt)$", re.IGNORECASE)
# Pages without these bytes link no document: most pages are never parsed twice.
_MAY_LINK_DOCUMENTS = re.compile(rb"\.(?:pdf|docx?|odt)\b|download", re.IGNORECASE)
MAX_LINKS = 50
# Where an unknown layout's article is, when no family names its body element.
MAIN_CONTENT = ("article", "main", "[itemprop=articleBody]")


def link_kind(url: str) -> str | None:
    """``pdf``, ``doc``, ``docx`` or ``odt`` when the URL's path names such a file."""
    match = DOCUMENT_PATH.search(urlsplit(url).path)
    return match.group(1).lower() if match else None


def _host(netloc: str) -> str:
    return netloc.lower().removeprefix("www.")


def _label(anchor: Any, url: str) -> str:
    words = " ".join(anchor.text_content().split()) or anchor.get("title") or ""
    return nfc(words.strip() or urlsplit(url).path.rsplit("/", 1)[-1])[:300]


def _containers(tree: Any, family_id: str) -> list[tuple[Any, bool]]:
    """The elements to read links in, each with whether it is an attachment block
    (where a link counts whatever its URL: download scripts such as ``?download=1``)."""
    profile = family(family_id)
    body = profile.body or MAIN_CONTENT
    return [(element, False) for selector in body for element in select(tree, selector)] + [
        (element, True) for selector in profile.attachments for element in select(tree, selector)
    ]


def document_links(
    body: bytes,
    url: str,
    *,
    content_type: str | None,
    family_id: str,
    hosts: list[str] | tuple[str, ...],
) -> list[dict[str, Any]]:
    """``[{"url", "label", "kind", "off_site"}]`` for the documents this article links."""
    if not _MAY_LINK_DOCUMENTS.search(body):
        return []
    try:
        tree = parse_page(body, content_type).tree
    except ExtractionError:
        return []
    own = {_host(host) for host in hosts} | {_host(urlsplit(url).netloc)}
    found: dict[str, dict[str, Any]] = {}
    for container, block in _containers(tree, family_id):
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
            found[target] = {
                "url": target,
                "label": _label(anchor, target),
                "kind": kind,
                "off_site": _host(parts.netloc) not in own,
            }
    return list(found.values())
