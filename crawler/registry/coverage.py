"""Which provinces the registry covers: for each of the 63 former provinces and the
34 units since 1 July 2025, whether it has a Party portal, a Ban Tuyên giáo site
and a Party newspaper, and whether each one's host was seen or guessed.

A pure function of the loaded sites and ``archive.provinces``; ``partyline sites
list --coverage`` prints it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from archive.provinces import provinces_before_reform, units_after_reform
from crawler.registry.entries import SiteConfig

# The kinds of site every province should have, and the publisher type of each.
KINDS = {"portal": "tinh_uy", "ban_tuyen_giao": "ban_tuyen_giao", "newspaper": "bao"}


@dataclass(frozen=True)
class Cell:
    """What the registry has of one kind for one province or unit."""

    sites: tuple[str, ...] = ()
    seen: bool = False

    @property
    def status(self) -> str:
        if not self.sites:
            return "none"
        return "seen" if self.seen else "guessed"

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "sites": list(self.sites)}


@dataclass(frozen=True)
class UnitCoverage:
    """One of the 34 units: each kind over the unit, and per former province."""

    unit: str
    provinces: tuple[str, ...]
    kinds: dict[str, Cell]
    by_province: dict[str, dict[str, Cell]]

    def covered(self, kind: str) -> int:
        """How many of the unit's former provinces have a site of ``kind``."""
        return sum(bool(cells[kind].sites) for cells in self.by_province.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "provinces": list(self.provinces),
            "kinds": {kind: cell.as_dict() for kind, cell in self.kinds.items()},
            "by_province": {
                province: {kind: cell.as_dict() for kind, cell in cells.items()}
                for province, cells in self.by_province.items()
            },
        }


@dataclass(frozen=True)
class KindTotals:
    """For one kind: how many former provinces and units have one, and how many seen."""

    provinces: int
    provinces_seen: int
    units: int
    units_seen: int

    def as_dict(self) -> dict[str, int]:
        return {
            "provinces": self.provinces,
            "provinces_seen": self.provinces_seen,
            "units": self.units,
            "units_seen": self.units_seen,
        }


@dataclass(frozen=True)
class Coverage:
    units: tuple[UnitCoverage, ...]
    totals: dict[str, KindTotals]
    province_count: int
    unit_count: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "province_count": self.province_count,
            "unit_count": self.unit_count,
            "totals": {kind: totals.as_dict() for kind, totals in self.totals.items()},
            "units": [unit.as_dict() for unit in self.units],
        }


def _cell(sites: list[SiteConfig]) -> Cell:
    return Cell(tuple(site.id for site in sites), any(site.host_seen for site in sites))


def coverage(sites: Iterable[SiteConfig]) -> Coverage:
    """The registry's coverage of the provinces, kind by kind."""
    by_key: dict[tuple[str, str], list[SiteConfig]] = {}
    for site in sites:
        for kind, publisher_type in KINDS.items():
            if site.publisher_type == publisher_type and site.province:
                by_key.setdefault((site.province, kind), []).append(site)
    units = []
    for unit in units_after_reform():
        by_province = {
            province: {kind: _cell(by_key.get((province, kind), [])) for kind in KINDS}
            for province in unit.members
        }
        kinds = {
            kind: _cell([s for province in unit.members for s in by_key.get((province, kind), [])])
            for kind in KINDS
        }
        units.append(UnitCoverage(unit.name, unit.members, kinds, by_province))
    cells = [cells for unit in units for cells in unit.by_province.values()]
    totals = {
        kind: KindTotals(
            provinces=sum(bool(c[kind].sites) for c in cells),
            provinces_seen=sum(c[kind].seen for c in cells),
            units=sum(bool(u.kinds[kind].sites) for u in units),
            units_seen=sum(u.kinds[kind].seen for u in units),
        )
        for kind in KINDS
    }
    return Coverage(tuple(units), totals, len(provinces_before_reform()), len(units))
