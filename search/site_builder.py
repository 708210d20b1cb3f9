"""Rendering the static site with Jinja2: plain files with relative links.

A build is written to a fresh directory and swapped in by replacing a symlink,
so a reader never sees a half-built site.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import func, select

from archive.db import Archive
from archive.models import Article, Site

NEWEST_ON_HOME = 20
KEEP_OLD_BUILDS = 1


def template_environment() -> Environment:
    """Templates from ``site_templates`` with autoescaping: scraped text is untrusted."""
    return Environment(
        loader=PackageLoader("site_templates", ""),
        autoescape=select_autoescape(["html", "xml"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass
class BuildSummary:
    pages: int
    site_dir: Path


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def _copy_static(target: Path) -> None:
    static = resources.files("site_templates") / "static"
    destination = target / "static"
    destination.mkdir(parents=True, exist_ok=True)
    for entry in static.iterdir():
        if entry.is_file():
            (destination / entry.name).write_bytes(entry.read_bytes())


def _list_item(article: Article, site_names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "published": article.published,
        "site_name": site_names.get(article.site_id, article.site_id),
    }


def _swap_in(build_dir: Path, site_dir: Path) -> None:
    """Point ``site_dir`` at ``build_dir`` atomically, then drop older builds."""
    link = site_dir.with_name(site_dir.name + ".new")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(build_dir.name)
    if site_dir.exists() and not site_dir.is_symlink():
        shutil.rmtree(site_dir)
    os.replace(link, site_dir)
    builds = sorted(build_dir.parent.glob("site-*"))
    for old in builds[: -(KEEP_OLD_BUILDS + 1)]:
        shutil.rmtree(old, ignore_errors=True)


def build_site(
    archive: Archive, site_dir: Path, *, progress: Callable[[int, int], None] | None = None
) -> BuildSummary:
    """Render home, one page per article and one listing per site into ``site_dir``."""
    env = template_environment()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    build_dir = site_dir.parent / f"site-{stamp}"
    pages = 0
    with archive.session() as session:
        sites = session.scalars(select(Site).order_by(Site.name)).all()
        site_names = {site.id: site.name for site in sites}
        counts = dict(
            session.execute(select(Article.site_id, func.count()).group_by(Article.site_id)).all()
        )
        newest_first = select(Article).order_by(
            Article.published_date.desc().nulls_last(), Article.id.desc()
        )
        span = session.execute(
            select(func.min(Article.published_date), func.max(Article.published_date))
        ).one()
        home = env.get_template("home.html").render(
            root="",
            stats={
                "articles": sum(counts.values()),
                "sites": len(sites),
                "first": span[0],
                "last": span[1],
            },
            sites=[{**_site_fields(s), "count": counts.get(s.id, 0)} for s in sites],
            articles=[
                _list_item(a, site_names)
                for a in session.scalars(newest_first.limit(NEWEST_ON_HOME))
            ],
        )
        _write(build_dir / "index.html", home)
        pages += 1
        article_template = env.get_template("article.html")
        total = sum(counts.values())
        for article in session.scalars(newest_first).yield_per(500):
            _write(
                build_dir / "articles" / f"{article.id}.html",
                article_template.render(
                    root="../",
                    article=article,
                    site_name=site_names.get(article.site_id, article.site_id),
                    paragraphs=article.text.split("\n\n"),
                ),
            )
            pages += 1
            if progress and pages % 500 == 0:
                progress(pages, total)
        site_template = env.get_template("site.html")
        for site in sites:
            articles = session.scalars(newest_first.where(Article.site_id == site.id)).all()
            _write(
                build_dir / "sites" / f"{site.id}.html",
                site_template.render(
                    root="../",
                    site=_site_fields(site),
                    articles=[_list_item(a, site_names) for a in articles],
                ),
            )
            pages += 1
    _write(build_dir / "search.html", env.get_template("search.html").render(root="", query=""))
    _copy_static(build_dir)
    _swap_in(build_dir, site_dir)
    return BuildSummary(pages=pages + 1, site_dir=site_dir)


def _site_fields(site: Site) -> dict[str, Any]:
    return {"id": site.id, "name": site.name, "province": site.province}
