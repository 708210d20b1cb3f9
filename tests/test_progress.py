"""Crawl progress: a live line on a terminal, plain log lines otherwise, a table at the end."""

from __future__ import annotations

import io

from partyline.progress import CrawlProgress

SNAPSHOT = {
    "mau-egov": {"pages_fetched": 40, "captures": 30, "articles_new": 28, "errors": 1},
    "mau-liferay": {"pages_fetched": 12, "captures": 9, "articles_new": 9, "errors": 0},
}


def test_log_lines_carry_totals_and_each_site() -> None:
    stream = io.StringIO()
    progress = CrawlProgress(stream, interactive=False)
    progress.update(SNAPSHOT, new=37, changed=2)
    progress.close()
    first, *table = stream.getvalue().splitlines()
    assert first.startswith("crawl: 52 pages, 39 captures, 37 new + 2 changed articles, 1 errors")
    assert "mau-egov 40p/30c/1e" in first and "mau-liferay 12p/9c/0e" in first
    assert table[0].split() == ["site", "pages", "captures", "new", "304", "errors"]
    assert table[1].split() == ["mau-egov", "40", "30", "28", "0", "1"]


def test_a_terminal_gets_one_live_line() -> None:
    stream = io.StringIO()
    progress = CrawlProgress(stream, interactive=True)
    progress.update(SNAPSHOT, new=37, changed=2)
    progress.update(SNAPSHOT, new=39, changed=2)
    progress.close()
    output = stream.getvalue()
    assert "\r" in output  # redrawn in place, not one line per update
    assert "39 new + 2 changed articles" in output
