"""The research tools at scale: trends, comparisons, distinctive terms and the concordance.

    python -m benchmarks.research                    # 100,000 articles (the search benchmark's)
    python -m benchmarks.research --articles 20000
    python -m benchmarks.research --quick            # 5,000 articles, fewer samples

Reuses the search benchmark's archive and index (``benchmarks.search.corpus_and_index``,
made or brought up to date). Each measure runs in its own process, warmed as a
running server is (index open, columns read), so its peak memory is its own;
each is given as a ratio against a plain SQL baseline over the same rows,
measured in the same process:

- a monthly trend of a common query (in 20–60 % of articles): ``trends()``
  against two ``GROUP BY`` month queries, the slice's and the matching
  articles' (their ids in a temporary table);
- five common queries side by side: against five times those;
- distinctive terms of a query matching about 5,000 articles: against reading
  the same texts with SQL and counting their whitespace-separated words;
- the concordance of a common query, every line: against reading the same
  texts with SQL and finding the word with a regular expression.

Writes the "Research" section of ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from typing import Any

from sqlalchemy import text

from benchmarks.doc_section import machine, percentiles, write_section

WALL_AND_CPU = (
    "Wall times include waiting for a core: with a load average of 6 to 8 on 2 cores each "
    "process gets about a third of one, which is why distinctive terms took about twice "
    "their CPU time. Their CPU time is the work itself: reading the 5,000 texts with SQL, "
    "finding their 3.3 million words with the index's word pattern (about a third), "
    "turning them into integers (another third), then NumPy counts and the look-ups of "
    "the 2,500 most frequent words and pairs in the index's term statistics. Peak memory "
    "is the process's resident peak, which counts the index pages it touched (memory-mapped "
    "and shared with every other reader) as well as its own arrays."
)
TARGETS = {"trend_ms": 300, "compare_ms": 1000, "terms_s": 5, "kwic_lines": 2000}
TERMS_ARTICLES = 5_000
MONTH = "substr(published_date, 1, 7)"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _open(articles: int):
    """The search benchmark's archive and index as they are (the parent made them)."""
    from archive.db import Archive
    from benchmarks.search import OUT
    from search.query.masks import Snapshot

    archive = Archive(f"sqlite:///{OUT / f'archive-{articles}.db'}", migrate=False)
    index_dir = OUT / f"index-{articles}"
    return archive, index_dir, Snapshot.open(archive, index_dir)


def _words_by_frequency(snapshot, low: float, high: float) -> list[tuple[str, int]]:
    """Accented words (no digits) in ``low``–``high`` of the articles, with their counts."""
    from archive.vietnamese import has_diacritics
    from search.schema import WORD_FIELDS

    reader, documents = snapshot.searcher.reader(), snapshot.facts.doc_count_all
    found = []
    for term, info in reader.iter_field(WORD_FIELDS["exact"]):
        word, held = term.decode(), info.doc_frequency()
        if word.isalpha() and has_diacritics(word) and low * documents <= held <= high * documents:
            found.append((word, held))
    return sorted(found)


def _group_by_month(archive, ids: list[int]) -> float:
    """Seconds for the baseline: articles per month of the whole slice and of ``ids``."""
    with archive.engine.connect() as connection:
        connection.execute(text("CREATE TEMP TABLE IF NOT EXISTS chosen (id INTEGER PRIMARY KEY)"))
        connection.execute(text("DELETE FROM chosen"))
        connection.execute(text("INSERT INTO chosen VALUES (:id)"), [{"id": i} for i in ids])
        started = time.perf_counter()
        connection.execute(
            text(
                f"SELECT {MONTH}, count(*) FROM articles WHERE published_date IS NOT NULL "
                "GROUP BY 1"
            )
        ).all()
        connection.execute(
            text(
                f"SELECT {MONTH}, count(*) FROM articles JOIN chosen USING (id) "
                "WHERE published_date IS NOT NULL GROUP BY 1"
            )
        ).all()
        seconds = time.perf_counter() - started
        connection.rollback()
    return seconds


def _matching_ids(snapshot, query: str) -> list[int]:
    from search.query.masks import measure

    return snapshot.facts.article_ids[measure(snapshot, query).matches].tolist()


def step_trend(articles: int, samples: int) -> dict[str, Any]:
    from search.query.facts import forget_postings
    from search.query.trends import trends

    archive, index_dir, snapshot = _open(articles)
    words = [w for w, _ in _words_by_frequency(snapshot, 0.2, 0.6)]
    queries = random.Random(articles).sample(words, min(samples, len(words)))
    ours, baseline = [], []
    for query in queries:
        trends(archive, index_dir, [query])  # warm, as a running server is
        forget_postings()  # but the query's postings are read again
        started = time.perf_counter()
        result = trends(archive, index_dir, [query])
        ours.append(1000 * (time.perf_counter() - started))
        baseline.append(1000 * _group_by_month(archive, _matching_ids(snapshot, query)))
    periods = len(result["periods"])
    return {
        "ours": ours,
        "baseline": baseline,
        "queries": queries,
        "periods": periods,
        "peak_mb": _peak_mb(),
    }


