"""Mirroring the sites registry into the database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from archive.models import Site
from archive.provinces import UnknownProvince, current_unit


def sync_sites(session: Session, sites: Iterable[Mapping[str, Any]]) -> list[Site]:
    """Insert or update one row per registry entry (``id``, ``name``, ``family`` …)."""
    rows = []
    for entry in sites:
        site = session.get(Site, entry["id"]) or Site(id=entry["id"])
        site.name = entry["name"]
        site.family = entry["family"]
        site.publisher_type = entry.get("publisher_type", "unknown")
        site.province = entry.get("province")
        site.province_current = entry.get("province_current") or _current(site.province)
        site.hosts = list(entry.get("hosts", []))
        site.config = dict(entry)
        session.add(site)
        rows.append(site)
    # Rows that refer to sites (captures, runs) may follow in the same transaction.
    session.flush()
    return rows


def _current(province: str | None) -> str | None:
    """The unit since 1 July 2025 of an earlier province (None when unknown)."""
    if not province:
        return None
    try:
        return current_unit(province)
    except UnknownProvince:
        return None
