"""One capture in, one article out: the extraction routine every family shares.

Pure: bytes (and the URL, the server's content type, the registry's family and
site name as hints) in, an ``Extraction`` out, or an ``ExtractionError`` saying
why the response holds no article.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from archive.vietnamese import nfc
from crawler.extraction.attachment_links import Link, document_links
from crawler.extraction.body import body_paragraphs
from crawler.extraction.boilerplate import is_boilerplate
from crawler.extraction.bylines import (
    Credit,
    field_credit,
    lead_tag_source,
    trailing_credit,
)
from crawler.extraction.detect import detect_family
from crawler.extraction.page import ExtractionError, parse_page
from crawler.extraction.published import find_published
from crawler.extraction.text import clean_line, element_paragraphs
from crawler.extraction.titles import find_title
from crawler.selectors import select

MIN_TEXT_CHARS = 40

__all__ = ["Extraction", "ExtractionError", "extract_article"]


@dataclass(frozen=True)
class Extraction:
    title: str
    text: str
    published: str | None
    published_source: str | None
    date_note: str | None
    author: str | None
    source: str | None
    family: str
    # "url" or "title+date": how the archive tells this article from others.
    keyed_by: str = "url"
    encoding_note: str | None = None
    # The documents the article links (attachment_links.py): (URL, label, kind).
    attachments: tuple[Link, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        # Strings, None and tuples of strings: a shallow copy (asdict copies deeply, slowly).
        return {name: getattr(self, name) for name in _FIELD_NAMES}


_FIELD_NAMES = tuple(f.name for f in fields(Extraction))


def _field_credit(tree: Any, selectors: tuple[str, ...], site_name: str | None) -> Credit:
    lines = [line for s in selectors for e in select(tree, s) for line in element_paragraphs(e)]
    return field_credit(lines, site_name)


def _reader_paragraphs(paragraphs: list[str], title: str) -> list[str]:
    """NFC paragraphs without chrome lines, and without the title repeated on top."""
    kept = [nfc(p) for p in paragraphs if not is_boilerplate(p)]
    while kept and clean_line(kept[0]) == title:
        kept.pop(0)
    return kept


def extract_article(
    body: bytes,
    url: str,
    *,
    content_type: str | None = None,
    family_hint: str | None = None,
    site_name: str | None = None,
) -> Extraction:
    """Extract one page. Raises ``ExtractionError`` when it holds no article."""
    page = parse_page(body, content_type)
    tree = page.tree
    profile = detect_family(tree, family_hint)
    attachments = document_links(tree, url, profile)  # before the body is cut out
    title = find_title(tree, profile, site_name)
    if not title:
        raise ExtractionError("no_title", "no title found")
    title = nfc(title)
    # Date and CMS fields are read before the body is cut out of the tree.
    found, date_source = find_published(tree, profile, url, title)
    fields = _field_credit(tree, profile.authors, site_name)
    paragraphs = _reader_paragraphs(body_paragraphs(tree, profile), title)
    text = "\n\n".join(paragraphs)
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractionError("no_text", "no article text found")
    credit = fields | trailing_credit(paragraphs, site_name)
    credit = credit | Credit(source=lead_tag_source(paragraphs))
    return Extraction(
        title=title,
        text=text,
        published=found.iso if found else None,
        published_source=date_source if found else None,
        date_note=None if found else date_source,
        author=credit.author,
        source=credit.source,
        family=profile.id,
        keyed_by=profile.article_key,
        encoding_note=page.encoding_note,
        attachments=attachments,
    )
