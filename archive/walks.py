"""How far each listing and sitemap of a site was walked, so an incremental crawl knows
which listings it can trust to stop early (table ``crawl_listings``)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session

from archive.db import dialect_insert
from archive.models import ListingWalk, utcnow


def listing_walks(session: Session, site_ids: Iterable[str]) -> dict[tuple[str, str], ListingWalk]:
    """Earlier walks of the sites' listings and sitemaps, by (site id, listing key)."""
    rows = session.scalars(select(ListingWalk).where(ListingWalk.site_id.in_(list(site_ids))))
    return {(row.site_id, row.url): row for row in rows}


def record_walk(
    session: Session, *, site_id: str, url: str, kind: str, page: int, complete: bool
) -> None:
    """Note how far a walk got; a complete walk makes the listing trusted by later runs.

    One statement (insert or update), so crawl workers sharing a run never race.
    """
    now = utcnow()
    values = {
        "walk_site": site_id,
        "walk_url": url,
        "walk_kind": kind,
        "walk_at": now,
        "walk_completed": now if complete else None,
        "walk_page": page,
    }
    with session.no_autoflush:
        session.execute(_walk_statement(session.get_bind().dialect.name), values)


@lru_cache(maxsize=4)
def _walk_statement(dialect: str) -> Any:
    """The upsert ``record_walk`` runs, built once per database kind: the crawl's writer
    records a walk for every listing page, and building the statement cost more than
    running it."""
    table = ListingWalk.__table__
    statement = dialect_insert(dialect)(ListingWalk).values(
        site_id=bindparam("walk_site"),
        url=bindparam("walk_url"),
        kind=bindparam("walk_kind"),
        last_walked_at=bindparam("walk_at", type_=table.c.last_walked_at.type),
        completed_at=bindparam("walk_completed", type_=table.c.completed_at.type),
        deepest_page=bindparam("walk_page", type_=table.c.deepest_page.type),
    )
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[table.c.site_id, table.c.url],
        set_={
            "last_walked_at": excluded.last_walked_at,
            "deepest_page": case(
                (table.c.deepest_page > excluded.deepest_page, table.c.deepest_page),
                else_=excluded.deepest_page,
            ),
            "completed_at": func.coalesce(excluded.completed_at, table.c.completed_at),
        },
    )
