"""One sample article (or special page) as every renderer and the ground truth see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sampleweb.orthography import ToneStyle

# Special pages: listed like articles, but they fail when fetched.
SPECIAL_KINDS = ("error-500", "slow", "malformed")


@dataclass(frozen=True)
class Figure:
    """An image inside the body; its caption is never part of the article text."""

    caption: str
    before: int  # index of the body paragraph the figure precedes


@dataclass(frozen=True)
class Article:
    id: int
    site_id: str
    category: str  # category alias
    slug: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    # Byline and source lines printed as the last paragraphs of the body.
    trailer: tuple[str, ...]
    author: str | None
    source: str | None
    # Author and source printed outside the body (NukeViet "Tác giả bài viết:").
    meta_author: str | None
    meta_source: str | None
    published: datetime
    edited: datetime
    shows_time: bool
    tone_style: ToneStyle
    nfd: bool
    figures: tuple[Figure, ...] = ()
    hits: int = 0
    rating: tuple[int, int] = (5, 1)  # points, votes
    url_title: bool = False  # Liferay: canonical URL uses the urlTitle form
    special: str | None = None  # one of SPECIAL_KINDS
    version: int = 0

    @property
    def reader_paragraphs(self) -> tuple[str, ...]:
        """The text as a reader sees it: lead, body, then byline/source lines."""
        return (self.lead, *self.paragraphs, *self.trailer)

    @property
    def text(self) -> str:
        return "\n\n".join(self.reader_paragraphs)
