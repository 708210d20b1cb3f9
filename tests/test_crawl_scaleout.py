"""Two crawl workers share one Redis frontier and one PostgreSQL archive."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.db import Archive
from archive.models import Capture, CrawlRun, SiteRunStats
from sampleweb import SampleWeb
from tests.conftest import run_cli

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

REDIS_URL = "redis://127.0.0.1:6379/0"


@cache
def redis_unavailable_reason() -> str | None:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except RedisError as exc:
        return f"Redis at 127.0.0.1:6379 is not reachable: {exc}"
    return None


def test_two_workers_fetch_every_article_exactly_once(postgres_url: str, tmp_path: Path) -> None:
    reason = redis_unavailable_reason()
    if reason:
        pytest.skip(reason)
    from redis import Redis

    prefix = f"partyline-test-{uuid.uuid4().hex[:10]}"
    sites = ["mau-nukeviet", "mau-liferay"]
    with SampleWeb(sites=sites, articles_per_site=150, special_pages=False) as web:
        registry = web.write_registry(tmp_path / "registry.yaml")
        result = run_cli(
            tmp_path,
            "crawl",
            "--registry",
            str(registry),
            "--local-sample",
            "--workers",
            "2",
            # Polite enough that the crawl outlasts the second worker's start-up.
            "-s",
            "DOWNLOAD_DELAY=0.05",
            env={
                "PARTYLINE_DB_URL": postgres_url,
                "PARTYLINE_REDIS_URL": REDIS_URL,
                "PARTYLINE_REDIS_PREFIX": prefix,
            },
        )
        assert result.returncode == 0, result.stderr
        expected = {a.url for site_id in sites for a in web.expected_articles(site_id)}
    archive = Archive(postgres_url)
    with archive.session() as session:
        fetched = Counter(session.scalars(select(Capture.canonical_url)))
        workers = {
            capture.url: capture.run_id for capture in session.scalars(select(Capture)).all()
        }
        run = session.scalars(select(CrawlRun)).one()
        stats = session.scalars(select(SiteRunStats)).all()
    archive.dispose()
    assert set(fetched) == expected
    assert max(fetched.values()) == 1, [url for url, n in fetched.items() if n > 1]
    assert set(workers.values()) == {run.id}
    assert run.status == "finished" and run.settings["workers"] == 2
    assert sum(s.captures for s in stats) == len(expected)
    # Two processes really shared the crawl: each stored captures.
    logs = sorted((tmp_path / "logs").glob("crawl-latest-w*.log"))
    assert [path.name for path in logs] == ["crawl-latest-w0.log", "crawl-latest-w1.log"]
    for path in logs:
        scraped = re.search(r"'item_scraped_count': (\d+)", path.read_text())
        assert scraped and int(scraped.group(1)) > 0, f"{path.name} stored nothing"
    assert not Redis.from_url(REDIS_URL).keys(f"{prefix}:*"), "frontier keys left behind"