def step_compare(articles: int, samples: int) -> dict[str, Any]:
    from search.query.facts import forget_postings
    from search.query.trends import trends

    archive, index_dir, snapshot = _open(articles)
    words = [w for w, _ in _words_by_frequency(snapshot, 0.2, 0.6)]
    rng = random.Random(articles + 1)
    ours, baseline, asked = [], [], []
    for _ in range(samples):
        queries = rng.sample(words, 5)
        trends(archive, index_dir, queries)
        forget_postings()
        started = time.perf_counter()
        trends(archive, index_dir, queries)
        ours.append(1000 * (time.perf_counter() - started))
        baseline.append(
            1000 * sum(_group_by_month(archive, _matching_ids(snapshot, q)) for q in queries)
        )
        asked.append(queries)
    return {"ours": ours, "baseline": baseline, "queries": asked[:2], "peak_mb": _peak_mb()}


def _texts(archive, ids: list[int]):
    from search.query.termcounts import article_texts

    return article_texts(archive, ids)


def step_terms(articles: int, samples: int) -> dict[str, Any]:
    from search.query.terms import terms_for_queries

    archive, index_dir, snapshot = _open(articles)
    target = TERMS_ARTICLES if articles >= 4 * TERMS_ARTICLES else articles // 20
    candidates = sorted(_words_by_frequency(snapshot, 0.0, 1.0), key=lambda w: abs(w[1] - target))
    queries = [word for word, _ in candidates[: samples + 1]]
    terms_for_queries(archive, index_dir, [queries.pop()])  # warm, as a running server is
    ours, cpu, baseline, sizes = [], [], [], []
    for query in queries:
        ids = _matching_ids(snapshot, query)
        started, processor = time.perf_counter(), time.process_time()
        result = terms_for_queries(archive, index_dir, [query])
        ours.append(time.perf_counter() - started)
        cpu.append(time.process_time() - processor)
        started = time.perf_counter()
        counted: Counter = Counter()
        for body in _texts(archive, ids):
            counted.update(body.split())
        baseline.append(time.perf_counter() - started)
        sizes.append(len(ids))
    column = result["columns"][0]
    return {
        "ours": ours,
        "cpu": cpu,
        "baseline": baseline,
        "queries": queries,
        "articles": sizes,
        "tokens": column["study"]["tokens"],
        "terms": [t["term"] for t in column["terms"][:8]],
        "peak_mb": _peak_mb(),
    }


def step_kwic(articles: int, samples: int) -> dict[str, Any]:
    import psutil

    from search.analysis import exact_form
    from search.query.kwic import kwic_lines

    archive, index_dir, snapshot = _open(articles)
    words = _words_by_frequency(snapshot, 0.2, 0.6)
    query = random.Random(articles + 2).choice([w for w, _ in words])
    process = psutil.Process()
    rss_after_first, rss_max, lines = 0.0, 0.0, 0
    started = time.perf_counter()
    for _ in kwic_lines(archive, index_dir, query):
        lines += 1
        if lines % 5000 == 0 or lines == 1000:
            rss = process.memory_info().rss / 2**20
            rss_after_first = rss_after_first or rss
            rss_max = max(rss_max, rss)
    seconds = time.perf_counter() - started
    pattern = re.compile(rf"(?i)(?<!\w){re.escape(query)}(?!\w)")
    started = time.perf_counter()
    found = 0
    for body in _texts(archive, _matching_ids(snapshot, query)):
        for match in pattern.finditer(body):
            found += bool(exact_form(match.group()) == query)
            body[max(0, match.start() - 60) : match.end() + 60].split()
    baseline = time.perf_counter() - started
    return {
        "query": query,
        "lines": lines,
        "seconds": seconds,
        "baseline_lines": found,
        "baseline_seconds": baseline,
        "rss_after_1000": rss_after_first,
        "rss_max": rss_max,
        "peak_mb": _peak_mb(),
    }


STEPS = {"trend": step_trend, "compare": step_compare, "terms": step_terms, "kwic": step_kwic}


