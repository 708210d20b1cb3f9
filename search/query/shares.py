"""Provinces compared: for one query, the share of each province's (or site's) articles
that match, with the number of articles behind each share.

A share resting on twelve articles says much less than one resting on
twelve thousand; each row therefore carries its counts and a 95 % Wilson
score interval, which stays honest for small counts and shares near 0 or 1.
Provinces of the official list (the 63 before 1 July 2025, or the 34
since) that no archived site belongs to are listed last, with no share.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from archive.db import Archive
from archive.vietnamese import fold
from search.query.groups import PER_CHOICES, groups_of, official_names
from search.query.masks import ResearchError, Snapshot, measure

Z_95 = 1.959964


def wilson_interval(matching: int, total: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of ``matching / total`` (None without articles)."""
    if total <= 0:
        return None
    share = matching / total
    spread = z * z / total
    centre = (share + spread / 2) / (1 + spread)
    half = z * math.sqrt(share * (1 - share) / total + spread / (4 * total)) / (1 + spread)
    return max(0.0, centre - half), min(1.0, centre + half)


def _row(label: str, value: str, query: str | None, matching: int, total: int, sites: int):
    interval = wilson_interval(matching, total)
    return {
        "label": label,
        "value": value,
        "query": query,
        "matching": matching,
        "total": total,
        "share": round(matching / total, 6) if total else None,
        "low": round(interval[0], 6) if interval else None,
        "high": round(interval[1], 6) if interval else None,
        "sites": sites,
    }


def shares(
    archive: Archive, index_dir: Path, query: str, *, per: str = "province"
) -> dict[str, Any]:
    """Each province's (``province``: the 63; ``province_current``: the 34) or site's share."""
    if per not in PER_CHOICES:
        raise ResearchError(f"Unknown --per {per!r}: use {', '.join(PER_CHOICES)}.")
    if not query.strip():
        raise ResearchError("Give a query (words, filters, or both).")
    snapshot = Snapshot.open(archive, index_dir)
    measured = measure(snapshot, query)
    rows = []
    for group in groups_of(snapshot, per):
        matching = int(np.count_nonzero(measured.matches & group.mask))
        total = int(np.count_nonzero(measured.slice & group.mask))
        rows.append(
            _row(
                group.label, group.value, group.narrow(query), matching, total, len(group.site_ids)
            )
        )
    held = {row["value"] for row in rows}
    rows += [_row(name, name, None, 0, 0, 0) for name in official_names(per) if name not in held]
    rows.sort(key=lambda r: (r["share"] is None, -(r["share"] or 0), -r["total"], fold(r["label"])))
    overall = _row("", "", query, measured.matching, measured.total, len(snapshot.sites))
    return {
        "query": query,
        "slice": measured.slice_query,
        "per": per,
        "overall": overall,
        "rows": rows,
        "notes": measured.notes,
    }


SHARE_COLUMNS = ("label", "matching", "total", "share", "low", "high", "sites", "query")
