"""Extraction on the gold set: Partyline against plain trafilatura, in one run.

    .venv/bin/python benchmarks/extraction.py            # prints and writes docs/benchmarks.md
    .venv/bin/python benchmarks/extraction.py --repeat 1 --no-write
    .venv/bin/python benchmarks/extraction.py --gold tests/gold/independent --no-write

Both extractors get each gold page's bytes as the server sent them (and its
URL); Partyline gets no family hint, so it must recognise the CMS itself.
Plain trafilatura is ``bare_extraction(include_comments=False,
with_metadata=True)``. Speed is pages per second in one process (one core),
the best of ``--repeat`` timed passes; every figure is also given as a ratio
against trafilatura measured in the same run.

``--gold DIR`` scores another gold set, such as ``tests/gold/independent`` (pages
written from real CMS templates, not by Partyline's sample web); its figures are
printed, overall and for the pages of layouts no profile knows (family
``generic``), with the worst pages, and never written to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from crawler.extraction.evaluation import (
    GOLD_DIR,
    Extracted,
    GoldPage,
    PageScore,
    Scores,
    load_gold,
    score_page,
    summarise,
)
from crawler.extraction.extractor import ExtractionError, extract_article

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
SECTION = "## Extraction"


def partyline(page: GoldPage) -> Extracted:
    try:
        result = extract_article(page.body, page.url, content_type=page.content_type)
    except ExtractionError:
        return Extracted()
    return Extracted(result.title, result.published, result.author, result.source, result.text)


def plain_trafilatura(page: GoldPage) -> Extracted:
    document = trafilatura.bare_extraction(
        page.body, url=page.url, include_comments=False, with_metadata=True
    )
    if document is None:
        return Extracted()
    return Extracted(document.title, document.date, document.author, None, document.text or "")


EXTRACTORS: dict[str, Extractor] = {
    "Partyline": partyline,
    "trafilatura": plain_trafilatura,
}


Extractor = Callable[[GoldPage], Extracted]


def pages_per_second(extract: Extractor, pages: list[GoldPage], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            extract(page)
        best = min(best, time.perf_counter() - start)
    return len(pages) / best


def _percent(value: float) -> str:
    return f"{100 * value:.1f} %"


def _ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}x" if baseline else "-"


def _cell(value: float, baseline: float, shown: str) -> str:
    return f"{shown} ({_ratio(value, baseline)})"


def table(results: dict[str, tuple[Scores, float]]) -> list[str]:
    base, base_speed = results["trafilatura"]
    rows = [
        "| extractor | mean body F1 | pages leaking boilerplate | dates right | titles right "
        "| authors right | pages/s per core |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, (got, speed) in results.items():
        cells = [
            _cell(got.mean_f1, base.mean_f1, f"{got.mean_f1:.3f}"),
            f"{got.leaking_pages} of {got.pages}",
            _cell(got.dates_right, base.dates_right, _percent(got.dates_right)),
            _cell(got.titles_right, base.titles_right, _percent(got.titles_right)),
            _cell(got.authors_right, base.authors_right, _percent(got.authors_right)),
            _cell(speed, base_speed, f"{speed:.0f}"),
        ]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return rows


def by_family(scores: dict[str, list[PageScore]], pages: list[GoldPage]) -> list[str]:
    family_of = {page.name: page.family for page in pages}
    families = sorted(set(family_of.values()))
    rows = [
        "| family | pages | leaking: Partyline / trafilatura "
        "| dates right: Partyline / trafilatura |",
        "|---|---|---|---|",
    ]
    for family in families:
        mine = [s for s in scores["Partyline"] if family_of[s.name] == family]
        theirs = [s for s in scores["trafilatura"] if family_of[s.name] == family]
        rows.append(
            f"| {family} | {len(mine)} "
            f"| {sum(bool(s.leaked) for s in mine)} / {sum(bool(s.leaked) for s in theirs)} "
            f"| {sum(s.date_right for s in mine)} / {sum(s.date_right for s in theirs)} |"
        )
    return rows


def section(results, scores, pages, repeat: int) -> str:
    mine = results["Partyline"][0]
    handmade = sum(page.name.startswith("handmade-") for page in pages)
    lines = [
        SECTION,
        "",
        f"`benchmarks/extraction.py` on the gold set (`tests/gold/pages`): {len(pages)} pages "
        f"({len(pages) - handmade} from the sample web's twelve sites, {handmade} hand-made edge "
        "cases: windows-1258, lying charsets, NFD, print views, unknown layouts, no date). "
        f"Machine: {os.cpu_count()} cores ({platform.machine()}, "
        f"Python {platform.python_version()}), one process; speed is the best of {repeat} "
        "passes. Ratios are against plain "
        "trafilatura (`bare_extraction(include_comments=False, with_metadata=True)`) in the same "
        "run; both get the bytes as served.",
        "",
        *table(results),
        "",
        f"Partyline also: dates exact to the minute with +07:00 {_percent(mine.dates_exact)}, "
        f"sources right {_percent(mine.sources_right)}. A date is right when the calendar day "
        "matches (trafilatura reports days only), or when both say there is none.",
        "",
        *by_family(scores, pages),
        "",
    ]
    return "\n".join(lines)


def _part_tables(results, scores, keep, label: str) -> list[str]:
    part = {name: [s for s in page_scores if keep(s.name)] for name, page_scores in scores.items()}
    if not part["Partyline"]:
        return []
    summaries = {name: (summarise(part[name]), results[name][1]) for name in part}
    mine = summaries["Partyline"][0]
    return [
        f"### {label}",
        "",
        *table(summaries),
        "",
        f"Partyline also: dates exact {_percent(mine.dates_exact)}, "
        f"sources right {_percent(mine.sources_right)}.",
        "",
    ]


def _worst_pages(scores: list[PageScore], count: int = 15) -> list[str]:
    rows = [
        "| page | body F1 | leaked | title | date | author |",
        "|---|---|---|---|---|---|",
    ]
    for score in sorted(scores, key=lambda s: (s.f1, -len(s.leaked)))[:count]:
        leaked = "; ".join(score.leaked[:3]) + (" …" if len(score.leaked) > 3 else "")
        flags = (score.title_right, score.date_right, score.author_right)
        marks = " | ".join("ok" if flag else "wrong" for flag in flags)
        rows.append(f"| {score.name} | {score.f1:.3f} | {leaked or '-'} | {marks} |")
    return rows


def independent_section(results, scores, pages, directory: Path) -> str:
    """The figures of a gold set other than the sample web's, unknown layouts apart."""
    unknown = {page.name for page in pages if page.family == "generic"}
    lines = [
        f"Gold set `{directory}`: {len(pages)} pages, {len(unknown)} of layouts no profile knows.",
        "",
        *_part_tables(results, scores, lambda name: True, "all pages"),
        *_part_tables(results, scores, unknown.__contains__, "unknown layouts (family generic)"),
        "### Partyline's worst pages",
        "",
        *_worst_pages(scores["Partyline"]),
    ]
    return "\n".join(lines) + "\n"


