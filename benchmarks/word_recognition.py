"""How well two-syllable words are recognised: the NPMI rule against hand-labelled pairs.

    python -m benchmarks.word_recognition          # prints the table, writes its section

The sample web's composed articles (12 sites, 150 articles each: real
Vietnamese sentences from its handwritten articles and bank) are stored and
indexed like any archive; each of the 300 hand-labelled pairs of
``tests/data/syllable-pairs.tsv`` is then judged by ``search.query.collocations``
from that index's statistics. The threshold was chosen on the tuning half
(even rows) and is measured on the test half (odd rows). Baseline: every pair
seen at least five times taken as a word.
"""

from __future__ import annotations

import argparse
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import select

from archive.articles import ArticleFields, upsert_article
from archive.captures import store_capture
from archive.db import Archive
from archive.models import Article
from archive.sites import sync_sites
from benchmarks.doc_section import machine, write_section
from sampleweb.compose import compose_site
from sampleweb.orthography import restyle
from sampleweb.specs import site_specs
from search.index.update import update_index
from search.query.collocations import (
    MIN_PAIR_COUNT,
    THRESHOLD,
    association,
    neighbours,
    plausible,
    recognised_words,
)
from search.query.facts import facts_for
from search.query.termcounts import TermCounts, article_texts, count_terms
from search.store import open_searcher

LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "syllable-pairs.tsv"
OUT = Path(__file__).parent / "out" / "words"
ARTICLES_PER_SITE = 150
GRID = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)


def labelled_pairs(path: Path = LABELS) -> list[tuple[str, bool]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("pair\t") or not line.strip():
            continue
        pair, label = line.split("\t")
        rows.append((pair, label == "1"))
    return rows


def sample_archive(folder: Path) -> tuple[Archive, Path]:
    """The composed articles of every sample site in an archive, indexed."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    archive = Archive(f"sqlite:///{folder / 'archive.db'}")
    specs = list(site_specs().values())
    with archive.session() as session:
        sync_sites(session, [{"id": s.id, "name": s.name, "family": "generic"} for s in specs])
        for spec in specs:
            for number, article in enumerate(compose_site(spec, ARTICLES_PER_SITE, seed=1)):
                url = f"http://{spec.id}.example/{number}.html"
                capture = store_capture(
                    session,
                    site_id=spec.id,
                    url=url,
                    final_url=url,
                    canonical_url=url,
                    http_status=200,
                    headers={"Content-Type": "text/html; charset=utf-8"},
                    body=url.encode(),
                )
                session.flush()
                text = "\n\n".join((article.lead, *article.paragraphs))
                fields = ArticleFields(
                    title=restyle(article.title, "new"), text=restyle(text, "new")
                )
                upsert_article(session, capture, fields)
    update_index(archive, folder / "index")
    return archive, folder / "index"


@dataclass
class Score:
    precision: float
    recall: float
    found: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score(predicted: np.ndarray, truth: np.ndarray) -> Score:
    hits = int(np.count_nonzero(predicted & truth))
    found = int(np.count_nonzero(predicted))
    return Score(hits / found if found else 0.0, hits / max(int(np.count_nonzero(truth)), 1), found)


def corpus_counts(archive: Archive) -> TermCounts:
    """The words, pairs and triples of every article (where each pair's neighbours come from)."""
    with archive.engine.connect() as connection:
        ids = [row[0] for row in connection.execute(select(Article.id))]
    return count_terms(article_texts(archive, ids))


def judgements(index_dir: Path, pairs: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(NPMI, archive count, plausible) of each pair."""
    facts = facts_for(open_searcher(index_dir).reader())
    values, counts = association(facts, pairs)
    return values, counts, np.array([plausible(pair) for pair in pairs])


def measure(archive: Archive, index_dir: Path) -> dict:
    rows = labelled_pairs()
    pairs = [pair for pair, _ in rows]
    truth = np.array([label for _, label in rows])
    _, counts, allowed = judgements(index_dir, pairs)
    facts = facts_for(open_searcher(index_dir).reader())
    rivals = neighbours(corpus_counts(archive), pairs)
    tuning = np.arange(len(rows)) % 2 == 0
    testing = ~tuning

    def rule(threshold: float) -> np.ndarray:
        return recognised_words(facts, pairs, rivals, threshold)

    grid = {t: score(rule(t)[tuning], truth[tuning]) for t in GRID}
    chosen = rule(THRESHOLD)
    return {
        "pairs": len(rows),
        "words": int(truth.sum()),
        "grid": grid,
        "test": score(chosen[testing], truth[testing]),
        "all": score(chosen, truth),
        "baseline": score(counts >= 5, truth),
        "stop_only": score(allowed, truth),
        "missed": [p for p, c, t in zip(pairs, chosen, truth, strict=True) if t and not c],
        "wrong": [p for p, c, t in zip(pairs, chosen, truth, strict=True) if c and not t],
    }


def table(result: dict) -> str:
    def row(name: str, found: Score) -> str:
        return (
            f"| {name} | {found.found} | {found.precision:.0%} | {found.recall:.0%} "
            f"| {found.f1:.2f} |"
        )

    tuning = " · ".join(
        f"{t}: P {s.precision:.0%} R {s.recall:.0%}" for t, s in result["grid"].items()
    )
    return "\n".join(
        [
            "`python -m benchmarks.word_recognition`: the rule of `search/query/collocations.py` "
            f"(NPMI ≥ {THRESHOLD}, at least {MIN_PAIR_COUNT} occurrences, no function syllable, "
            "bound tighter than the overlapping pair beside it in most of its occurrences) "
            f"on {result['pairs']} hand-labelled pairs ({result['words']} of them words or "
            "names; `tests/data/syllable-pairs.tsv`), with counts from an index of the sample "
            f"web's composed articles ({ARTICLES_PER_SITE} per site); on {machine()}.",
            "",
            "| rule | pairs taken as words | precision | recall | F1 |",
            "|---|---|---|---|---|",
            row("NPMI rule, test half (the figure to quote)", result["test"]),
            row("NPMI rule, all 300", result["all"]),
            row("baseline: every pair seen ≥ 5 times", result["baseline"]),
            row("function syllables removed only", result["stop_only"]),
            "",
            f"Threshold chosen on the tuning half — {tuning}. "
            f"Words missed: {', '.join(result['missed'][:12]) or 'none'}. "
            f"Pairs wrongly taken as words: {', '.join(result['wrong'][:12]) or 'none'}.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-report", action="store_true", help="print, do not write the doc")
    args = parser.parse_args(argv)
    archive, index_dir = sample_archive(OUT)
    body = table(measure(archive, index_dir))
    archive.dispose()
    print(body)
    if not args.no_report:
        write_section("Word recognition", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
