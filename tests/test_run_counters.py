"""The crawl's page counts reach the run record even when the database is busy at the end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.db import Archive
from archive.models import SiteRunStats
from archive.runs import open_site_stats, start_run
from archive.sites import sync_sites
from tests.conftest import REPO

SITE = {"id": "mau-dem", "name": "Mẫu đếm", "family": "generic", "hosts": ["example.vn"]}


def _counted(tmp_path: Path, failures: int) -> tuple[int, str]:
    """Pages recorded after 5 pages were answered and the writes failed ``failures`` times."""
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    archive = Archive(url)
    with archive.session() as session:
        sync_sites(session, [SITE])
        run_id = start_run(session, mode="incremental").id
        open_site_stats(session, run_id, [SITE["id"]])
    command = [sys.executable, "-m", "tests.counter_writes", url, str(run_id), SITE["id"], "5"]
    result = subprocess.run(
        [*command, str(failures)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    with archive.session() as session:
        stats = session.scalars(select(SiteRunStats).where(SiteRunStats.run_id == run_id)).one()
        return stats.pages_fetched, result.stderr


@pytest.mark.parametrize("failures", [0, 2])
def test_the_last_counts_are_written_even_after_failed_tries(tmp_path: Path, failures: int) -> None:
    pages, log = _counted(tmp_path, failures)
    assert pages == 5, log
    assert "page counts not recorded" not in log


def test_counts_that_cannot_be_written_are_reported(tmp_path: Path) -> None:
    pages, log = _counted(tmp_path, failures=3)
    assert pages == 0
    assert "page counts not recorded (mau-dem 5)" in log
