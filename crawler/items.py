"""What the spider hands to the pipeline: a capture, or a page that could not be fetched."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class CaptureItem:
    site_id: str
    url: str
    final_url: str
    canonical_url: str
    http_status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: dt.datetime


@dataclass
class FetchErrorItem:
    site_id: str
    url: str
    kind: str
    message: str
    http_status: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class NotModifiedItem:
    """A refreshed article that had not changed (304, or the very same bytes)."""

    site_id: str
    url: str


@dataclass
class ListingWalkItem:
    """How far a walk of one listing (or one child sitemap) got in this run."""

    site_id: str
    url: str  # the listing key (page number removed) or the sitemap URL
    kind: str  # "listing" or "sitemap"
    page: int
    complete: bool
