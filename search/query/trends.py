"""Attention over time: per period, the articles a query matches, the articles of its slice,
and their ratio.

Sites publish very unevenly (a newspaper thirty items a day, a district
committee three a month) and the archive grows as sites are added, so a raw
count mostly measures how much was published; the share of the slice's
articles (``slices.py``: same sites, provinces and filters, without the
words) can be compared across time. A period in which the slice holds no
article at all is a gap in coverage: its ratio is None, never 0.

Up to five queries side by side, or one query per province (then or now) or
per site. Each point also says how many sites published in the slice that
period, so a change in coverage is visible beside the ratio. Counts are
``bincount``s over period codes (``periods.py``) masked by the query.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from archive.db import Archive
from search.query.facts import Mask, site_codes
from search.query.groups import PER_CHOICES, Group, groups_of
from search.query.masks import Measured, ResearchError, Snapshot, measure
from search.query.periods import (
    PERIODS,
    period_codes,
    period_end,
    period_filter,
    period_label,
    period_start,
)
from search.query.termcounts import distinct

MAX_QUERIES = 5
DEFAULT_TOP = 5


@dataclass
class Line:
    """One series: what it counts, and the masks it counts with."""

    label: str
    query: str  # the query whose results are the series' articles (links)
    measured: Measured
    group: Group | None = None

    def matches(self) -> Mask:
        base = self.measured.matches
        return base if self.group is None else base & self.group.mask

    def slice(self) -> Mask:
        base = self.measured.slice
        return base if self.group is None else base & self.group.mask


def _counts(codes: np.ndarray, mask: Mask, first: int, length: int) -> np.ndarray:
    chosen = codes[mask]
    chosen = chosen[chosen >= 0] - first
    return np.bincount(chosen, minlength=length)[:length]


def _site_counts(codes: np.ndarray, sites: np.ndarray, mask: Mask, first: int, length: int):
    """How many distinct sites have an article in ``mask`` per period."""
    dated = mask & (codes >= 0)
    pairs = distinct((codes[dated] - first) * (len(site_codes.names) + 1) + sites[dated])
    return np.bincount(pairs // (len(site_codes.names) + 1), minlength=length)[:length]


def _span(codes: np.ndarray, slices: list[Mask]) -> tuple[int, int] | None:
    """The first and last period in which any slice has a dated article."""
    union = np.logical_or.reduce(slices) & (codes >= 0)
    if not union.any():
        return None
    chosen = codes[union]
    return int(chosen.min()), int(chosen.max())


def _ratio(matching: int, total: int) -> float | None:
    return round(matching / total, 6) if total else None


def _series(
    line: Line, codes: np.ndarray, facts_sites: np.ndarray, first: int, length: int, period: str
) -> dict[str, Any]:
    matches, within = line.matches(), line.slice()
    matching = _counts(codes, matches, first, length)
    total = _counts(codes, within, first, length)
    sites = _site_counts(codes, facts_sites, within, first, length)
    points = [
        {
            "period": period_label(first + offset, period),
            "matching": int(matching[offset]),
            "total": int(total[offset]),
            "ratio": _ratio(int(matching[offset]), int(total[offset])),
            "sites": int(sites[offset]),
        }
        for offset in range(length)
    ]
    undated = codes < 0
    return {
        "label": line.label,
        "query": line.query,
        "slice": line.measured.slice_query,
        "group": None if line.group is None else line.group.value,
        "matching": int(matching.sum()),
        "total": int(total.sum()),
        "ratio": _ratio(int(matching.sum()), int(total.sum())),
        "undated": {
            "matching": int(np.count_nonzero(matches & undated)),
            "total": int(np.count_nonzero(within & undated)),
        },
        "gaps": sum(1 for point in points if point["total"] == 0),
        "points": points,
    }


def _lines(snapshot: Snapshot, queries: list[str], per: str | None, top: int) -> list[Line]:
    if not queries or not any(query.strip() for query in queries):
        raise ResearchError("Give a query (words, filters, or both).")
    if len(queries) > MAX_QUERIES:
        raise ResearchError(f"At most {MAX_QUERIES} queries side by side (got {len(queries)}).")
    if per is None:
        return [Line(query, query, measure(snapshot, query)) for query in queries]
    if len(queries) > 1:
        raise ResearchError("--per compares one query across provinces or sites: give one query.")
    measured = measure(snapshot, queries[0])
    groups = groups_of(snapshot, per)
    chosen = sorted(
        groups, key=lambda g: (-int(np.count_nonzero(measured.matches & g.mask)), g.label)
    )
    chosen = [g for g in chosen if (measured.slice & g.mask).any()]
    if top > 0:
        chosen = chosen[:top]
    return [Line(g.label, g.narrow(queries[0]), measured, g) for g in chosen]


def trends(
    archive: Archive,
    index_dir: Path,
    queries: list[str],
    *,
    period: str = "month",
    per: str | None = None,
    top: int = DEFAULT_TOP,
) -> dict[str, Any]:
    """Counts per period for each query (or each province or site of one query).

    ``period``: day, week, month or year. ``per``: None, ``province`` (the 63
    at publication), ``province_current`` (the 34 since July 2025) or ``site``;
    ``top``: how many of those, most matches first (0: all).
    """
    if period not in PERIODS:
        raise ResearchError(f"Unknown period {period!r}: use {', '.join(PERIODS)}.")
    if per is not None and per not in PER_CHOICES:
        raise ResearchError(f"Unknown --per {per!r}: use {', '.join(PER_CHOICES)}.")
    snapshot = Snapshot.open(archive, index_dir)
    lines = _lines(snapshot, queries, per, top)
    codes = period_codes(snapshot.facts.dates, period)
    span = _span(codes, [line.slice() for line in lines])
    first, last = span if span else (0, -1)
    length = last - first + 1
    series = [
        _series(line, codes, snapshot.facts.site_codes, first, length, period) for line in lines
    ]
    notes = list(dict.fromkeys(note for line in lines for note in line.measured.notes))
    return {
        "period": period,
        "per": per,
        "periods": [
            {
                "period": period_label(code, period),
                "start": period_start(code, period).isoformat(),
                "end": period_end(code, period).isoformat(),
                "filter": period_filter(code, period),
            }
            for code in range(first, last + 1)
        ],
        "series": series,
        "notes": notes,
        "documents": int(np.count_nonzero(snapshot.facts.live)),
    }


TREND_COLUMNS = (
    "series",
    "query",
    "slice",
    "period",
    "start",
    "end",
    "matching",
    "total",
    "ratio",
    "sites",
)


def trend_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per series and period (tidy: what R and pandas read), gaps with an empty ratio."""
    periods = result["periods"]
    rows = []
    for series in result["series"]:
        for when, point in zip(periods, series["points"], strict=True):
            rows.append(
                {
                    "series": series["label"],
                    "query": series["query"],
                    "slice": series["slice"],
                    "period": point["period"],
                    "start": when["start"],
                    "end": when["end"],
                    "matching": point["matching"],
                    "total": point["total"],
                    "ratio": point["ratio"],
                    "sites": point["sites"],
                }
            )
    return rows
