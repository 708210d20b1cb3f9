"""``build_site``: render what changed since the last build into a new build, then swap.

Every output file has a key: a hash of the data it shows and of the template
set. The new build starts as a hard-linked copy of the current one; files whose
key changed are rendered anew, files no longer produced are dropped.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from archive.db import Archive
from search.publish.website import paths
from search.publish.website.article_pages import ArticlePages
from search.publish.website.catalog import Catalog, article_rows, read_catalog
from search.publish.website.i18n import LANGUAGES
from search.publish.website.listings import Job, home_job, index_jobs, listing_jobs, place_listings
from search.publish.website.output import BuildOutput
from search.publish.website.render import Renderer
from search.publish.website.templates import template_set_version
from search.publish.website.topic_research import (
    archive_fingerprint,
    read_research,
    research_files,
    write_research,
)
from search.publish.website.topics import (
    TopicView,
    describe_exports,
    export_files,
    export_key,
    resolve_topics,
    topic_jobs,
    write_exports,
)

Progress = Callable[[int, int], None]


@dataclass
class BuildSummary:
    pages_total: int  # files in the new build (pages of both languages, exports, static)
    pages_written: int  # files rendered or exported by this build
    pages_removed: int  # files of the previous build no longer produced
    seconds: float
    site_dir: Path


def _key(version: str, job: Job) -> str:
    path, template, context = job
    payload = json.dumps([version, path, template, context], default=str, ensure_ascii=False)
    return hashlib.blake2b(payload.encode(), digest_size=12).hexdigest()


def _language_files(path: str) -> list[str]:
    return [paths.output_path(path, lang) for lang in LANGUAGES]


def _page_jobs(catalog: Catalog, topics: list[TopicView]) -> Iterable[Job]:
    yield home_job(catalog)
    yield (paths.SEARCH, "search.html", {"query": "", "sort": None, "result": None})
    listings = list(place_listings(catalog))
    for listing in listings:
        yield from listing_jobs(listing, catalog)
    yield from index_jobs(catalog, listings)
    yield from topic_jobs(topics, catalog)


def _static(output: BuildOutput) -> int:
    """Copy the stylesheet (and any other static file); returns the files written."""
    written = 0
    folder = resources.files("site_templates") / paths.STATIC_DIR
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.is_file():
            continue
        data = entry.read_bytes()
        name = f"{paths.STATIC_DIR}/{entry.name}"
        if not output.reuse([name], hashlib.sha256(data).hexdigest()[:24]):
            target = output.dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written += 1
    return written


def _exports(
    archive: Archive,
    output: BuildOutput,
    topics: list[TopicView],
    catalog: Catalog,
    index_dir: Path | None,
) -> int:
    written = 0
    fingerprint = archive_fingerprint(catalog) if any(v.member_ids for v in topics) else ""
    for view in topics:
        if not view.member_ids:
            continue
        files = [name for _, path, manifest in export_files(view.slug) for name in (path, manifest)]
        key = export_key(view, catalog)
        if not output.reuse(files, key):
            write_exports(archive, view, output.dir)
            written += len(files)
        describe_exports(view, output.dir)
        research = research_files(view.slug)
        if index_dir is not None and not output.reuse(research, f"{key}-{fingerprint}"):
            query = view.research_query
            write_research(archive, index_dir, view.slug, view.title, query, output.dir)
            written += len(research)
        view.trend, view.terms = read_research(view.slug, output.dir)
    return written


def build_site(
    archive: Archive,
    site_dir: Path,
    *,
    index_dir: Path | None = None,
    full: bool = False,
    progress: Progress | None = None,
) -> BuildSummary:
    """Build the site into ``site_dir`` (a symlink to the newest build).

    ``index_dir``: the search index, which answers topic queries (without it
    topic pages say what to run). ``full``: render every page, reuse nothing.
    """
    started = time.perf_counter()
    version = template_set_version()
    output = BuildOutput(site_dir, full=full)
    try:
        topics = resolve_topics(archive, index_dir)
        with archive.session() as session:
            catalog = read_catalog(session)
        # Article keys first: computing them overlaps the copy of the current build.
        articles = ArticlePages(catalog, version)
        changed, reused = [], []
        for a in catalog.articles:
            files = _language_files(paths.article(a.id))
            (reused if output.reuse(files, articles.key(a)) else changed).append((a.id, files))
        output.settle()
        changed += [(i, files) for i, files in reused if not output.present(files)]
        written = _static(output) + _exports(archive, output, topics, catalog, index_dir)
        pending = [
            job
            for job in _page_jobs(catalog, topics)
            if not output.reuse(_language_files(job[0]), _key(version, job))
        ]
        renderer = Renderer(output.dir, len(pending) + len(changed), progress)
        try:
            for job in pending:
                renderer.add(job)
            everything = len(changed) == len(catalog.articles)
            ids = [article_id for article_id, _ in changed]
            with archive.session() as session:
                for row in article_rows(session, None if everything else ids):
                    renderer.add((paths.article(row.id), "article.html", articles.context(row)))
        finally:
            written += renderer.close()
        output.publish()
    except BaseException:
        output.abandon()
        raise
    return BuildSummary(
        pages_total=len(output.files),
        pages_written=written,
        pages_removed=output.removed,
        seconds=time.perf_counter() - started,
        site_dir=site_dir,
    )
