"""The sample sites' identities and furniture, read from ``data/sites.yaml``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Category:
    alias: str
    name: str
    topics: tuple[str, ...]
    instance: str = ""  # Liferay Asset Publisher portlet instance id


@dataclass(frozen=True)
class SiteSpec:
    """One sample site: who publishes it, in which CMS, about which places."""

    id: str
    name: str
    publisher_type: str
    province: str
    family: str
    theme: str
    id_start: int
    copyright_year: int
    email: str
    old_style_share: float
    byline_forms: dict[str, int]
    source_share: float
    sources: tuple[str, ...]
    source_placement: str
    categories: tuple[Category, ...]
    districts: tuple[str, ...]
    communes: tuple[str, ...]
    leaders: tuple[str, ...]
    reporters: tuple[str, ...]
    documents: tuple[dict[str, Any], ...]
    counter: dict[str, int]
    links: tuple[str, ...]
    source_lead_tags: dict[str, str] = field(default_factory=dict)
    date_only_before: int | None = None
    table_share: float = 0.0  # share of articles whose body holds a data table
    base_id: str = ""  # the site id this one copies ("" for an original)
    copy: int = 1

    @property
    def publisher(self) -> str:
        """The publisher's own name, without the "(mẫu)" marker of the sample."""
        return self.name.split(" (mẫu")[0]

    def category(self, alias: str) -> Category:
        return next(category for category in self.categories if category.alias == alias)

    def copied(self, copy: int) -> SiteSpec:
        """The ``copy``-th independent copy (copy 1 is the site itself)."""
        if copy == 1:
            return self
        return dataclasses.replace(
            self,
            id=f"{self.id}-{copy}",
            name=self.name.replace("(mẫu)", f"(mẫu {copy})"),
            id_start=self.id_start + (copy - 1) * 100_000,
            base_id=self.id,
            copy=copy,
        )


def _spec(entry: dict[str, Any]) -> SiteSpec:
    values = dict(entry)
    values["categories"] = tuple(
        Category(c["alias"], c["name"], tuple(c["topics"]), c.get("instance", ""))
        for c in entry["categories"]
    )
    for key in ("sources", "districts", "communes", "leaders", "reporters", "documents", "links"):
        values[key] = tuple(entry.get(key) or ())
    return SiteSpec(**values)


@cache
def _entries(name: str) -> tuple[dict[str, Any], ...]:
    document = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    return tuple(document["sites"])


def _site_files() -> list[str]:
    return ["sites.yaml", *sorted(path.name for path in DATA_DIR.glob("sites-*.yaml"))]


@cache
def site_specs() -> dict[str, SiteSpec]:
    """Every original sample site by id: ``sites.yaml`` first, then ``sites-*.yaml``."""
    return {entry["id"]: _spec(entry) for name in _site_files() for entry in _entries(name)}


def _ids(name: str) -> tuple[str, ...]:
    return tuple(entry["id"] for entry in _entries(name))


# What SampleWeb() serves when no sites are named: the foundation's four sites.
SITE_IDS: tuple[str, ...] = _ids("sites.yaml")
# The other CMS families and newspaper layouts, served by id: a block there adds one.
EXTRACTION_SITE_IDS: tuple[str, ...] = _ids("sites-extraction.yaml")
