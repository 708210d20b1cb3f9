"""Progress for long work: a bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm

LOG_EVERY_SECONDS = 5.0


class Progress:
    """``update(done, total)`` from any stage; ``close()`` when finished."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.bar: tqdm | None = None
        self.last_log = 0.0
        self.interactive = self.stream.isatty()

    def update(self, done: int, total: int) -> None:
        if self.interactive:
            if self.bar is None:
                self.bar = tqdm(total=total, desc=self.label, file=self.stream, unit="item")
            self.bar.total = total
            self.bar.n = done
            self.bar.refresh()
            return
        now = time.monotonic()
        if now - self.last_log >= LOG_EVERY_SECONDS or done >= total:
            self.last_log = now
            print(f"{self.label}: {done}/{total}", file=self.stream, flush=True)

    def message(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(f"{self.label}: {text}")
        else:
            print(f"{self.label}: {text}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class CrawlProgress:
    """A crawl's pages, articles and errors, per site: a live line on a terminal,
    a log line every ``LOG_EVERY_SECONDS`` otherwise, and a per-site table at the end."""

    def __init__(self, stream: TextIO | None = None, interactive: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.bar: tqdm | None = None
        self.last_log = 0.0
        self.sites: dict[str, dict[str, int]] = {}
        self.articles = (0, 0)

    def update(self, snapshot: dict[str, dict[str, int]], new: int, changed: int) -> None:
        """The run's counters so far (``archive.runs.run_snapshot``) and articles extracted."""
        self.sites = snapshot
        self.articles = (new, changed)
        if self.interactive:
            if self.bar is None:
                self.bar = tqdm(desc="crawl", file=self.stream, unit="page", total=None)
            self.bar.n = self._total("pages_fetched")
            self.bar.set_postfix_str(self.summary(), refresh=True)
            return
        now = time.monotonic()
        if now - self.last_log >= LOG_EVERY_SECONDS:
            self.last_log = now
            busiest = sorted(snapshot.items(), key=lambda item: -item[1].get("pages_fetched", 0))
            per_site = "; ".join(
                f"{site} {row.get('pages_fetched', 0)}p/{row.get('captures', 0)}c/"
                f"{row.get('errors', 0)}e"
                for site, row in busiest[:8]
            )
            print(f"crawl: {self.summary()} | {per_site}", file=self.stream, flush=True)

    def _total(self, counter: str) -> int:
        return sum(row.get(counter, 0) for row in self.sites.values())

    def summary(self) -> str:
        new, changed = self.articles
        return (
            f"{self._total('pages_fetched')} pages, {self._total('captures')} captures, "
            f"{new} new + {changed} changed articles, {self._total('errors')} errors"
        )

    def table(self) -> str:
        """One line per site: what this run did there."""
        lines = [f"{'site':28} {'pages':>7} {'captures':>8} {'new':>6} {'304':>5} {'errors':>6}"]
        for site, row in sorted(self.sites.items()):
            lines.append(
                f"{site:28} {row.get('pages_fetched', 0):>7} {row.get('captures', 0):>8} "
                f"{row.get('articles_new', 0):>6} {row.get('not_modified', 0):>5} "
                f"{row.get('errors', 0):>6}"
            )
        return "\n".join(lines)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        if self.sites:
            print(self.table(), file=self.stream, flush=True)
