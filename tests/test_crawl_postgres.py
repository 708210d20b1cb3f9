"""A real crawl into the PostgreSQL archive (``PARTYLINE_DB_URL``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from archive.db import Archive
from archive.models import Article
from sampleweb import SampleWeb
from tests.conftest import run_cli

pytestmark = pytest.mark.postgres


def test_crawl_stores_articles_in_postgresql(postgres_url: str, tmp_path: Path) -> None:
    with SampleWeb(sites=["mau-liferay"], special_pages=False) as web:
        registry = web.write_registry(tmp_path / "registry.yaml")
        result = run_cli(
            tmp_path,
            "crawl",
            "--registry",
            str(registry),
            "--local-sample",
            env={"PARTYLINE_DB_URL": postgres_url},
        )
        assert result.returncode == 0, result.stderr
        expected = {a.url: a for a in web.expected_articles("mau-liferay")}
    archive = Archive(postgres_url)
    with archive.session() as session:
        stored = {a.canonical_url: a for a in session.scalars(select(Article))}
    archive.dispose()
    assert set(stored) == set(expected)
    for url, truth in expected.items():
        assert (stored[url].title, stored[url].published) == (truth.title, truth.published)
    assert not (tmp_path / "archive.db").exists()
