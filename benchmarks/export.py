"""Benchmark: exporting a large topic in every format, and clustering near-duplicates.

    .venv/bin/python benchmarks/export.py                 # 100,000 articles (about 15 min)
    .venv/bin/python benchmarks/export.py --articles 2000 # a quick look

Fills a fresh SQLite archive with realistic articles and their captures
(``synthetic_articles.py``), then, each in its own process so peak memory is
that step's alone:

- clusters every article (baseline: streaming the same fingerprints in the same order);
- exports the whole collection in each format, as a topic does (the ids go
  through the temporary-table selection) (baseline: a plain ``SELECT`` streaming
  the same article rows without writing anything).

Prints a table and rewrites the "Exports and clustering" section of
``docs/benchmarks.md``. A second table shows how well the clustering finds
copies edited the way provincial sites edit them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(Path(__file__).parent)]

from sqlalchemy import func, insert, select  # noqa: E402
from synthetic_articles import generate, sites  # noqa: E402

from archive.articles import ArticleFields, content_hash, published_date  # noqa: E402
from archive.captures import COMPRESSION, compress_body  # noqa: E402
from archive.clusters import MAX_DISTANCE, appearance_order, recluster  # noqa: E402
from archive.db import Archive  # noqa: E402
from archive.exports import EXTENSIONS, FORMATS, ExportRequest, run_export  # noqa: E402
from archive.fingerprints import distance, simhash, text_fingerprint  # noqa: E402
from archive.models import Article, ArticleFingerprint, Capture  # noqa: E402
from archive.selection import Selection  # noqa: E402
from archive.sites import sync_sites  # noqa: E402

SECTION = "Exports and clustering"
DOC = REPO / "docs" / "benchmarks.md"
BATCH = 2000
FETCHED = dt.datetime(2025, 8, 1, 3, 0, tzinfo=dt.UTC)
# Page furniture around the article, so captures weigh what real pages weigh compressed.
MENU = "".join(
    f'<li><a href="/news/muc-{i}/">Chuyên mục {i}: Tin tức – Sự kiện</a></li>' for i in range(60)
)


def page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (
        f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><ul class='menu'>{MENU}</ul><h1>{title}</h1>"
        f"<div id='news-bodyhtml'>{paragraphs}</div><footer>{MENU}</footer></body></html>"
    ).encode()


def _rows(number: int, item: dict) -> tuple[dict, dict, dict]:
    url = f"http://{item['site']}.example/tin-tuc/{item['slug']}.html"
    body = page(item["title"], item["text"])
    fields = ArticleFields(
        title=item["title"],
        text=item["text"],
        published=item["published"],
        author=item["author"],
        source=item["source"],
    )
    fetched = FETCHED + dt.timedelta(seconds=number)
    capture = {
        "id": number,
        "site_id": item["site"],
        "url": url,
        "final_url": url,
        "canonical_url": url,
        "fetched_at": fetched,
        "http_status": 200,
        "headers": {"Content-Type": "text/html; charset=utf-8"},
        "content_type": "text/html; charset=utf-8",
        "body": compress_body(body),
        "body_length": len(body),
        "compression": COMPRESSION,
        "sha256": hashlib.sha256(body).hexdigest(),
        "extraction_status": "ok",
    }
    article = {
        "id": number,
        "article_key": url,
        "canonical_url": url,
        "site_id": item["site"],
        "capture_id": number,
        "title": item["title"],
        "published": item["published"],
        "published_date": published_date(item["published"]),
        "published_source": "page" if item["published"] else None,
        "author": item["author"],
        "source": item["source"],
        "text": item["text"],
        "word_count": len(item["text"].split()),
        "content_hash": content_hash(fields),
        "first_seen": fetched,
        "last_seen": fetched,
        "updated_at": fetched,
    }
    fingerprint = {"article_id": number, "simhash": text_fingerprint(item["text"])}
    return capture, article, fingerprint


def fill(url: str, count: int) -> None:
    archive = Archive(url)
    with archive.session() as session:
        sync_sites(session, sites())
    items = enumerate(generate(count), 1)
    while batch := list(itertools.islice(items, BATCH)):
        rows = [_rows(number, item) for number, item in batch]
        with archive.session() as session:
            for table, index in ((Capture, 0), (Article, 1), (ArticleFingerprint, 2)):
                session.execute(insert(table), [row[index] for row in rows])
        print(f"  filled {batch[-1][0]}/{count}", file=sys.stderr, end="\r")
    print(file=sys.stderr)


def _peak_mb() -> float:
    """This process's resident peak (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def _all_ids(archive: Archive) -> list[int]:
    with archive.session() as session:
        return list(session.scalars(select(Article.id).order_by(Article.id)))


