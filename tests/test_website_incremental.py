"""Incremental, atomic builds: only pages whose data changed are written, removed
articles' pages go, a failed build leaves the published site as it was."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.articles import ArticleFields, delete_articles
from archive.db import Archive
from benchmarks.corpus import corpus_sites
from search.publish.website import build_site
from search.publish.website import render as render_module
from tests.conftest import run_cli
from tests.website_archive import Special, add_article, make_archive


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Special]:
    """One small archive made once; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("template")
    archive, special = make_archive(folder, articles=30, sites=2)
    archive.dispose()
    return folder / "archive.db", special


def _copy(source: Path, folder: Path) -> Archive:
    with sqlite3.connect(source) as src, sqlite3.connect(folder / "archive.db") as dst:
        src.backup(dst)
    return Archive(f"sqlite:///{folder / 'archive.db'}")


@pytest.fixture
def small(template, tmp_path: Path) -> Iterator[tuple[Archive, Special, Path]]:
    archive = _copy(template[0], tmp_path)
    yield archive, template[1], tmp_path / "site"
    archive.dispose()


def _inodes(site: Path) -> dict[str, int]:
    root = site.resolve()
    return {
        path.relative_to(root).as_posix(): path.stat().st_ino
        for path in root.rglob("*")
        if path.is_file()
    }


def _rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name, inode in after.items() if before.get(name) != inode}


def _both_languages(*paths: str) -> set[str]:
    return {prefix + path for path in paths for prefix in ("", "en/")}


def test_new_articles_rewrite_only_their_pages(small) -> None:
    archive, _, site = small
    build_site(archive, site)
    before = _inodes(site)
    published = site.resolve()
    contents = {path: path.read_bytes() for path in published.rglob("*") if path.is_file()}
    first = corpus_sites(1)[0]
    new = [
        add_article(
            archive,
            first.id,
            f"tin-tuc/moi-{day}.html",
            ArticleFields(
                title=f"Bài mới {day}", text=f"Nội dung {day}.", published=f"2019-03-{day}"
            ),
        )
        for day in ("05", "20")
    ]
    summary = build_site(archive, site)
    after = _inodes(site)
    rewritten = _rewritten(before, after)
    expected = _both_languages(
        *(f"articles/{article_id}.html" for article_id in new),
        "index.html",
        "sites.html",
        f"sites/{first.id}.html",
        f"sites/{first.id}/2019-03.html",
        "provinces.html",
        "provinces/ha-noi.html",
        "provinces/ha-noi/2019-03.html",
        "units/ha-noi.html",
        "units/ha-noi/2019-03.html",
        "months/index.html",
        "months/2019-03.html",
    )
    assert rewritten == expected
    assert summary.pages_written == len(expected) and summary.pages_removed == 0
    # The previous build shares the unchanged files' inodes: it must be untouched.
    assert {path: path.read_bytes() for path in contents} == contents
    assert summary.pages_total == len(after)


def test_deleted_articles_lose_their_pages(small) -> None:
    archive, special, site = small
    build_site(archive, site)
    with archive.session() as session:
        delete_articles(session, [special.hostile])
    summary = build_site(archive, site)
    assert summary.pages_removed == 2
    assert not (site / "articles" / f"{special.hostile}.html").exists()
    assert not (site / "en" / "articles" / f"{special.hostile}.html").exists()
    assert f"articles/{special.hostile}.html" not in (site / "months" / "2023-06.html").read_text()


def test_pages_deleted_from_the_published_site_by_hand_come_back(small) -> None:
    archive, special, site = small
    build_site(archive, site)
    published = site.resolve()
    lost = [f"articles/{special.original}.html", "en/months/2023-05.html", "sites.html"]
    kept = published / f"en/articles/{special.original}.html"
    for name in lost:
        (published / name).unlink()
    kept_bytes, kept_inode = kept.read_bytes(), kept.stat().st_ino
    summary = build_site(archive, site)
    assert all((site / name).is_file() for name in lost)
    # Each page is written again in both languages (the other was still there); the
    # previous build's copy of those (same inode) is left as it was.
    assert summary.pages_written == 2 * len(lost)
    assert kept.read_bytes() == kept_bytes and kept.stat().st_ino == kept_inode


def test_unchanged_archive_writes_nothing_and_full_writes_everything(small) -> None:
    archive, _, site = small
    first = build_site(archive, site)
    again = build_site(archive, site)
    assert again.pages_written == 0 and again.pages_total == first.pages_total
    before = _inodes(site)
    full = build_site(archive, site, full=True)
    assert full.pages_written == full.pages_total == first.pages_total
    assert _rewritten(before, _inodes(site)) == set(before)
    builds = sorted(p.name for p in site.parent.glob("site-*") if p.is_dir())
    assert len(builds) == 2  # the current build and one previous


def test_interrupted_build_leaves_the_published_site_intact(small, monkeypatch) -> None:
    archive, special, site = small
    build_site(archive, site)
    published = site.resolve()
    before = _inodes(site)
    calls = {"n": 0}
    real = render_module.write_jobs

    def failing(build_dir: str, jobs) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(build_dir, jobs)

    monkeypatch.setattr(render_module, "write_jobs", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        build_site(archive, site, full=True)
    assert site.resolve() == published and _inodes(site) == before
    assert [p for p in site.parent.glob("site-*") if p.is_dir()] == [published]
    assert (site / "articles" / f"{special.original}.html").is_file()


def test_build_command_reports_what_it_wrote(template, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    _copy(template[0], home).dispose()
    first = run_cli(home, "build")
    assert first.returncode == 0, first.stderr
    again = run_cli(home, "build")
    assert " 0 of " in again.stdout and "removed" in again.stdout
    full = run_cli(home, "build", "--full")
    written, total = full.stdout.split(": ")[1].split(" files")[0].split(" of ")
    assert written == total and os.path.islink(home / "site")
