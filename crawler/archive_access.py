"""One archive connection per crawl, shared by the spider, pipeline and extension."""

from __future__ import annotations

from functools import cache

from scrapy.settings import BaseSettings

from archive.db import Archive


@cache
def _archive(url: str) -> Archive:
    return Archive(url)


def archive_for(settings: BaseSettings) -> Archive:
    """The archive named by the ``PARTYLINE_DB_URL`` setting."""
    url = settings.get("PARTYLINE_DB_URL")
    if not url:
        raise RuntimeError("PARTYLINE_DB_URL is not set: run crawls through `partyline crawl`.")
    return _archive(url)