def measure(url: str, step: str, out_dir: Path) -> dict:
    """One step in this process: time and peak resident memory."""
    archive = Archive(url, migrate=False)
    started = time.perf_counter()
    result: dict = {"step": step}
    if step == "cluster":
        summary = recluster(archive)
        result.update(items=summary.articles, copies=summary.copies)
    elif step == "cluster-baseline":
        query = select(ArticleFingerprint.article_id, ArticleFingerprint.simhash).join(
            Article, Article.id == ArticleFingerprint.article_id
        )
        with archive.session() as session:
            rows = session.execute(
                query.order_by(*appearance_order()).execution_options(yield_per=BATCH)
            )
            result["items"] = sum(1 for _ in rows)
    elif step == "export-baseline":
        _all_ids(archive)
        columns = [c for c in Article.__table__.columns if c.name != "date_note"]
        with archive.session() as session:
            rows = session.execute(select(*columns).execution_options(yield_per=500))
            result["items"] = sum(1 for _ in rows)
    else:
        out = out_dir / f"topic{EXTENSIONS[step]}"
        selection = Selection(article_ids=_all_ids(archive))
        summary = run_export(archive, ExportRequest(selection=selection, format=step, out=out))
        result.update(items=summary.articles, mb_written=out.stat().st_size / 1e6)
    result.update(seconds=time.perf_counter() - started, peak_mb=_peak_mb())
    return result


def _run_step(url: str, step: str, out_dir: Path) -> dict:
    command = [sys.executable, __file__, "--measure", step, "--db", url, "--out", str(out_dir)]
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(finished.stdout.strip().splitlines()[-1])


def quality() -> list[tuple[str, str, str]]:
    """How often an edited copy lands within MAX_DISTANCE of its original (handwritten corpus)."""
    from sampleweb.orthography import restyle
    from sampleweb.texts import handwritten

    texts = ["\n\n".join([a.lead, *a.body]) for a in handwritten()]
    edits = {
        "credit line + byline added": lambda t: t + "\n\nNguồn: Báo Nhân Dân\n\nThanh Hà",
        "source tag before the lead": lambda t: "(TTXVN) - " + t,
        "old tone placement": lambda t: restyle(t, "old"),
        "one phrase reworded": lambda t: re.sub(r"\btổ chức\b", "tiến hành", t, count=1),
        "two phrases reworded": lambda t: re.sub(
            r"\btổ chức\b", "tiến hành", t.replace("Tỉnh ủy", "Tỉnh ủy tỉnh", 1), count=1
        ),
        "last paragraph dropped": lambda t: t.rsplit("\n\n", 1)[0],
    }
    rows = []
    for name, edit in edits.items():
        pairs = [(t, edit(t)) for t in texts if edit(t) != t]
        found = sum(distance(simhash(a), simhash(b)) <= MAX_DISTANCE for a, b in pairs)
        bits = sorted(distance(simhash(a), simhash(b)) for a, b in pairs)
        rows.append((name, f"{found}/{len(pairs)}", f"{bits[0]}–{bits[-1]}"))
    prints = [simhash(t) for t in texts]
    unrelated = [distance(a, b) for a, b in itertools.combinations(prints, 2)]
    merged = sum(d <= MAX_DISTANCE for d in unrelated)
    rows.append(
        (
            "different articles (pairs)",
            f"{merged}/{len(unrelated)} merged",
            f"{min(unrelated)}–{max(unrelated)}",
        )
    )
    return rows


