"""A data directory holding tests/search_corpus.py's articles, indexed: what the research
commands and pages are tested on (each article's year and words are known by heart)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from archive.db import Archive
from archive.models import Article
from tests.conftest import run_cli
from tests.search_corpus import add_articles


def make_home(home: Path) -> dict[str, int]:
    """The corpus in ``home`` with its index; the article ids by key."""
    home.mkdir(parents=True, exist_ok=True)
    archive = Archive(f"sqlite:///{home / 'archive.db'}")
    ids = add_articles(archive)
    archive.dispose()
    indexed = run_cli(home, "index")
    assert indexed.returncode == 0, indexed.stderr
    return ids


def cli_json(home: Path, *args: str) -> dict:
    """``partyline ARGS --json`` parsed."""
    result = run_cli(home, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def cli_text(home: Path, *args: str) -> str:
    result = run_cli(home, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def texts_by_id(archive: Archive) -> dict[int, str]:
    """Every article's title and text, as the index reads them."""
    with archive.session() as session:
        rows = session.execute(select(Article.id, Article.title, Article.text))
        return {row.id: f"{row.title}\n\n{row.text}" for row in rows}


def point_titles(trend: dict) -> list[str]:
    """What each point of a trend chart says (its ``<title>``), from the JSON."""
    return [
        f"{s['label']} — {p['period']}: {p['matching']:,} / {p['total']:,} "
        f"({100 * p['ratio']:.2f}%)"
        for s in trend["series"]
        for p in s["points"]
        if p["ratio"] is not None
    ]


def bar_titles(shares: dict) -> list[str]:
    """What each bar of a shares chart says, from the JSON."""
    return [
        f"{r['label']}: {r['matching']:,} / {r['total']:,} ({100 * r['share']:.2f}%)"
        for r in shares["rows"]
        if r["total"]
    ]
