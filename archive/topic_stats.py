"""What a selection of articles holds: count, date span, counts per province, site and month."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import Article, Site
from archive.selection import Selection, selected


@dataclass
class SelectionStats:
    count: int = 0
    undated: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    # (province at publication, current province) -> articles
    by_province: dict[tuple[str, str], int] = field(default_factory=dict)
    by_site: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" -> articles


def selection_stats(session: Session, selection: Selection) -> SelectionStats:
    """Aggregated in SQL; months are summed from per-day counts (portable across backends)."""
    stats = SelectionStats()
    with selected(session, selection) as members:
        base = select(Article).join(members, members.c.article_id == Article.id).subquery()
        per_site = session.execute(
            select(Site.id, Site.province, Site.province_current, func.count())
            .join(base, base.c.site_id == Site.id)
            .group_by(Site.id, Site.province, Site.province_current)
            .order_by(Site.id)
        ).all()
        per_day = session.execute(
            select(base.c.published_date, func.count())
            .group_by(base.c.published_date)
            .order_by(base.c.published_date)
        ).all()
    provinces: Counter[tuple[str, str]] = Counter()
    for site_id, province, current, count in per_site:
        stats.by_site[site_id] = count
        provinces[(province or "(unknown)", current or "(unknown)")] += count
        stats.count += count
    stats.by_province = dict(sorted(provinces.items(), key=lambda item: (-item[1], item[0])))
    months: Counter[str] = Counter()
    for day, count in per_day:
        if day is None:
            stats.undated += count
            continue
        months[day.strftime("%Y-%m")] += count
        stats.first = day if stats.first is None else min(stats.first, day)
        stats.last = day if stats.last is None else max(stats.last, day)
    stats.by_month = dict(sorted(months.items()))
    return stats
