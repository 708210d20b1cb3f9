"""Facet counts of a match set: per site, per province (then and now) and per year.

Each count is one ``bincount`` over a per-document column array, so the cost
grows with the index's size, not with a Python loop over matches.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from search.query.facts import Facts, Mask, site_codes
from search.site_filters import SiteInfo


def _facet(counts: Counter, labels: dict[str, str] | None = None) -> list[dict[str, Any]]:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"value": value, "count": count, **({"label": labels[value]} if labels else {})}
        for value, count in ordered
    ]


def _counts(values: np.ndarray) -> Counter:
    """How often each (small, non-negative) integer occurs."""
    counts = np.bincount(values)
    present = np.flatnonzero(counts)
    return Counter(dict(zip(present.tolist(), counts[present].tolist(), strict=True)))


def facet_counts(facts: Facts, matches: Mask, sites: list[SiteInfo]) -> dict[str, list]:
    """Matches per site, per province (then and now) and per year of publication."""
    names = site_codes.names
    by_site = Counter(
        {names[code]: count for code, count in _counts(facts.site_codes[matches]).items()}
    )
    info = {site.id: site for site in sites}
    then: Counter = Counter()
    now: Counter = Counter()
    for site_id, count in by_site.items():
        site = info.get(site_id)
        then[(site.province if site else None) or "không rõ"] += count
        if site and site.province_current:
            now[site.province_current] += count
    years = _counts(facts.years[matches])
    year_rows = [
        {"value": str(year) if year else "undated", "count": count}
        for year, count in sorted(years.items(), key=lambda item: (item[0] == 0, -item[0]))
    ]
    labels = {site_id: (info[site_id].name if site_id in info else site_id) for site_id in by_site}
    return {
        "site": _facet(by_site, labels),
        "province": _facet(then),
        "province_current": _facet(now),
        "year": year_rows,
    }
