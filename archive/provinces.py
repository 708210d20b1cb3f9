"""The 63 provinces before 1 July 2025, the 34 units after it, and the mapping between.

Read from ``archive/data/provinces.yaml`` (the one source of truth). Sites carry
the province they belonged to when they published (``sites.province``) and the
unit that province is part of now (``sites.province_current``), so search and
exports can filter either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from archive.vietnamese import fold, nfc, unify_tone_placement

DATA_FILE = Path(__file__).parent / "data" / "provinces.yaml"
REFORM_DATE = "2025-07-01"

_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+")


class UnknownProvince(ValueError):
    """A province name that is neither one of the 63, one of the 34, nor an alias."""


@dataclass(frozen=True)
class Unit:
    """One of the 34 provinces and cities since 1 July 2025."""

    name: str
    kind: str  # "province" or "city"
    members: tuple[str, ...]  # the earlier provinces it was formed from
    seat: str
    seat_uncertain: bool = False

    @property
    def merged(self) -> bool:
        return len(self.members) > 1

    @property
    def slug(self) -> str:
        return slug(self.name)


@dataclass(frozen=True)
class Province:
    """One of the 63 provinces and cities before 1 July 2025."""

    name: str
    kind: str
    unit: str  # the unit it belongs to since 1 July 2025

    @property
    def slug(self) -> str:
        return slug(self.name)


def slug(name: str) -> str:
    """``Bà Rịa - Vũng Tàu`` -> ``ba-ria-vung-tau``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(nfc(name)).lower()).strip("-")


def _key(name: str) -> str:
    """Compare names without case, tone-placement style, spacing or a 'tỉnh'/'TP.' prefix."""
    text = unify_tone_placement(nfc(" ".join(name.split()))).lower()
    return _PREFIX.sub("", text).replace(" - ", "-").replace(" -", "-").replace("- ", "-")


@dataclass(frozen=True)
class _Tables:
    units: tuple[Unit, ...]
    provinces: tuple[Province, ...]
    lookup: dict[str, str]  # name key -> canonical earlier-province or unit name


@cache
def _tables(path: Path = DATA_FILE) -> _Tables:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    cities_before = {nfc(name) for name in document["cities_before"]}
    units, provinces = [], []
    for entry in document["units"]:
        unit = Unit(
            name=nfc(entry["name"]),
            kind=entry["kind"],
            members=tuple(nfc(member) for member in entry["from"]),
            seat=nfc(entry["seat"]),
            seat_uncertain=bool(entry.get("seat_uncertain", False)),
        )
        units.append(unit)
        for member in unit.members:
            kind = "city" if member in cities_before else "province"
            provinces.append(Province(member, kind, unit.name))
    lookup = {_key(p.name): p.name for p in provinces}
    lookup.update({_key(u.name): u.name for u in units if _key(u.name) not in lookup})
    for alias, target in (document.get("aliases") or {}).items():
        lookup[_key(alias)] = lookup[_key(target)]
    return _Tables(tuple(units), tuple(provinces), lookup)


def units_after_reform() -> tuple[Unit, ...]:
    """The 34 units since 1 July 2025."""
    return _tables().units


def provinces_before_reform() -> tuple[Province, ...]:
    """The 63 provinces and cities before 1 July 2025."""
    return _tables().provinces


def canonical_province(name: str) -> str:
    """The official spelling of an earlier province (or of a current unit) named ``name``."""
    found = _tables().lookup.get(_key(name))
    if found is None:
        raise UnknownProvince(
            f"unknown province {name!r}: use one of the 63 names in {DATA_FILE.name} "
            "(e.g. 'Bình Phước', 'Thừa Thiên Huế')"
        )
    return found


def current_unit(name: str) -> str:
    """The unit since 1 July 2025 that the province ``name`` is part of."""
    canonical = canonical_province(name)
    for province in _tables().provinces:
        if province.name == canonical:
            return province.unit
    return canonical  # already the name of a current unit
