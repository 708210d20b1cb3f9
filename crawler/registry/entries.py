"""A registry entry: the keys a site block may have, and ``SiteConfig``, one site as
the crawler uses it (hosts, start URLs, its own article patterns)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from archive.provinces import UnknownProvince, canonical_province, current_unit
from crawler.registry.evidence import URL_LISTS, Evidence, evidence_map

REQUIRED_KEYS = ("id", "name", "family", "hosts", "publisher_type")

# Who publishes a site; docs/sites.md explains each.
PUBLISHER_TYPES = (
    "tinh_uy",  # Tỉnh ủy / Thành ủy (provincial party committee)
    "huyen_uy",  # Huyện ủy / Thị ủy / Thành ủy of a district-level unit
    "ban_tuyen_giao",  # Ban Tuyên giáo (và Dân vận) Tỉnh ủy
    "bao",  # party newspaper (Báo …)
    "cong_thong_tin",  # provincial or district government portal
    "mat_tran",  # Ủy ban MTTQ (Fatherland Front)
    "doan_the",  # unions and mass organisations
    "truong_chinh_tri",  # provincial political school
    "hoi_van_nghe",  # arts and letters association
    "trung_uong",  # central bodies (no province)
)

# Keys a site block may have beyond the required ones.
OPTIONAL_KEYS = (
    "province",
    "province_current",
    "listings",
    "feeds",
    "sitemaps",
    "obey_robots",
    "note",
    "cms",
    "article_urls",
    "expected_interval_days",
    "evidence",
)


class RegistryError(ValueError):
    """The registry file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class SiteConfig:
    """One registry entry."""

    id: str
    name: str
    family: str
    hosts: tuple[str, ...]
    publisher_type: str = "unknown"
    province: str | None = None
    province_current: str | None = None
    listings: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    obey_robots: bool = True
    note: str | None = None
    cms: str | None = None
    # Per-site article URL patterns, on top of the family's.
    article_urls: tuple[str, ...] = ()
    expected_interval_days: float | None = None
    # Where each value was seen, or why it is guessed (crawler/registry/evidence.py).
    evidence: dict[str, Evidence] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def start_urls(self) -> tuple[str, ...]:
        return self.listings + self.feeds + self.sitemaps

    def evidence_for(self, key: str) -> Evidence | None:
        """The evidence for a key (``hosts``, ``family`` …), a host or a URL of the site.

        A host or URL without evidence of its own has its list's.
        """
        if key in self.evidence:
            return self.evidence[key]
        if key in self.hosts:
            return self.evidence.get("hosts")
        for list_key in URL_LISTS:
            if key in getattr(self, list_key):
                return self.evidence.get(list_key)
        return None

    @property
    def host_seen(self) -> bool:
        """True when the site's main host (the first) was seen in a public source."""
        found = self.evidence_for(self.hosts[0]) if self.hosts else None
        return found is not None and found.seen

    def owns(self, url: str) -> bool:
        """True when ``url`` is on one of this site's hosts (``www.`` ignored)."""
        return host_key(urlsplit(url).netloc) in _host_keys(self.hosts)

    def home_netloc(self, netloc: str) -> tuple[str, str] | None:
        """``(scheme, host)`` as registered for the host of ``netloc``, or None if foreign."""
        return home_netloc(self.hosts, self.start_urls, netloc)

    def as_record(self) -> dict[str, Any]:
        """The entry as plain data, for the archive's ``sites`` table."""
        return {
            "id": self.id,
            "name": self.name,
            "family": self.family,
            "hosts": list(self.hosts),
            "publisher_type": self.publisher_type,
            "province": self.province,
            "province_current": self.province_current,
            "listings": list(self.listings),
            "feeds": list(self.feeds),
            "sitemaps": list(self.sitemaps),
            "obey_robots": self.obey_robots,
            "note": self.note,
            "cms": self.cms,
            "article_urls": list(self.article_urls),
            "expected_interval_days": self.expected_interval_days,
            "evidence": {key: found.as_record() for key, found in self.evidence.items()},
            **self.extra,
        }


@cache
def _host_keys(hosts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(host_key(host) for host in hosts)


def home_netloc(
    hosts: tuple[str, ...], start_urls: tuple[str, ...], netloc: str
) -> tuple[str, str] | None:
    """``(scheme, host)`` as registered for the host of ``netloc``, or None if foreign.

    Links to ``www.x`` when ``x`` is registered (or the reverse), and plain http
    links to a site whose start URLs are https, all become the registered form:
    one URL per page, without a redirect per request.
    """
    key = host_key(netloc)
    for host in hosts:
        if host_key(host) == key:
            return _start_schemes(start_urls).get(key, "https"), host.lower()
    return None


@cache
def _start_schemes(urls: tuple[str, ...]) -> dict[str, str]:
    """The scheme each host's start URLs use (the first one wins)."""
    schemes: dict[str, str] = {}
    for url in urls:
        parts = urlsplit(url)
        schemes.setdefault(host_key(parts.netloc), parts.scheme.lower())
    return schemes


def host_key(netloc: str) -> str:
    """Compare hosts without case, a ``www.`` prefix or default ports."""
    netloc = netloc.lower()
    for default_port in (":80", ":443"):
        netloc = netloc.removesuffix(default_port)
    return netloc.removeprefix("www.")


def _provinces(entry: dict[str, Any]) -> tuple[str | None, str | None]:
    """The province at the time (official spelling) and the unit it belongs to now."""
    province = entry.get("province")
    if not province:
        return None, entry.get("province_current")
    try:
        canonical = canonical_province(str(province))
        return canonical, entry.get("province_current") or current_unit(canonical)
    except UnknownProvince:
        # check.py reports it; loading keeps the text as written.
        return str(province), entry.get("province_current")


def site_from_entry(entry: dict[str, Any]) -> SiteConfig:
    """A checked registry block as a ``SiteConfig``."""
    known = set(REQUIRED_KEYS) | set(OPTIONAL_KEYS)
    province, province_current = _provinces(entry)
    interval = entry.get("expected_interval_days")
    return SiteConfig(
        id=str(entry["id"]),
        name=str(entry["name"]),
        family=str(entry["family"]),
        hosts=tuple(str(host) for host in entry["hosts"]),
        publisher_type=entry.get("publisher_type", "unknown"),
        province=province,
        province_current=province_current,
        listings=tuple(entry.get("listings") or ()),
        feeds=tuple(entry.get("feeds") or ()),
        sitemaps=tuple(entry.get("sitemaps") or ()),
        obey_robots=bool(entry.get("obey_robots", True)),
        note=entry.get("note"),
        cms=entry.get("cms"),
        article_urls=tuple(entry.get("article_urls") or ()),
        expected_interval_days=float(interval) if interval else None,
        evidence=evidence_map(entry),
        extra={k: v for k, v in entry.items() if k not in known},
    )


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


def article_patterns(site: SiteConfig) -> tuple[re.Pattern[str], ...]:
    """The site's own article URL patterns, compiled once."""
    return _compiled(site.article_urls)