def run_step(name: str, articles: int, samples: int) -> dict[str, Any]:
    """One measure in a fresh process (its peak memory its own)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.research",
            "--step",
            name,
            "--articles",
            str(articles),
            "--samples",
            str(samples),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"step {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.1f}×" if theirs else "–"


def table(articles: int, results: dict[str, dict], load: str) -> str:
    trend, compare, terms, kwic = (results[k] for k in ("trend", "compare", "terms", "kwic"))
    t50, t95 = percentiles(trend["ours"])
    b50, b95 = percentiles(trend["baseline"])
    c50, c95 = percentiles(compare["ours"])
    d50, d95 = percentiles(compare["baseline"])
    terms_worst, terms_base = max(terms["ours"]), max(terms["baseline"])
    terms_cpu = terms["cpu"][terms["ours"].index(terms_worst)]
    rate = kwic["lines"] / kwic["seconds"]
    base_rate = kwic["baseline_lines"] / kwic["baseline_seconds"]
    met = {True: "met", False: "missed"}
    rows = [
        "| measure | Partyline | plain SQL baseline | ratio | peak memory | target |",
        "|---|---|---|---|---|---|",
        f"| monthly trend of a common query ({trend['periods']} months), p50 / p95 | "
        f"{t50:.0f} / {t95:.0f} ms | {b50:.0f} / {b95:.0f} ms | {_ratio(t95, b95)} | "
        f"{trend['peak_mb']:.0f} MB | p95 ≤ {TARGETS['trend_ms']} ms: "
        f"{met[t95 <= TARGETS['trend_ms']]} |",
        f"| five common queries side by side, p50 / p95 | {c50:.0f} / {c95:.0f} ms | "
        f"{d50:.0f} / {d95:.0f} ms | {_ratio(c95, d95)} | {compare['peak_mb']:.0f} MB | "
        f"≤ {TARGETS['compare_ms']} ms: {met[c95 <= TARGETS['compare_ms']]} |",
        f"| distinctive terms of a query matching {min(terms['articles']):,}–"
        f"{max(terms['articles']):,} articles (about {terms['tokens']:,} words), slowest of "
        f"{len(terms['ours'])} | {terms_worst:.1f} s ({terms_cpu:.1f} s of CPU) | "
        f"{terms_base:.1f} s | {_ratio(terms_worst, terms_base)} | {terms['peak_mb']:.0f} MB | "
        f"≤ {TARGETS['terms_s']} s: {met[terms_worst <= TARGETS['terms_s']]} |",
        f"| keyword in context, every line of a common query ({kwic['lines']:,} lines) | "
        f"{rate:,.0f} lines/s | {base_rate:,.0f} lines/s | {_ratio(base_rate, rate)} slower | "
        f"{kwic['peak_mb']:.0f} MB | ≥ {TARGETS['kwic_lines']:,} lines/s: "
        f"{met[rate >= TARGETS['kwic_lines']]} |",
    ]
    return "\n".join(
        [
            f"`python -m benchmarks.research --articles {articles}`: {articles:,} articles "
            f"from `benchmarks/corpus.py` (the search benchmark's archive and index), on {load}.",
            "",
            *rows,
            "",
            f"Each measure ran in its own process, warmed as a running server is (index open, "
            f"columns read) with the postings cache emptied before each timed call. Trend "
            f"queries: {len(trend['queries'])} words in 20–60 % of articles "
            f"(`{'`, `'.join(trend['queries'][:4])}`, …); comparisons: "
            f"{len(compare['ours'])} sets of five. Baselines, in the same process: two SQL "
            "`GROUP BY` month queries per trend (every dated article, and the matching "
            "articles, their ids in a temporary table); for terms, reading the same texts "
            "with SQL and counting their whitespace-separated words in a `Counter`; for the "
            "concordance, reading the same texts with SQL and finding the word with a regular "
            "expression (no folding, no phrases, no titles). Distinctive terms of "
            f"`{terms['queries'][-1]}`: {', '.join(terms['terms'])}. Concordance of "
            f"`{kwic['query']}`: resident memory {kwic['rss_after_1000']:.0f} MB after "
            f"1,000 lines and at most {kwic['rss_max']:.0f} MB over all "
            f"{kwic['lines']:,} (it does not grow with the lines).",
            "",
            WALL_AND_CPU,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="5,000 articles, fewer samples")
    parser.add_argument("--samples", type=int, default=0, help="queries per measure")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--no-report", action="store_true", help="print, do not write the doc")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles = 5_000
    if args.step:
        print(json.dumps(STEPS[args.step](args.articles, args.samples)))
        return 0
    samples = {"trend": 20, "compare": 10, "terms": 3, "kwic": 1}
    if args.quick:
        samples = {"trend": 5, "compare": 3, "terms": 1, "kwic": 1}
    from benchmarks.search import corpus_and_index

    corpus_and_index(args.articles)  # made once, before the steps share it
    load = machine()
    results = {name: run_step(name, args.articles, samples[name]) for name in STEPS}
    body = table(args.articles, results, load)
    print(body)
    if not args.no_report:
        write_section("Research", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
