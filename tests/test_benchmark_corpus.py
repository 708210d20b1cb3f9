"""The benchmark corpus: a realistic archive filled quickly, on both database backends."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from archive.db import Archive
from archive.models import Article, Capture, Site
from benchmarks.corpus import SITES, fill_archive, remove_articles, rewrite_articles
from search.index.update import update_index
from search.query.engine import search


def test_fill_archive_writes_sites_captures_and_realistic_articles(
    archive: Archive, tmp_path: Path
) -> None:
    summary = fill_archive(archive, 400, seed=3)
    with archive.session() as session:
        assert session.scalar(select(func.count()).select_from(Site)) == SITES
        articles = list(session.scalars(select(Article)))
        captures = session.scalar(select(func.count()).select_from(Capture))
    assert len(articles) == captures == summary.articles == 400
    years = Counter(a.published_date.year for a in articles if a.published_date)
    assert min(years) >= 2011 and max(years) <= 2025 and len(years) >= 12
    assert len({a.site_id for a in articles}) >= 30
    assert all(unicodedata.is_normalized("NFC", a.text) for a in articles)
    assert any("uỷ" in a.text for a in articles) and any("ủy" in a.text for a in articles)
    lengths = sorted(len(a.text.split()) for a in articles)
    assert 250 <= lengths[len(lengths) // 2] <= 900  # words per article, like the real sites
    update_index(archive, tmp_path / "index")
    assert search(archive, tmp_path / "index", "tinh uy")["total"] > 100


def test_articles_can_be_rewritten_and_removed_for_incremental_runs(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'a.db'}")
    summary = fill_archive(archive, 50)
    ids = list(range(summary.first_id, summary.first_id + 5))
    with archive.session() as session:
        before = dict(session.execute(select(Article.id, Article.content_hash)).all())
    assert rewrite_articles(archive, ids) == 5
    assert remove_articles(archive, [summary.last_id]) == 1
    with archive.session() as session:
        after = dict(session.execute(select(Article.id, Article.content_hash)).all())
    assert [i for i in after if after[i] != before[i]] == ids and len(after) == 49
    more = fill_archive(archive, 10, seed=9)
    assert more.first_id == summary.last_id + 1 and more.sites == SITES