def write_section(text: str, path: Path = DOCS) -> None:
    """Replace (or add) this script's section, keeping the others as they are."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    parts = old.split("\n## ")
    head, sections = parts[0], ["## " + part for part in parts[1:]]
    kept = [s for s in sections if not s.startswith(SECTION + "\n")]
    body = "\n\n".join(part.rstrip("\n") for part in [head, *kept, text])
    path.write_text(body.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes (best kept)")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/benchmarks.md")
    parser.add_argument(
        "--gold", type=Path, default=GOLD_DIR, help="gold set to score (default: %(default)s)"
    )
    args = parser.parse_args()
    pages = load_gold(args.gold)
    results: dict[str, tuple[Scores, float]] = {}
    scores: dict[str, list[PageScore]] = {}
    for name, extract in EXTRACTORS.items():
        scores[name] = [score_page(page, extract(page)) for page in pages]
        speed = pages_per_second(extract, pages, args.repeat)
        results[name] = (summarise(scores[name]), speed)
    if args.gold.resolve() != GOLD_DIR.resolve():
        print(independent_section(results, scores, pages, args.gold))
        return
    text = section(results, scores, pages, args.repeat)
    print(text)
    if not args.no_write:
        write_section(text)
        print(f"written to {DOCS}")


if __name__ == "__main__":
    main()
