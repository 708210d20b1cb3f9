"""CMS-family profiles: what sites of one software have in common, as data.

Each family is one YAML file in ``crawler/families/``: how to recognise article
URLs and listing pages, how listings paginate, which views duplicate an article,
and the selectors extraction uses. Adding a family is adding a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from crawler.selectors import SelectorError, compiled

FAMILIES_DIR = Path(__file__).parent / "families"
GENERIC = "generic"


class ProfileError(ValueError):
    """A family file is malformed."""


@dataclass(frozen=True)
class Rewrite:
    pattern: re.Pattern[str]
    replace: str


@dataclass(frozen=True)
class Unwrap:
    """Links to ``path`` stand for the page their ``param`` query parameter names
    (Liferay's language switch: ``/c/portal/update_language?...&redirect=<page>``)."""

    path: re.Pattern[str]
    param: str


@dataclass(frozen=True)
class DateRule:
    """Where a family prints the article's own date: an element's text or attribute."""

    selector: str
    source: str
    attribute: str | None = None


# How the archive tells one article from another (see archive/articles.py).
ARTICLE_KEYS = ("url", "title+date")


@dataclass(frozen=True)
class FamilyProfile:
    id: str
    name: str
    generators: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    # URL paths only this software writes, in the links, scripts and images of any
    # page (the home page too): site discovery reads them (crawler/site_discovery.py).
    paths: tuple[re.Pattern[str], ...] = ()
    article_urls: tuple[re.Pattern[str], ...] = ()
    exclude_urls: tuple[re.Pattern[str], ...] = ()
    rewrites: tuple[Rewrite, ...] = ()
    unwrap: tuple[Unwrap, ...] = ()
    drop_params: tuple[str, ...] = ()
    pagination: re.Pattern[str] | None = None
    listing_ignore_params: re.Pattern[str] | None = None
    # Category listings as a menu links them (site discovery).
    listing_urls: tuple[re.Pattern[str], ...] = ()
    # Where the software serves feeds and sitemaps unless told otherwise.
    feed_paths: tuple[str, ...] = ()
    sitemap_paths: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    dates: tuple[DateRule, ...] = ()
    authors: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    # Where the family lists an article's attached documents, beside its body
    # (crawler/extraction/attachment_links.py).
    attachments: tuple[str, ...] = ()
    # "url": an article is its canonical URL; "title+date": site, date and title
    # (portals whose URLs are opaque session state, such as WebSphere).
    article_key: str = "url"
    # Date meta names this family fills with something else (NukeViet: the edit time).
    distrusted_meta: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def is_article_url(self, url: str) -> bool:
        if any(pattern.search(url) for pattern in self.exclude_urls):
            return False
        return any(pattern.search(url) for pattern in self.article_urls)


def _patterns(values: list[str] | None) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(value) for value in values or ())


def _profile_from_document(doc: dict[str, Any], source: Path) -> FamilyProfile:
    try:
        urls = doc.get("urls", {})
        listing = doc.get("listing", {})
        extract = doc.get("extract", {})
        pagination = listing.get("page_number")
        ignore = listing.get("ignore_params")
        profile = FamilyProfile(
            id=doc["id"],
            name=doc.get("name", doc["id"]),
            generators=tuple(doc.get("detect", {}).get("generator", ())),
            markers=tuple(doc.get("detect", {}).get("markers", ())),
            paths=_patterns(doc.get("detect", {}).get("paths")),
            article_urls=_patterns(urls.get("article")),
            exclude_urls=_patterns(urls.get("exclude")),
            rewrites=tuple(
                Rewrite(re.compile(rule["pattern"]), rule["replace"])
                for rule in urls.get("rewrite", ())
            ),
            unwrap=tuple(
                Unwrap(re.compile(rule["path"]), rule["param"]) for rule in urls.get("unwrap", ())
            ),
            drop_params=tuple(urls.get("drop_params", ())),
            pagination=re.compile(pagination) if pagination else None,
            listing_ignore_params=re.compile(ignore) if ignore else None,
            listing_urls=_patterns(listing.get("urls")),
            feed_paths=tuple(doc.get("feeds", ())),
            sitemap_paths=tuple(doc.get("sitemaps", ())),
            title=tuple(extract.get("title", ())),
            dates=tuple(
                DateRule(rule["selector"], rule.get("source", "page"), rule.get("attribute"))
                for rule in extract.get("date", ())
            ),
            authors=tuple(extract.get("author", ())),
            lead=tuple(extract.get("lead", ())),
            body=tuple(extract.get("body", ())),
            drop=tuple(extract.get("drop", ())),
            attachments=tuple(extract.get("attachments", ())),
            article_key=doc.get("article_key", "url"),
            distrusted_meta=tuple(extract.get("distrust_meta", ())),
            raw=doc,
        )
    except (KeyError, TypeError, re.error) as exc:
        raise ProfileError(f"{source}: malformed family profile ({exc})") from exc
    if profile.article_key not in ARTICLE_KEYS:
        raise ProfileError(f"{source}: article_key must be one of {ARTICLE_KEYS}")
    _check_selectors(profile, source)
    return profile


def _check_selectors(profile: FamilyProfile, source: Path) -> None:
    """Fail on load, naming the file, rather than on the first page that needs it."""
    groups = (
        profile.markers,
        profile.title,
        profile.authors,
        profile.lead,
        profile.body,
        profile.attachments,
    )
    selectors = [s for group in groups for s in group]
    selectors += list(profile.drop) + [rule.selector for rule in profile.dates]
    for selector in selectors:
        try:
            compiled(selector)
        except SelectorError as exc:
            raise ProfileError(f"{source}: bad selector {selector!r} ({exc})") from exc


def _extended(doc: dict[str, Any], docs: dict[str, dict[str, Any]], source: Path) -> dict[str, Any]:
    """``doc`` over the profile it ``extends``: each section's keys replace the parent's
    (a family that knows its URLs but not its markup extends ``generic``)."""
    parent_id = doc.get("extends")
    if parent_id is None:
        return doc
    if parent_id not in docs or parent_id == doc.get("id"):
        raise ProfileError(f"{source}: extends an unknown family {parent_id!r}")
    parent = _extended(docs[parent_id], docs, source)
    merged = {key: value for key, value in parent.items() if key not in ("id", "name")}
    for key, value in doc.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif key != "extends":
            merged[key] = value
    return merged


@cache
def load_families(directory: Path = FAMILIES_DIR) -> dict[str, FamilyProfile]:
    """Every family profile, by id."""
    paths = sorted(directory.glob("*.yaml"))
    docs = {path: yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths}
    by_id = {doc["id"]: doc for doc in docs.values() if isinstance(doc, dict) and "id" in doc}
    families = {}
    for path, doc in docs.items():
        profile = _profile_from_document(_extended(doc, by_id, path), path)
        families[profile.id] = profile
    if GENERIC not in families:
        raise ProfileError(f"{directory}: the generic family profile is missing")
    return families


def family(family_id: str) -> FamilyProfile:
    """The profile for ``family_id``; unknown ids fall back to the generic family."""
    families = load_families()
    return families.get(family_id, families[GENERIC])
