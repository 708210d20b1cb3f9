"""The run report: what a crawl run did at each site, and which sites need a person.

A site is flagged when it was **unreachable** (nothing answered), when it has
shown **no new articles for longer than its usual interval** (the site may be
dead or moved), or when the share of its new articles with a date or a title
**dropped** against its history (the layout changed under the selectors).
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from archive.attachments import attachment_counts
from archive.models import Article, Capture, CrawlRun, Site, SiteRunStats, utcnow
from archive.runs import COUNTERS, errors_by_site

# "Usual interval" = this many times the median gap between recent publication
# dates, never under MIN_INTERVAL_DAYS; a registry entry may set it instead
# (expected_interval_days).
INTERVAL_FACTOR = 3.0
MIN_INTERVAL_DAYS = 2.0
RECENT_DATES = 40
# A coverage drop needs this many articles in the run and before it, and this fall.
MIN_RUN_ARTICLES = 5
MIN_HISTORY_ARTICLES = 20
COVERAGE_DROP = 0.25


@dataclass
class Flag:
    kind: str  # "unreachable", "no_new_articles", "date_coverage_drop", "title_coverage_drop"
    message: str


@dataclass
class SiteReport:
    site_id: str
    name: str
    counters: dict[str, int]
    errors: dict[str, int]
    duration_seconds: float | None
    usual_interval_days: float | None
    last_new_articles_at: str | None
    date_coverage: float | None
    date_coverage_before: float | None
    title_coverage: float | None
    title_coverage_before: float | None
    flags: list[Flag] = field(default_factory=list)
    # Feeds and sitemaps the run found at the site on its own, and what it skipped.
    discovered: dict[str, list[str]] = field(default_factory=dict)
    # Attached documents captured by the run, by what reading them gave.
    attachments: dict[str, int] = field(default_factory=dict)


@dataclass
class RunReport:
    run_id: int
    mode: str
    status: str
    started_at: str
    finished_at: str | None
    finish_reason: str | None
    sites: list[SiteReport]

    @property
    def flagged(self) -> list[SiteReport]:
        return [site for site in self.sites if site.flags]

    @property
    def needs_person(self) -> bool:
        return bool(self.flagged) or self.status not in ("finished", "running")

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["needs_person"] = self.needs_person
        return data


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def usual_interval_days(session: Session, site: Site) -> float | None:
    """How long this site usually goes without a new article (None: too little history)."""
    configured = (site.config or {}).get("expected_interval_days")
    if configured:
        return float(configured)
    dates = list(
        session.scalars(
            select(Article.published_date)
            .where(Article.site_id == site.id, Article.published_date.is_not(None))
            .order_by(Article.published_date.desc())
            .limit(RECENT_DATES)
        )
    )
    if len(dates) < 3:
        return None
    gaps = [(newer - older).days for newer, older in itertools.pairwise(dates)]
    return max(MIN_INTERVAL_DAYS, INTERVAL_FACTOR * statistics.median(gaps))


def _last_new_articles(session: Session, site_id: str, run_id: int) -> dt.datetime | None:
    """When a run up to ``run_id`` last found new articles on the site."""
    return session.scalar(
        select(func.max(CrawlRun.started_at))
        .join(SiteRunStats, SiteRunStats.run_id == CrawlRun.id)
        .where(
            SiteRunStats.site_id == site_id,
            SiteRunStats.articles_new > 0,
            CrawlRun.id <= run_id,
        )
    )


def _coverage(session: Session, site_id: str, run_id: int, *, in_run: bool) -> dict[str, Any]:
    """Shares of extracted article pages with a title and with a date, in or before the run."""
    in_scope = Capture.run_id == run_id if in_run else Capture.run_id < run_id
    base = and_(
        Capture.site_id == site_id,
        in_scope,
        Capture.http_status == 200,
        Capture.extraction_status.in_(("ok", "error")),
    )
    pages = session.scalar(select(func.count()).select_from(Capture).where(base)) or 0
    titled = (
        session.scalar(
            select(func.count()).select_from(Capture).where(base, Capture.extraction_status == "ok")
        )
        or 0
    )
    dated_row = session.execute(
        select(func.count(), func.count(Article.published))
        .select_from(Article)
        .join(Capture, Capture.id == Article.capture_id)
        .where(base)
    ).one()
    articles, dated = dated_row
    return {
        "pages": pages,
        "articles": articles,
        "title": titled / pages if pages else None,
        "date": dated / articles if articles else None,
    }


def _flags(site: SiteReport, now: dt.datetime, run: CrawlRun, history: dict[str, Any]) -> None:
    counters = site.counters
    errors = site.errors
    if counters["pages_fetched"] == 0 and run.status != "running":
        kinds = ", ".join(f"{kind} ×{count}" for kind, count in sorted(errors.items()))
        site.flags.append(
            Flag("unreachable", f"no page answered this run ({kinds or 'no request made'})")
        )
    if (
        counters["articles_new"] == 0
        and site.usual_interval_days is not None
        and site.last_new_articles_at is not None
    ):
        since = now - dt.datetime.fromisoformat(site.last_new_articles_at)
        if since > dt.timedelta(days=site.usual_interval_days):
            site.flags.append(
                Flag(
                    "no_new_articles",
                    f"no new article for {since.days} days; it usually publishes "
                    f"within {site.usual_interval_days:.0f} days",
                )
            )
    for kind, now_share, before in (
        ("date", site.date_coverage, site.date_coverage_before),
        ("title", site.title_coverage, site.title_coverage_before),
    ):
        enough = history["run_pages"] >= MIN_RUN_ARTICLES
        enough = enough and history["before_pages"] >= MIN_HISTORY_ARTICLES
        dropped = enough and now_share is not None and before is not None
        if dropped and before - now_share >= COVERAGE_DROP:
            site.flags.append(
                Flag(
                    f"{kind}_coverage_drop",
                    f"{kind} found on {now_share:.0%} of this run's articles against "
                    f"{before:.0%} before: has the layout changed?",
                )
            )


def site_report(
    session: Session, run: CrawlRun, stats: SiteRunStats, errors: dict[str, int], now: dt.datetime
) -> SiteReport:
    site = session.get(Site, stats.site_id)
    assert site is not None
    duration = None
    if stats.started_at and stats.finished_at:
        duration = (stats.finished_at - stats.started_at).total_seconds()
    last_new = _last_new_articles(session, site.id, run.id)
    current = _coverage(session, site.id, run.id, in_run=True)
    before = _coverage(session, site.id, run.id, in_run=False)
    report = SiteReport(
        site_id=site.id,
        name=site.name,
        counters={counter: getattr(stats, counter) or 0 for counter in COUNTERS},
        errors=errors,
        duration_seconds=duration,
        usual_interval_days=usual_interval_days(session, site),
        last_new_articles_at=_iso(last_new),
        date_coverage=current["date"],
        date_coverage_before=before["date"],
        title_coverage=current["title"],
        title_coverage_before=before["title"],
        discovered=stats.discovered or {},
        attachments=attachment_counts(session, run.id, site.id),
    )
    history = {"run_pages": current["pages"], "before_pages": before["pages"]}
    _flags(report, now, run, history)
    return report


def run_report(
    session: Session, run_id: int | None = None, now: dt.datetime | None = None
) -> RunReport | None:
    """The report of run ``run_id`` (default: the last run), or None when there is none."""
    if run_id is None:
        run_id = session.scalar(select(func.max(CrawlRun.id)))
    run = session.get(CrawlRun, run_id) if run_id is not None else None
    if run is None:
        return None
    now = now or utcnow()
    errors = errors_by_site(session, run.id)
    rows = session.scalars(
        select(SiteRunStats).where(SiteRunStats.run_id == run.id).order_by(SiteRunStats.site_id)
    )
    sites = [site_report(session, run, row, errors.get(row.site_id, {}), now) for row in rows]
    return RunReport(
        run_id=run.id,
        mode=run.mode,
        status=run.status,
        started_at=_iso(run.started_at) or "",
        finished_at=_iso(run.finished_at),
        finish_reason=run.finish_reason,
        sites=sites,
    )
