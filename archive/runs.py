"""Recording crawl runs: start, per-site counters, errors, finish."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, event, func, select, update
from sqlalchemy.orm import Session

from archive.db import dialect_insert
from archive.models import CrawlError, CrawlRun, SiteRunStats, utcnow

COUNTERS = (
    "pages_fetched",
    "listing_pages",
    "captures",
    "articles_new",
    "articles_changed",
    "not_modified",
)


def start_run(
    session: Session, *, mode: str, settings: Mapping[str, Any] | None = None
) -> CrawlRun:
    """Open a run; runs left ``running`` by a dead process are marked interrupted first."""
    mark_interrupted_runs(session)
    run = CrawlRun(mode=mode, status="running", pid=os.getpid(), settings=dict(settings or {}))
    session.add(run)
    session.flush()
    return run


def mark_interrupted_runs(session: Session) -> int:
    """Close runs whose process is gone (killed crawls), so reports do not show them live."""
    stale = 0
    for run in session.scalars(select(CrawlRun).where(CrawlRun.status == "running")):
        if run.pid and run.pid != os.getpid() and _process_alive(run.pid):
            continue
        run.status = "interrupted"
        run.finish_reason = run.finish_reason or "process ended before the run finished"
        stale += 1
    return stale


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def finish_run(session: Session, run_id: int, *, status: str, reason: str | None = None) -> None:
    """Close the run and settle each site's errors-by-kind from the recorded errors."""
    run = session.get(CrawlRun, run_id)
    if run is None:
        return
    run.status = status
    run.finish_reason = reason
    run.finished_at = utcnow()
    for site_id, errors in errors_by_site(session, run_id).items():
        _ensure_stats(session, run_id, site_id)
        session.execute(
            update(SiteRunStats)
            .where(SiteRunStats.run_id == run_id, SiteRunStats.site_id == site_id)
            .values(errors=errors)
        )


def errors_by_site(session: Session, run_id: int) -> dict[str, dict[str, int]]:
    """``{site id: {error kind: count}}`` for one run, from the error rows."""
    counts: dict[str, dict[str, int]] = {}
    rows = session.execute(
        select(CrawlError.site_id, CrawlError.kind, func.count())
        .where(CrawlError.run_id == run_id, CrawlError.site_id.is_not(None))
        .group_by(CrawlError.site_id, CrawlError.kind)
    )
    for site_id, kind, count in rows:
        counts.setdefault(site_id, {})[kind] = count
    return counts


# (database, run, site) rows this process knows exist: bumps skip the INSERT then.
_ENSURED: set[tuple[str, int, str]] = set()


def _ensure_stats(session: Session, run_id: int, site_id: str) -> None:
    """Create the (run, site) row unless another process already did."""
    key = (str(session.get_bind().url), run_id, site_id)
    if key in _ENSURED:
        return
    values = {counter: 0 for counter in COUNTERS}
    statement = (
        dialect_insert(session)(SiteRunStats)
        .values(run_id=run_id, site_id=site_id, started_at=utcnow(), errors={}, **values)
        .on_conflict_do_nothing()
    )
    session.execute(statement)
    # Known only once committed: a rolled-back insert must be tried again.
    session.info.setdefault("partyline_ensured", []).append(key)


@event.listens_for(Session, "after_commit")
def _remember_ensured(session: Session) -> None:
    _ENSURED.update(session.info.pop("partyline_ensured", ()))


@event.listens_for(Session, "after_rollback")
def _forget_ensured(session: Session) -> None:
    session.info.pop("partyline_ensured", None)


def open_site_stats(session: Session, run_id: int, site_ids: list[str]) -> None:
    """One row per site of the run, so a site where nothing happened still shows."""
    for site_id in site_ids:
        _ensure_stats(session, run_id, site_id)


def bump(session: Session, run_id: int, site_id: str, **increments: int) -> None:
    """Add to a site's counters for this run, in SQL: several crawl workers share a row."""
    unknown = [name for name in increments if name not in COUNTERS]
    if unknown:
        raise ValueError(f"unknown run counter {unknown[0]!r}")
    values = {f"add_{name}": n for name, n in increments.items()}
    values.update(bump_run=run_id, bump_site=site_id, bump_at=utcnow())
    # The counters do not depend on the session's pending rows: no flush for them
    # (a flush per bump would write a batch of captures row by row).
    with session.no_autoflush:
        _ensure_stats(session, run_id, site_id)
        session.execute(_bump_statement(tuple(sorted(increments))), values)


@lru_cache(maxsize=64)
def _bump_statement(names: tuple[str, ...]) -> Any:
    """The UPDATE adding to ``names``, built once: every batch of captures and of
    extracted articles bumps counters, and building the statement cost more than
    running it."""
    stats = SiteRunStats.__table__
    return (
        update(SiteRunStats)
        .where(
            SiteRunStats.run_id == bindparam("bump_run"),
            SiteRunStats.site_id == bindparam("bump_site"),
        )
        .values(
            finished_at=bindparam("bump_at", type_=stats.c.finished_at.type),
            **{name: getattr(SiteRunStats, name) + bindparam(f"add_{name}") for name in names},
        )
        .execution_options(synchronize_session=False)
    )


def record_discovered(
    session: Session, run_id: int, site_id: str, discovered: Mapping[str, Any]
) -> None:
    """What the run found on its own at a site before fetching (feeds, sitemaps, skipped)."""
    _ensure_stats(session, run_id, site_id)
    session.execute(
        update(SiteRunStats)
        .where(SiteRunStats.run_id == run_id, SiteRunStats.site_id == site_id)
        .values(discovered=dict(discovered))
    )


def record_error(
    session: Session,
    *,
    run_id: int | None,
    site_id: str | None,
    url: str,
    kind: str,
    message: str = "",
    http_status: int | None = None,
    capture_id: int | None = None,
) -> CrawlError:
    """Record one failed page; ``finish_run`` counts the errors per site and kind."""
    if run_id is not None and site_id is not None:
        _ensure_stats(session, run_id, site_id)
    error = CrawlError(
        run_id=run_id,
        site_id=site_id,
        url=url,
        kind=kind,
        message=message[:2000],
        http_status=http_status,
        capture_id=capture_id,
    )
    session.add(error)
    return error


def run_snapshot(session: Session, run_id: int) -> dict[str, dict[str, int]]:
    """Each site's counters so far in a run, with its error count: for progress displays."""
    errors = errors_by_site(session, run_id)
    snapshot = {}
    for stats in session.scalars(select(SiteRunStats).where(SiteRunStats.run_id == run_id)):
        row = {counter: getattr(stats, counter) or 0 for counter in COUNTERS}
        row["errors"] = sum(errors.get(stats.site_id, {}).values())
        snapshot[stats.site_id] = row
    return snapshot
