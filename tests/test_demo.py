"""``partyline demo --no-serve``: the main job, offline, from a fresh home."""

from __future__ import annotations

from pathlib import Path

from sampleweb import SampleWeb
from tests.conftest import run_cli


def test_demo_crawls_indexes_builds_and_summarises(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "demo", "--no-serve", "--port-base", "0")
    assert result.returncode == 0, result.stderr
    with SampleWeb() as web:
        total = sum(len(web.expected_articles(site_id)) for site_id in web.site_ids)
    assert "Demo archive ready" in result.stdout
    assert f"articles:  {total} archived" in result.stdout
    assert f"index:     {total} documents" in result.stdout
    assert (tmp_path / "site" / "index.html").is_file()
    assert "Traceback" not in result.stderr
