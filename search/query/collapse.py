"""Search with near-identical articles collapsed: one result per cluster.

Built only on the public ``search`` and ``matching_article_ids`` of
``search.query.engine``, so the query language behind them can change freely.
A cluster is represented by its best-ranked article; the result lists the
cluster's other copies (``copies``) and ``total`` counts clusters.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from archive.clusters import cluster_ids, cluster_members, ensure_clusters
from archive.db import Archive
from search.query.engine import matching_article_ids, search

FETCH = 100  # ranked hits fetched per round while filling the page


def _ranked_representatives(
    archive: Archive,
    index_dir: Path,
    text: str,
    clusters: dict[int, int],
    wanted: int,
    sort: str | None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The first ``wanted`` hits whose cluster was not seen higher in the ranking."""
    seen: set[int] = set()
    kept: list[dict[str, Any]] = []
    page = 1
    while True:
        result = search(archive, index_dir, text, limit=FETCH, page=page, sort=sort)
        for hit in result["results"]:
            cluster = clusters.get(hit["id"], hit["id"])
            if cluster not in seen:
                seen.add(cluster)
                kept.append(hit)
        if len(kept) >= wanted or page * FETCH >= result["total"]:
            return result, kept
        page += 1


def collapsed_search(
    archive: Archive,
    index_dir: Path,
    text: str,
    *,
    limit: int = 10,
    page: int = 1,
    sort: str | None = None,
) -> dict[str, Any]:
    """Like ``search``, with one result per near-duplicate cluster."""
    ensure_clusters(archive)
    every = matching_article_ids(index_dir, text, archive=archive)
    with archive.session() as session:
        clusters = cluster_ids(session, every)
    result, kept = _ranked_representatives(
        archive, index_dir, text, clusters, limit * max(page, 1), sort
    )
    hits = kept[(max(page, 1) - 1) * limit : max(page, 1) * limit]
    with archive.session() as session:
        members = cluster_members(session, [clusters.get(h["id"], h["id"]) for h in hits])
    for hit in hits:
        hit["cluster_id"] = clusters.get(hit["id"], hit["id"])
        hit["copies"] = [
            {"id": a.id, "url": a.canonical_url, "site": a.site_id, "published": a.published}
            for a in members.get(hit["cluster_id"], [])
            if a.id != hit["id"]
        ]
    total = len(set(clusters.values()))
    # The paging of the clusters, not of the last round of ranked hits fetched.
    result.update(
        results=hits,
        total=total,
        total_articles=len(every),
        page=max(page, 1),
        per_page=limit,
        pages=math.ceil(total / limit),
        collapsed=True,
    )
    return result
