"""Sites as the search sees them: names and provinces, and which sites a filter means.

Provinces are not written into the index: they are read from the ``sites``
table at search time (both the province at the time, ``province``, and the
current unit after the 2025 merger, ``province_current``), so filling or
correcting them never needs a re-index. The indexer keeps a snapshot in the
index's state file for callers without a database at hand.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from sqlalchemy import select

from archive.db import Archive
from archive.models import Site
from archive.vietnamese import fold

# Words that name the kind of unit, not the unit: "tỉnh Long An", "TP. Hồ Chí Minh".
_UNIT_WORDS = re.compile(r"^(tinh|thanh pho|tp)\b\.?")
MIN_PARTIAL = 3


@dataclass(frozen=True)
class SiteInfo:
    id: str
    name: str
    province: str | None = None
    province_current: str | None = None


# Every search reads these four columns: the statement is built once.
SITE_ROWS = select(Site.id, Site.name, Site.province, Site.province_current).order_by(Site.id)


def load_sites(archive: Archive) -> list[SiteInfo]:
    """Every site's id, name and provinces."""
    with archive.engine.connect() as connection:
        return [SiteInfo(*row) for row in connection.execute(SITE_ROWS)]


def sites_snapshot(sites: list[SiteInfo]) -> list[dict]:
    return [asdict(site) for site in sites]


def sites_from_snapshot(snapshot: list[dict] | None) -> list[SiteInfo]:
    return [SiteInfo(**entry) for entry in snapshot or [] if isinstance(entry, dict)]


@lru_cache(maxsize=4096)
def place_key(name: str) -> str:
    """``Tỉnh Bình Phước``, ``binh phuoc`` and ``Bình-Phước`` all become ``binhphuoc``."""
    folded = " ".join(re.findall(r"\w+", fold(name)))
    return re.sub(r"\W+", "", _UNIT_WORDS.sub("", folded))


def _matches(value_key: str, name: str | None) -> bool:
    if not name or not value_key:
        return False
    key = place_key(name)
    return key == value_key or (len(value_key) >= MIN_PARTIAL and value_key in key)


def provinces_matching(sites: list[SiteInfo], value: str) -> tuple[set[str], list[str]]:
    """(site ids, province names) of the sites whose province then or now matches ``value``."""
    key = place_key(value)
    site_ids: set[str] = set()
    names: set[str] = set()
    for site in sites:
        for province in (site.province, site.province_current):
            if _matches(key, province):
                site_ids.add(site.id)
                names.add(province or "")
    return site_ids, sorted(names)


def sites_matching(sites: list[SiteInfo], value: str) -> set[str]:
    """Site ids equal to ``value``, or else the sites whose id or name contains it."""
    wanted = value.strip().lower()
    exact = {site.id for site in sites if site.id.lower() == wanted}
    if exact:
        return exact
    key = place_key(value)
    return {site.id for site in sites if _matches(key, site.name) or _matches(key, site.id)}
