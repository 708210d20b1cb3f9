"""Ground truth: what a perfect crawl and extraction of the sample web stores.

Derived from the same ``Article`` objects the pages are rendered from, so the
two cannot drift apart:

- ``url``: the canonical article URL (never print/, savefile/, update_language).
- ``title``: as published (NFC, in the article's tone style).
- ``published``: ISO 8601 with +07:00 when the page shows a time, else the date.
- ``author``: the person's name only ("Thuý Nhi" for "Thuý Nhi (Huyện Cao Lãnh)",
  "Duy Khiêm" for "Tác giả: Duy Khiêm."), None when the page names nobody.
- ``source``: the credited outlet ("TTXVN", "Báo Nhân Dân"), or None.
- ``text``: NFC, lead first, then the body paragraphs, then the byline/source
  lines printed at the end of the body, joined by blank lines. Not in it: the
  title, image captions (see ``captions``), empty paragraphs, and anything
  printed outside the body such as NukeViet's "Tác giả bài viết:" line.
  Whitespace is collapsed (U+00A0 included).
"""

from __future__ import annotations

from dataclasses import dataclass

from sampleweb import vndates
from sampleweb.article import Article
from sampleweb.boilerplate import BOILERPLATE, BY_FAMILY
from sampleweb.site import SampleSite

__all__ = ["BOILERPLATE", "ErrorPage", "ExpectedArticle"]


@dataclass(frozen=True)
class ExpectedArticle:
    site_id: str
    article_id: int
    url: str
    title: str
    published: str
    author: str | None
    source: str | None
    text: str
    tone_style: str  # "old" (hoà, Tỉnh uỷ) or "new" (hòa, Tỉnh ủy)
    nfd: bool  # the page is served decomposed (NFD); the truth is NFC regardless
    category: str
    captions: tuple[str, ...]


@dataclass(frozen=True)
class ErrorPage:
    """A page linked like an article that a crawler must survive, not store."""

    site_id: str
    url: str
    kind: str  # "error-500", "slow" (answers 504 after delay_seconds), "malformed"
    status: int
    delay_seconds: float
    title: str  # as the listing shows it


def published_value(article: Article) -> str:
    if article.shows_time:
        return vndates.iso(article.published)
    return article.published.date().isoformat()


def expected(site: SampleSite, article: Article, base_url: str) -> ExpectedArticle:
    return ExpectedArticle(
        site_id=site.spec.id,
        article_id=article.id,
        url=base_url + site.renderer.urls.article_path(article),
        title=article.title,
        published=published_value(article),
        author=article.author,
        source=article.source,
        text=article.text,
        tone_style=article.tone_style,
        nfd=article.nfd,
        category=article.category,
        captions=tuple(figure.caption for figure in article.figures),
    )


def error_page(site: SampleSite, article: Article, base_url: str) -> ErrorPage:
    status = {"error-500": 500, "slow": 504, "malformed": 200}[article.special or ""]
    return ErrorPage(
        site_id=site.spec.id,
        url=base_url + site.renderer.urls.article_path(article),
        kind=article.special or "",
        status=status,
        delay_seconds=site.slow_seconds if article.special == "slow" else 0.0,
        title=article.title,
    )


def related_titles(site: SampleSite, article: Article) -> list[str]:
    """Titles of other articles shown on the article's page (related lists, sidebars)."""
    titles = [other.title for other in site.renderer.related(article) if other.id != article.id]
    return list(dict.fromkeys(titles))


def site_boilerplate(site: SampleSite) -> list[str]:
    """The family's strings plus this site's own furniture (documents, links, today's date)."""
    spec = site.spec
    strings = list(BY_FAMILY.get(spec.family, ()))
    for document in spec.documents:
        strings += [document["number"], document["title"]]
    strings += list(spec.links)
    strings += site.renderer.furniture()
    return list(dict.fromkeys(strings))
