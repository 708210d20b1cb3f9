"""Building the static site at scale: a full build and an incremental one.

    python -m benchmarks.site_build                  # 100,000 articles (the corpus is cached)
    python -m benchmarks.site_build --articles 5000  # a quick run, same table

Fills (or reuses) an archive of realistic articles (``benchmarks/corpus.py``),
clusters it, then, on a working copy: writes every article text to two plain
files with no templating (the baseline: the bare cost of reading the texts and
writing one file per page of each language), builds the whole site in both
languages, adds 1,000 new articles and builds again (incremental). Then the same
two builds of the search benchmark's archive and index (``benchmarks/search.py``,
made or brought up to date) with five topics of the sizes research questions have, the new
articles indexed before the incremental build (topic pages and exports follow
their matches). Writes the "Site build" section of ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from archive.clusters import ensure_clusters
from archive.db import Archive
from archive.models import Article
from archive.topics import Filters, TopicDefinition, add_topic
from benchmarks.corpus import fill_archive
from benchmarks.doc_section import machine, write_section
from benchmarks.search import corpus_and_index
from partyline.progress import Progress
from search.index.update import update_index
from search.publish.website import BuildSummary, build_site
from search.publish.website.topics import resolve_topics

OUT = Path(__file__).parent / "out" / "site"
NEW_ARTICLES = 1_000
TARGET_FULL_S = 300
TARGET_INCREMENTAL_S = 20

# From a fifth of a percent of the archive to a seventh of it: a person, a campaign, a
# policy word over three years. Words of the corpus's vocabulary at those frequencies.
TOPICS = (
    TopicDefinition("hai-tu", "sỗm cống", title="Two words, both"),
    TopicDefinition(
        "mot-tinh", "chế", title="A word, one province", filters=Filters(provinces=("Bình Phước",))
    ),
    TopicDefinition("mot-tu", "doét", title="A word"),
    TopicDefinition("hoac", "pống OR bườu", title="Either word"),
    TopicDefinition(
        "rong",
        "tâm",
        title="A common word, three years",
        filters=Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2025, 12, 31)),
    ),
)


@dataclass
class Results:
    articles: int
    baseline_s: float
    full: BuildSummary
    incremental: BuildSummary
    topics_full: BuildSummary
    topics_incremental: BuildSummary
    topic_sizes: list[tuple[str, int]]
    machine: str


def _corpus(path: Path, articles: int) -> None:
    """The cached corpus: ``articles`` articles, fingerprinted and clustered."""
    archive = Archive(f"sqlite:///{path}")
    with archive.session() as session:
        have = session.scalar(select(func.count()).select_from(Article)) or 0
    if have < articles:
        progress = Progress("corpus")
        fill_archive(archive, articles - have, seed=have, progress=progress.update)
        progress.close()
    ensure_clusters(archive)
    archive.dispose()


def _copy(source: Path, target: Path) -> Archive:
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return Archive(f"sqlite:///{target}")


def baseline(archive: Archive, folder: Path) -> float:
    """Read every article text and write it to one file per language, nothing else."""
    started = time.perf_counter()
    for lang in ("vi", "en"):
        (folder / lang).mkdir(parents=True, exist_ok=True)
    with archive.session() as session:
        rows = session.connection().execute(
            select(Article.id, Article.text).execution_options(yield_per=2000)
        )
        for article_id, text in rows:
            for lang in ("vi", "en"):
                (folder / lang / f"{article_id}.html").write_text(text, encoding="utf-8")
    return time.perf_counter() - started


def _build(archive: Archive, site: Path, index_dir: Path | None = None) -> BuildSummary:
    progress = Progress("build")
    summary = build_site(archive, site, index_dir=index_dir, progress=progress.update)
    progress.close()
    return summary


def with_topics(
    articles: int, work: Path
) -> tuple[BuildSummary, BuildSummary, list[tuple[str, int]]]:
    """Full and incremental builds with ``TOPICS``, on copies of the search corpus."""
    source, database, index_source = corpus_and_index(articles)
    source.dispose()
    archive = _copy(database, work / "topics.db")
    index_dir = work / "index"
    shutil.copytree(index_source, index_dir, symlinks=True)
    ensure_clusters(archive)
    with archive.session() as session:
        for topic in TOPICS:
            add_topic(session, topic)
    full = _build(archive, work / "topic-site", index_dir)
    fill_archive(archive, NEW_ARTICLES, seed=articles + 1)
    update_index(archive, index_dir)
    incremental = _build(archive, work / "topic-site", index_dir)
    sizes = [(view.slug, len(view.member_ids or ())) for view in resolve_topics(archive, index_dir)]
    archive.dispose()
    return full, incremental, sizes


def run(articles: int, out: Path) -> Results:
    out.mkdir(parents=True, exist_ok=True)
    corpus = out / f"archive-{articles}.db"
    _corpus(corpus, articles)
    work = out / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    archive = _copy(corpus, work / "archive.db")
    seconds = baseline(archive, work / "baseline")
    shutil.rmtree(work / "baseline")
    full = _build(archive, work / "site")
    fill_archive(archive, NEW_ARTICLES, seed=articles + 1)
    incremental = _build(archive, work / "site")
    archive.dispose()
    topics_full, topics_incremental, sizes = with_topics(articles, work)
    return Results(
        articles, seconds, full, incremental, topics_full, topics_incremental, sizes, machine()
    )


def table(results: Results) -> str:
    base = results.baseline_s
    full, incremental = results.full, results.incremental

    def row(name: str, summary: BuildSummary, target: int) -> str:
        return (
            f"| {name} | {summary.seconds:.1f} s | {summary.seconds / base:.1f}× | "
            f"{summary.pages_written:,} | {summary.pages_total:,} | {summary.pages_removed:,} | "
            f"≤ {target} s |"
        )

    return "\n".join(
        [
            f"{results.articles:,} articles from `benchmarks/corpus.py` (60 sites, 2011–2025); "
            f"{results.machine}. `python -m benchmarks.site_build "
            f"--articles {results.articles}`.",
            "",
            "| build | time | × baseline | files written | files in build | removed | target |",
            "|---|---|---|---|---|---|---|",
            f"| baseline: article texts to 2 plain files each | {base:.1f} s | 1.0× | "
            f"{2 * results.articles:,} | | | |",
            row("full (both languages)", full, TARGET_FULL_S),
            row(f"incremental, {NEW_ARTICLES:,} new articles", incremental, TARGET_INCREMENTAL_S),
            row(f"full, with {len(TOPICS)} topics", results.topics_full, TARGET_FULL_S),
            row(
                f"incremental, {NEW_ARTICLES:,} new articles, with {len(TOPICS)} topics",
                results.topics_incremental,
                TARGET_INCREMENTAL_S,
            ),
            "",
            "The baseline reads every article's text and writes it, untemplated, to one file per",
            "language: the floor for any build that writes a page per article. The full build",
            "renders every page of both languages (articles, listings by site, province then",
            "and now, and month, home, indexes); the incremental one reads the archive's",
            "metadata, recomputes every page's key and renders only the pages whose key",
            "changed (the new articles, their month pages, the listings' indexes, the home",
            "page). It starts from a hard-linked copy of the previous build, made by a",
            "background thread while the metadata is read and the keys computed (one link per",
            "unchanged file: kernel time that overlaps the Python work); the retired build",
            "before the previous one is deleted in the background.",
            "",
            "The builds with topics are of the search benchmark's archive (the same corpus, its",
            "index) with five topics (their sizes after the new articles): "
            + "; ".join(
                f"`{topic.query}`{_filters(topic)}: {size:,} articles"
                for topic, (_, size) in zip(TOPICS, results.topic_sizes, strict=True)
            )
            + ". Each has its page (chart, articles) and its six exports with manifests;",
            "a topic whose articles changed (the new articles it matches) is exported again",
            "whole. The new articles are indexed before the incremental build, untimed",
            "(`partyline index`: see Search). With topics the incremental build is over the",
            "20 s target: each of the five topics gained articles, so its six exports were",
            "written again, each reading the topic's articles afresh, one after the other",
            "and before the pages are rendered on both cores. Sharing one read among the",
            "six formats, and writing exports beside the page rendering, are the next",
            "levers.",
        ]
    )


def _filters(topic: TopicDefinition) -> str:
    shown = [f"province {name}" for name in topic.filters.provinces]
    if topic.filters.date_from and topic.filters.date_to:
        shown.append(f"{topic.filters.date_from.year}–{topic.filters.date_to.year}")
    return "".join(f", {item}" for item in shown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=OUT, help=f"working directory ({OUT})")
    parser.add_argument("--no-report", action="store_true", help="print, do not write the doc")
    args = parser.parse_args(argv)
    body = table(run(args.articles, args.out))
    print(body)
    if not args.no_report:
        write_section("Site build", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
