"""Run reports, the nightly command (lock, logs, exit status) and WARC export."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import socket
import subprocess
import sys
from pathlib import Path

import yaml
from sqlalchemy import func, select

from archive.articles import ArticleFields, upsert_article
from archive.captures import store_capture
from archive.db import Archive
from archive.models import Capture, CrawlRun
from archive.report import run_report
from archive.runs import bump, finish_run, open_site_stats, record_error, start_run
from archive.sites import sync_sites
from sampleweb import SampleWeb
from tests.conftest import Crawled, run_cli

SITE = {"id": "s", "name": "Báo S", "family": "generic", "hosts": ["s.vn"]}


def test_report_shows_each_site_and_needs_no_person_after_a_good_crawl(crawled: Crawled) -> None:
    result = run_cli(crawled.home, "report", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["needs_person"] is False
    sites = {site["site_id"]: site for site in report["sites"]}
    assert set(sites) == set(crawled.web.site_ids)
    for site in sites.values():
        assert site["counters"]["pages_fetched"] > 0
        assert site["duration_seconds"] is not None
        assert site["flags"] == []
    assert {"http_5xx", "timeout", "extraction"} <= set(sites["mau-nukeviet"]["errors"])
    text = run_cli(crawled.home, "report")
    assert "Nothing needs a person." in text.stdout


def _run(session, site_id: str, *, days_ago: float = 0) -> int:
    run = start_run(session, mode="incremental")
    run.started_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
    open_site_stats(session, run.id, [site_id])
    return run.id


def _article(session, run_id: int, number: int, published: str | None) -> None:
    capture = store_capture(
        session,
        site_id="s",
        url=f"https://s.vn/bai-{number}.html",
        final_url=f"https://s.vn/bai-{number}.html",
        canonical_url=f"https://s.vn/bai-{number}.html",
        http_status=200,
        headers={"Content-Type": "text/html"},
        body=f"<html>{number}</html>".encode(),
        run_id=run_id,
    )
    session.flush()
    capture.extraction_status = "ok"
    fields = ArticleFields(title=f"Bài {number}", text="Nội dung " * 10, published=published)
    change = upsert_article(session, capture, fields)
    bump(session, run_id, "s", pages_fetched=1, captures=1, **{f"articles_{change}": 1})


def _flags(archive: Archive) -> list[str]:
    with archive.session() as session:
        report = run_report(session)
        assert report is not None
        return [flag.kind for site in report.sites for flag in site.flags]


def test_unreachable_site_is_flagged(archive: Archive) -> None:
    with archive.session() as session:
        sync_sites(session, [SITE])
        run_id = _run(session, "s")
        record_error(session, run_id=run_id, site_id="s", url="https://s.vn/", kind="dns")
        finish_run(session, run_id, status="finished")
    assert _flags(archive) == ["unreachable"]


def test_silence_longer_than_the_usual_interval_is_flagged(archive: Archive) -> None:
    with archive.session() as session:
        sync_sites(session, [SITE])
        first = _run(session, "s", days_ago=12)
        for day in range(30):  # one article a day until 12 days ago
            _article(
                session, first, day, (dt.date(2026, 1, 1) + dt.timedelta(days=day)).isoformat()
            )
        finish_run(session, first, status="finished")
        quiet = _run(session, "s")
        bump(session, quiet, "s", pages_fetched=4)
        finish_run(session, quiet, status="finished")
    assert _flags(archive) == ["no_new_articles"]
    with archive.session() as session:
        sync_sites(session, [{**SITE, "expected_interval_days": 30}])
    assert _flags(archive) == []


def test_drop_in_date_coverage_is_flagged(archive: Archive) -> None:
    with archive.session() as session:
        sync_sites(session, [SITE])
        first = _run(session, "s", days_ago=1)
        for number in range(30):
            _article(session, first, number, "2026-01-01")
        finish_run(session, first, status="finished")
        second = _run(session, "s")
        for number in range(30, 38):  # the layout changed: no date found any more
            _article(session, second, number, None)
        finish_run(session, second, status="finished")
    assert _flags(archive) == ["date_coverage_drop"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run_ids(home: Path) -> list[int]:
    archive = Archive(f"sqlite:///{home / 'archive.db'}")
    with archive.session() as session:
        return list(session.scalars(select(CrawlRun.id)))


def test_nightly_runs_every_stage_refuses_a_second_run_and_recovers_a_dead_lock(
    tmp_path: Path,
) -> None:
    home = tmp_path
    lock_path = home / "state" / "nightly.lock"
    with SampleWeb(sites=["mau-egov"], articles_per_site=20, special_pages=False) as web:
        registry = web.write_registry(home / "registry.yaml")
        nightly = ("nightly", "--registry", str(registry), "--local-sample")

        healthy = run_cli(home, *nightly)
        assert healthy.returncode == 0, healthy.stderr
        (log_dir,) = (home / "logs").glob("nightly-*")
        assert {"nightly.log", "crawl.log", "report.json"} <= {p.name for p in log_dir.iterdir()}
        assert "build: done" in (log_dir / "nightly.log").read_text()
        assert (home / "site" / "index.html").exists()

        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with lock_path.open("a+") as held:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held.write(json.dumps({"pid": 1, "since": dt.datetime.now(dt.UTC).isoformat()}))
            held.flush()
            refused = run_cli(home, *nightly)
        assert refused.returncode == 0
        assert "not started" in refused.stderr and "another run holds" in refused.stderr
        assert len(_run_ids(home)) == 1

        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        lock_path.write_text(json.dumps({"pid": dead.pid, "since": "2026-01-01T00:00:00+00:00"}))
        document = yaml.safe_load(registry.read_text(encoding="utf-8"))
        port = _free_port()
        document["sites"].append(
            {
                **document["sites"][0],
                "id": "mau-da-tat",
                "hosts": [f"127.0.0.1:{port}"],
                "listings": [f"http://127.0.0.1:{port}/news/"],
                "feeds": [],
                "sitemaps": [],
            }
        )
        registry.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        flagged = run_cli(home, *nightly)
    assert flagged.returncode == 1, flagged.stderr
    assert "recovered a stale lock" in flagged.stderr
    assert "NEEDS A PERSON: mau-da-tat" in flagged.stderr
    assert len(_run_ids(home)) == 2
    assert json.loads(lock_path.read_text() or "{}") == {}


def test_warc_export_writes_valid_warc_per_run_with_every_capture(
    crawled: Crawled, tmp_path: Path
) -> None:
    result = run_cli(crawled.home, "warc", "export", "--all", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    files = sorted(tmp_path.glob("partyline-run-*.warc.gz"))
    with crawled.archive().session() as session:
        runs = sorted(set(session.scalars(select(Capture.run_id))))
        urls = set(session.scalars(select(Capture.url)))
        total = session.scalar(select(func.count()).select_from(Capture))
    assert [f.name for f in files] == [f"partyline-run-{run:06d}.warc.gz" for run in runs]
    warcio = Path(sys.executable).with_name("warcio")
    check = subprocess.run(
        [warcio, "check", "-v", *map(str, files)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run([warcio, "index", "-f", "warc-type,warc-target-uri", *map(str, files)],
                           capture_output=True, text=True, check=True)  # fmt: skip
    records = [json.loads(line) for line in index.stdout.splitlines()]
    responses = [r["warc-target-uri"] for r in records if r["warc-type"] == "response"]
    assert len(responses) == total
    assert set(responses) == urls
