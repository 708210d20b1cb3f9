"""Listings (per site, province then, province now, month, topic), split by month.

A listing's index shows its newest articles and links to one page per month;
a month with many articles is paginated within the month. A new article thus
changes its month page(s) and the index, never the pages of other months.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from archive.provinces import provinces_before_reform, slug, units_after_reform
from search.publish.website import paths
from search.publish.website.article_pages import list_item
from search.publish.website.catalog import ArticleMeta, Catalog
from search.publish.website.render import Job

PER_PAGE = 50
NEWEST = 20


@dataclass
class Listing:
    kind: str  # the folder: sites, provinces, units, months, topics
    slug: str
    title: str  # a name from the data; empty when title_key names an interface string
    articles: list[ArticleMeta] = field(default_factory=list)  # newest first
    info: dict[str, Any] = field(default_factory=dict)
    title_key: str | None = None


def _by_month(articles: Sequence[ArticleMeta]) -> dict[str, list[ArticleMeta]]:
    months: dict[str, list[ArticleMeta]] = {}
    for article in articles:  # newest first, undated last: the dict keeps that order
        months.setdefault(article.month, []).append(article)
    return months


def listing_jobs(
    listing: Listing, catalog: Catalog, template: str = "listing.html", **extra: Any
) -> Iterator[Job]:
    """The listing's index and its month pages."""
    sites = catalog.sites
    folder = paths.listing_folder(listing.kind, listing.slug)
    index = paths.listing_index(listing.kind, listing.slug)
    months = _by_month(listing.articles)
    heading = {"title": listing.title, "title_key": listing.title_key, "index": index}
    yield (
        index,
        template,
        {
            "listing": {
                **heading,
                "kind": listing.kind,
                "folder": folder,
                "total": len(listing.articles),
            },
            "info": listing.info,
            "newest": [list_item(a, sites) for a in listing.articles[:NEWEST]],
            "months": [{"month": month, "count": len(items)} for month, items in months.items()],
            **extra,
        },
    )
    for month, items in months.items():
        pages = math.ceil(len(items) / PER_PAGE)
        for page in range(1, pages + 1):
            chunk = items[(page - 1) * PER_PAGE : page * PER_PAGE]
            yield (
                paths.listing_month(listing.kind, listing.slug, month, page),
                "listing_month.html",
                {
                    "listing": {**heading, "folder": folder},
                    "month": month,
                    "page": page,
                    "pages": pages,
                    "count": len(items),
                    "items": [list_item(a, sites) for a in chunk],
                },
            )


def place_listings(catalog: Catalog) -> Iterator[Listing]:
    """One listing per site, per province of the 63 and per unit of the 34 (empty ones too)."""
    by_site: dict[str, list[ArticleMeta]] = defaultdict(list)
    by_province: dict[str, list[ArticleMeta]] = defaultdict(list)
    by_unit: dict[str, list[ArticleMeta]] = defaultdict(list)
    sites = catalog.sites
    for article in catalog.articles:
        by_site[article.site_id].append(article)
        site = sites.get(article.site_id)
        if site and site.province_slug:
            by_province[site.province_slug].append(article)
        if site and site.unit_slug:
            by_unit[site.unit_slug].append(article)
    counts = {site_id: len(items) for site_id, items in by_site.items()}

    def site_rows(select) -> list[dict[str, Any]]:
        return [
            {"id": s.id, "name": s.name, "count": counts.get(s.id, 0)}
            for s in sites.values()
            if select(s)
        ]

    for site in sites.values():
        yield Listing(
            "sites",
            site.id,
            site.name,
            by_site.get(site.id, []),
            info={
                "province": site.province,
                "province_slug": site.province_slug,
                "province_current": site.province_current,
                "unit_slug": site.unit_slug,
                "publisher_type": site.publisher_type,
                "hosts": list(site.hosts),
            },
        )
    for province in provinces_before_reform():
        key = province.slug
        yield Listing(
            "provinces",
            key,
            province.name,
            by_province.get(key, []),
            info={
                "unit": province.unit,
                "unit_slug": slug(province.unit),
                "sites": site_rows(lambda s, key=key: s.province_slug == key),
            },
        )
    for unit in units_after_reform():
        key = unit.slug
        yield Listing(
            "units",
            key,
            unit.name,
            by_unit.get(key, []),
            info={
                "members": [{"name": m, "slug": slug(m)} for m in unit.members],
                "sites": site_rows(lambda s, key=key: s.unit_slug == key),
            },
        )


def index_jobs(catalog: Catalog, listings: Sequence[Listing]) -> Iterator[Job]:
    """The sites table, the provinces page and the listing of every month."""
    sites_by_id = catalog.sites
    spans: dict[str, list] = {}
    for listing in listings:
        if listing.kind == "sites":
            dated = [a.date for a in listing.articles if a.date]
            spans[listing.slug] = [
                len(listing.articles),
                min(dated).isoformat() if dated else None,
                max(dated).isoformat() if dated else None,
            ]
    yield (
        paths.SITES,
        "sites.html",
        {
            "sites": [
                {
                    "id": s.id,
                    "name": s.name,
                    "province": s.province,
                    "province_slug": s.province_slug,
                    "province_current": s.province_current,
                    "unit_slug": s.unit_slug,
                    "count": spans[s.id][0],
                    "first": spans[s.id][1],
                    "last": spans[s.id][2],
                }
                for s in sites_by_id.values()
            ]
        },
    )
    places = {(lst.kind, lst.slug): len(lst.articles) for lst in listings}
    yield (
        paths.PROVINCES,
        "provinces.html",
        {
            "provinces": [
                {"name": p.name, "slug": p.slug, "count": places[("provinces", p.slug)]}
                for p in provinces_before_reform()
            ],
            "units": [
                {"name": u.name, "slug": u.slug, "count": places[("units", u.slug)]}
                for u in units_after_reform()
            ],
        },
    )
    months = Listing("months", "", "", catalog.articles, title_key="months")
    yield from listing_jobs(months, catalog)


def home_job(catalog: Catalog) -> Job:
    dated = [a.date for a in catalog.articles if a.date]
    return (
        paths.HOME,
        "home.html",
        {
            "stats": {
                "articles": len(catalog.articles),
                "sites": len(catalog.sites),
                "provinces": len({s.province_slug for s in catalog.sites.values()} - {None}),
                "first": min(dated).isoformat() if dated else None,
                "last": max(dated).isoformat() if dated else None,
                "last_crawl": catalog.last_crawl,
            },
            "newest": [list_item(a, catalog.sites) for a in catalog.articles[:NEWEST]],
        },
    )