def _table(results: list[dict], count: int) -> list[str]:
    by_step = {r["step"]: r for r in results}
    base = by_step["export-baseline"]
    lines = [
        "| step | time (s) | articles/s | peak memory (MB) | time vs baseline "
        "| memory vs baseline |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        baseline = by_step["cluster-baseline"] if result["step"].startswith("cluster") else base
        rate = result["items"] / result["seconds"] if result["seconds"] else 0
        lines.append(
            f"| {result['step']} | {result['seconds']:.1f} | {rate:,.0f} | {result['peak_mb']:.0f} "
            f"| {result['seconds'] / baseline['seconds']:.1f}× | "
            f"{result['peak_mb'] / baseline['peak_mb']:.2f}× |"
        )
    return lines


def write_section(body: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    section = f"## {SECTION}\n\n{body.rstrip()}\n\n"
    text = (
        pattern.sub(lambda _: section, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + section
    )
    DOC.write_text(text.rstrip() + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.db, args.measure, args.out)))
        return
    with tempfile.TemporaryDirectory(prefix="partyline-export-bench-") as work:
        url = f"sqlite:///{work}/archive.db"
        started = time.perf_counter()
        fill(url, args.articles)
        filled = time.perf_counter() - started
        with Archive(url, migrate=False).session() as session:
            count = session.scalar(select(func.count()).select_from(Article))
        steps = ["cluster-baseline", "cluster", "export-baseline", *FORMATS]
        results = []
        for step in steps:
            results.append(_run_step(url, step, Path(work)))
            print(json.dumps(results[-1]), file=sys.stderr)
        db_mb = Path(work, "archive.db").stat().st_size / 1e6
    table = _table(results, count)
    quality_lines = ["| copy edited by | found as a copy | bits apart |", "|---|---|---|"]
    quality_lines += [f"| {a} | {b} | {c} |" for a, b, c in quality()]
    by_step = {r["step"]: r for r in results}
    body = "\n".join(
        [
            f"`benchmarks/export.py`, {dt.date.today():%Y-%m-%d}: {count:,} synthetic articles "
            f"(about 430 words each, 10 % republished copies; database {db_mb:,.0f} MB, filled in "
            f"{filled:.0f} s), SQLite, Python {platform.python_version()}, 2 cores shared with "
            "other work. Each step runs in its own process; peak memory is that process's "
            "resident peak (interpreter and libraries included). Baselines, measured in the same "
            "run: `export-baseline` streams the same article rows with a plain `SELECT` and writes "
            "nothing; `cluster-baseline` streams the fingerprints in clustering order.",
            "",
            *table,
            "",
            f"Targets: peak memory ≤ 200 MB for every format (largest here: "
            f"{max(r['peak_mb'] for r in results if r['step'] in FORMATS):.0f} MB); CSV ≥ 5,000 "
            f"articles/s (here {by_step['csv']['items'] / by_step['csv']['seconds']:,.0f}); "
            f"clustering {count:,} articles ≤ 2 minutes "
            f"(here {by_step['cluster']['seconds']:.0f} s, "
            f"{by_step['cluster']['copies']:,} copies found).",
            "",
            "The txt export's extra memory is Python's `zipfile` keeping one directory entry "
            "per file until it writes the zip's central directory at the end (about 0.5 KB per "
            "article); every other format holds one 500-row batch at a time. Clustering holds "
            "every fingerprint in NumPy arrays while it finds those near another, and keeps "
            "only those in its index of first copies.",
            "",
            f"How the clustering (64-bit SimHash, within {MAX_DISTANCE} bits of the first copy) "
            "treats copies of the sample web's 44 handwritten articles (about 170 words each; "
            "longer articles move fewer bits per edit):",
            "",
            *quality_lines,
        ]
    )
    print(body)
    if not args.no_doc:
        write_section(body)


if __name__ == "__main__":
    main()
