"""The archive's articles grouped by province (at publication or today) or by site.

Provinces are read from the ``sites`` table (``site_filters.py``): a site's
province when it published (one of the 63 before 1 July 2025) and its unit
today (one of the 34). Names are brought to their official spelling
(``archive/provinces.py``) so two spellings of one province are one group.
Each group is a mask over the snapshot's documents and a query filter
(``site:a OR site:b``) that finds exactly its articles in the search.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from archive.provinces import (
    UnknownProvince,
    canonical_province,
    provinces_before_reform,
    units_after_reform,
)
from search.query.facts import Mask
from search.query.masks import Snapshot

PER_CHOICES = ("province", "province_current", "site")
UNKNOWN = "(province unknown)"


@dataclass
class Group:
    value: str  # the province's name or the site's id ("" when the province is unknown)
    label: str
    site_ids: tuple[str, ...]
    mask: Mask

    @property
    def filter(self) -> str:
        """The query language's filter for exactly this group's articles."""
        terms = [f"site:{site_id}" for site_id in self.site_ids]
        return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"

    def narrow(self, query: str) -> str:
        """``query`` restricted to the group (for links to the search)."""
        return f"{query.strip()} {self.filter}".strip()


def official_name(name: str | None) -> str:
    """The official spelling of a province or unit; the name as given when unknown."""
    if not name:
        return ""
    try:
        return canonical_province(name)
    except UnknownProvince:
        return name


def official_names(per: str) -> list[str]:
    """Every province of the kind ``per`` names, even those no archived site is in."""
    if per == "province":
        return [province.name for province in provinces_before_reform()]
    if per == "province_current":
        return [unit.name for unit in units_after_reform()]
    return []


def groups_of(snapshot: Snapshot, per: str) -> list[Group]:
    """One group per province (then or now) or per site holding at least one site."""
    members: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    for site in snapshot.sites:
        if per == "site":
            members[site.id].append(site.id)
            labels[site.id] = site.name
            continue
        name = official_name(site.province if per == "province" else site.province_current)
        members[name].append(site.id)
        labels[name] = name or UNKNOWN
    facts = snapshot.facts
    return [
        Group(value, labels[value], tuple(sorted(ids)), facts.of_sites(ids))
        for value, ids in sorted(members.items())
    ]
