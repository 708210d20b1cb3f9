"""Everything the command line prints for a person: results, reports and summaries.

Commands compute with the packages and hand the result here; nothing else in
the command line formats text. JSON output goes through ``to_json``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

from archive.clusters import MAX_DISTANCE, ClusterSummary
from archive.exports import ExportSummary
from archive.report import RunReport
from archive.topic_stats import SelectionStats
from archive.topics import Filters, TopicDefinition
from crawler.crawl import CrawlSummary
from crawler.extraction.batches import ExtractionSummary
from crawler.ingest import IngestSummary
from crawler.registry import RegistryCheck, SiteConfig
from crawler.registry.coverage import KINDS, Coverage
from crawler.site_discovery import Found, SiteDiscovery
from search.index.update import IndexSummary
from search.publish.website import BuildSummary

_MARK_OPEN = re.compile(r"<mark[^>]*>")
_MARK_CLOSE = re.compile(r"</mark>")
FACETS_SHOWN = 8


def quoted(text: str) -> str:
    """A query or a name as typed, between typographic quotes: never a Python repr, and
    never confused with the query language's own quotes."""
    return f"“{text}”"


def numbers(values: list[int]) -> str:
    return ", ".join(str(value) for value in values) or "none"


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def _none_or(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in sorted(counts.items())) or "none"


# ---------------------------------------------------------------- search


def _plain_snippet(snippet: str) -> str:
    """The HTML snippet for a terminal: marks as [brackets], entities decoded."""
    return html.unescape(_MARK_CLOSE.sub("]", _MARK_OPEN.sub("[", snippet)))


def _facet_line(title: str, rows: list[dict[str, Any]]) -> str | None:
    if not rows:
        return None
    shown = [f"{row.get('label', row['value'])} {row['count']}" for row in rows[:FACETS_SHOWN]]
    more = f", … ({len(rows) - FACETS_SHOWN} more)" if len(rows) > FACETS_SHOWN else ""
    return f"{title}: {', '.join(shown)}{more}"


def format_results(result: dict[str, Any]) -> str:
    """Readable terminal output of a search: results, then counts by site, province, year."""
    total = f"{result['total']:,}" + (" (estimated)" if result.get("total_is_estimate") else "")
    header = f"{total} result(s) for {quoted(result['query'])}"
    if result.get("pages"):
        header += f", page {result['page']} of {result['pages']}, by {result['sort']}"
    lines = [header]
    if result.get("did_you_mean"):
        lines.append(f"Did you mean: {result['did_you_mean']}")
    lines += [f"note: {note}" for note in result.get("notes", [])]
    first = (result.get("page", 1) - 1) * result.get("per_page", len(result["results"]))
    for number, hit in enumerate(result["results"], first + 1):
        place = f" ({hit['province']})" if hit.get("province") else ""
        lines.append("")
        lines.append(f"{number}. {hit['title']}")
        site = hit.get("site_name") or hit["site"]
        lines.append(f"   {hit['published'] or 'undated'} · {site}{place}")
        lines.append(f"   {hit['url']}")
        lines.append(f"   {_plain_snippet(hit['snippet'])}")
    facets = result.get("facets") or {}
    summary = [
        _facet_line("By site", facets.get("site", [])),
        _facet_line("By province", facets.get("province", [])),
        _facet_line("By province today", facets.get("province_current", [])),
        _facet_line("By year", facets.get("year", [])),
    ]
    if any(summary):
        lines.append("")
        lines += [line for line in summary if line]
    return "\n".join(lines)


def format_copies(result: dict[str, Any]) -> str:
    """Lines naming each collapsed result's other copies."""
    lines = []
    for number, hit in enumerate(result["results"], 1):
        for copy in hit.get("copies", []):
            lines.append(f"{number}. also {copy['published'] or 'undated'} · {copy['url']}")
    header = f"{result['total_articles']} matching article(s) collapsed into {result['total']}"
    return "\n".join([header, *lines])


# ---------------------------------------------------------------- run report


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def format_report(report: RunReport) -> str:
    """The run report: one line per site, then what needs a person."""
    lines = [
        f"Run {report.run_id} ({report.mode}): {report.status}, started {report.started_at}"
        + (f", finished {report.finished_at}" if report.finished_at else "")
        + (f" ({report.finish_reason})" if report.finish_reason else ""),
        "",
        f"{'site':26} {'pages':>6} {'new':>5} {'chg':>4} {'304':>4} {'dated':>6} "
        f"{'secs':>6}  errors",
    ]
    for site in report.sites:
        counters = site.counters
        errors = ", ".join(f"{kind} {count}" for kind, count in sorted(site.errors.items()))
        seconds = f"{site.duration_seconds:.0f}" if site.duration_seconds is not None else "-"
        lines.append(
            f"{site.site_id:26} {counters['pages_fetched']:>6} {counters['articles_new']:>5} "
            f"{counters['articles_changed']:>4} {counters['not_modified']:>4} "
            f"{_share(site.date_coverage):>6} {seconds:>6}  {errors or '-'}"
        )
    lines += _found_and_documents(report)
    lines.append("")
    if not report.needs_person:
        lines.append("Nothing needs a person.")
        return "\n".join(lines)
    if report.status not in ("finished", "running"):
        lines.append(f"NEEDS A PERSON: the run {report.status}.")
    for site in report.flagged:
        for flag in site.flags:
            lines.append(
                f"NEEDS A PERSON: {site.site_id} ({site.name}): {flag.kind}: {flag.message}"
            )
    return "\n".join(lines)


def _found_and_documents(report: RunReport) -> list[str]:
    """Per site: feeds and sitemaps the run found on its own, what it skipped, and the
    attached documents it captured."""
    lines = []
    for site in report.sites:
        found = site.discovered
        for kind in ("feeds", "sitemaps"):
            for url in found.get(kind, []):
                lines.append(f"{site.site_id}: found {kind[:-1]} {url} (declared by the site)")
        lines += [f"{site.site_id}: skipped {reason}" for reason in found.get("skipped", [])]
        if site.attachments:
            lines.append(f"{site.site_id}: documents {_none_or(site.attachments)}")
    return ["", *lines] if lines else []


# ---------------------------------------------------------------- stage summaries


def crawl_summary(summary: CrawlSummary) -> str:
    extraction = summary.extraction
    return (
        f"Run {summary.run_id} {summary.status}: {extraction.new} new, "
        f"{extraction.changed} changed articles; extraction errors: {_none_or(extraction.errors)}"
    )


def extraction_summary(summary: ExtractionSummary) -> str:
    return f"{summary.new} new, {summary.changed} changed, errors: {_none_or(summary.errors)}"


def reextract_summary(summary: ExtractionSummary, site_id: str | None) -> str:
    where = f"site {site_id}" if site_id else "every site"
    return (
        f"re-extracted {summary.processed} capture(s) of {where}: {summary.changed} article(s) "
        f"changed, {summary.new} new, {summary.unchanged} unchanged; "
        f"errors: {_none_or(summary.errors)}"
    )


def ingest_summary(summary: IngestSummary) -> str:
    extraction = summary.extraction
    skipped = ", ".join(f"{count} {why}" for why, count in summary.skipped.most_common())
    lines = [
        f"{summary.records} record(s) in {summary.files} file(s): {summary.imported} page(s) "
        f"imported ({summary.from_revisits} from revisit records), "
        f"{summary.already_archived} already archived; skipped: {skipped or 'none'}"
    ]
    if summary.new_sites:
        lines.append(f"new sites (generic family): {', '.join(summary.new_sites)}")
    lines.append(
        f"articles: {extraction.new} new, {extraction.changed} changed; "
        f"extraction errors: {_none_or(extraction.errors)}"
    )
    return "\n".join(lines)


def index_summary(summary: IndexSummary) -> str:
    if summary.rebuilt:
        done = f"index rebuilt ({summary.reason}): {summary.added} article(s) written"
    else:
        done = (
            f"index updated: {summary.added} new, {summary.updated} changed, "
            f"{summary.removed} removed"
        )
    return f"{done}; {summary.documents} article(s) in the index, {summary.size_bytes / 1e6:.1f} MB"


def build_summary(summary: BuildSummary) -> str:
    return (
        f"built {summary.site_dir}: {summary.pages_written} of {summary.pages_total} files "
        f"written, {summary.pages_removed} removed, in {summary.seconds:.1f} s"
    )


def cluster_summary(summary: ClusterSummary) -> str:
    return (
        f"{summary.articles} article(s): {summary.copies} near-copies in "
        f"{summary.clusters_with_copies} cluster(s) of several articles "
        f"(SimHash within {MAX_DISTANCE} bits of the first copy); "
        f"{summary.changed} assignment(s) changed, {summary.fingerprinted} fingerprinted now; "
        f"{summary.seconds:.1f} s"
    )


def export_summary(summary: ExportSummary, *, dedupe: bool) -> str:
    folded = f" in {summary.rows} row(s)" if dedupe else ""
    return (
        f"{summary.articles} article(s){folded} written to {summary.out} "
        f"in {summary.seconds:.1f} s; manifest: {summary.manifest}"
    )


# ---------------------------------------------------------------- sites and topics


def _host_mark(site: SiteConfig) -> str:
    return "" if site.host_seen else " (host guessed)"


def sites_table(sites: list[SiteConfig], registry: object) -> str:
    lines = [f"{'id':24} {'type':16} {'family':10} {'province (now)':30} name · hosts"]
    for site in sites:
        province = site.province or "-"
        if site.province_current and site.province_current != site.province:
            province += f" ({site.province_current})"
        lines.append(
            f"{site.id:24} {site.publisher_type:16} {site.family:10} {province:30} "
            f"{site.name} · {', '.join(site.hosts)}{_host_mark(site)}"
        )
    lines.append(f"{len(sites)} site(s) in {registry}")
    return "\n".join(lines)


KIND_LABELS = {"portal": "portal", "ban_tuyen_giao": "Ban Tuyên giáo", "newspaper": "newspaper"}


def sites_coverage(report: Coverage) -> str:
    """One line per current unit (its former provinces, then each kind), then totals."""
    labels = [f"{unit.unit} ← {', '.join(unit.provinces)}" for unit in report.units]
    width = max(len(label) for label in [*labels, "unit ← former provinces"]) + 2
    lines = [
        "unit ← former provinces".ljust(width)
        + "".join(f"{KIND_LABELS[kind]:16}" for kind in KINDS).rstrip()
    ]
    for label, unit in zip(labels, report.units, strict=True):
        cells = "".join(
            f"{unit.kinds[kind].status + f' {unit.covered(kind)}/{len(unit.provinces)}':16}"
            for kind in KINDS
        )
        lines.append(label.ljust(width) + cells.rstrip())
    lines.append(
        "seen: a site's host was seen in a public source; guessed: only guessed hosts; "
        "n/m: former provinces that have one"
    )
    for kind in KINDS:
        totals = report.totals[kind]
        lines.append(
            f"{KIND_LABELS[kind]}: {totals.provinces} of {report.province_count} former "
            f"provinces, {totals.provinces_seen} seen; {totals.units} of {report.unit_count} "
            f"units, {totals.units_seen} seen"
        )
    return "\n".join(lines)


def registry_check(check: RegistryCheck, registry: object) -> str:
    errors, warnings = len(check.errors), len(check.warnings)
    verdict = "is valid" if not errors else "has errors: fix the lines above"
    lines = [str(problem) for problem in check.problems]
    lines.append(
        f"{registry}: {len(check.entries)} site(s), {errors} error(s), "
        f"{warnings} warning(s); the registry {verdict}"
    )
    return "\n".join(lines)


def _found(label: str, found: Found, day: str) -> str:
    how = found.how.removeprefix(f"discover {day}: ")
    return f"  {label:10} {found.value}\n  {'':10}   {'seen' if found.seen else 'guessed'}: {how}"


def site_discovery(found: SiteDiscovery, block: str | None) -> str:
    """What ``partyline sites discover`` found at one site, then the registry block."""
    lines = [f"Site {found.url}" + (f" ({found.name})" if found.name else "")]
    lines.append(_found("family", found.family, found.day))
    for label, values in (("feed", found.feeds), ("sitemap", found.sitemaps),
                          ("listing", found.listings)):  # fmt: skip
        lines += [_found(label, value, found.day) for value in values]
        if not values:
            lines.append(f"  {label:10} none found")
    if found.listing_read:
        lines.append(f"  {'read':10} {found.listing_read}")
    if found.article:
        lines += _article_check(found)
    lines.append(f"  {'robots':10} {found.robots}")
    lines += [f"  {'problem':10} {problem}" for problem in found.problems]
    lines.append(f"  {'requests':10} {len(found.requests)}")
    if block:
        lines += ["", "Registry block (seen: found on the site now; guessed: inferred):", block]
    return "\n".join(lines)


def _article_check(found: SiteDiscovery) -> list[str]:
    check = found.article
    assert check is not None
    lines = [f"  {'article':10} {check.url}"]
    if check.problem:
        return [*lines, f"  {'':10}   not extracted: {check.problem}"]
    fields = check.fields
    published = fields.get("published") or f"none ({fields.get('date_note')})"
    if fields.get("published_source"):
        published += f" ({fields['published_source']})"
    for name, value in (
        ("title", quoted(fields.get("title") or "")),
        ("published", published),
        ("author", fields.get("author") or "none"),
        ("family", fields.get("family")),
        ("text", f"{fields.get('words', 0)} words"),
        ("confidence", f"{check.confidence}: {', '.join(check.reasons)}"),
    ):
        lines.append(f"  {'':10}   {name:10} {value}")
    return lines


def describe_filters(filters: Filters) -> str:
    parts = []
    if filters.date_from or filters.date_to:
        parts.append(f"{filters.date_from or '…'} to {filters.date_to or '…'}")
    if filters.provinces:
        parts.append("provinces: " + ", ".join(filters.provinces))
    if filters.sites:
        parts.append("sites: " + ", ".join(filters.sites))
    return "; ".join(parts) or "no filters"


def topic_entry(definition: TopicDefinition, snapshots: int) -> str:
    """A topic in ``topic list``: slug, query and filters; its title and snapshots below."""
    filters = describe_filters(definition.filters)
    lines = [f"{definition.slug:24} {quoted(definition.query)}  [{filters}]"]
    if definition.title:
        lines.append(f"{'':24} {definition.title}")
    if snapshots:
        lines.append(f"{'':24} {snapshots} frozen snapshot(s)")
    return "\n".join(lines)


def topic_header(definition: TopicDefinition) -> str:
    """What ``topic show`` says of the topic before its articles."""
    lines = [f"{definition.slug}: {definition.title or '(no title)'}"]
    if definition.description:
        lines.append(definition.description)
    lines.append(f"query: {quoted(definition.query)}")
    lines.append(f"filters: {describe_filters(definition.filters)}")
    return "\n".join(lines)


def snapshot_line(name: str, created: dt.datetime, count: int) -> str:
    return f"snapshot {name}: {count} article(s), frozen {created:%Y-%m-%d %H:%M} UTC"


def selection_stats(stats: SelectionStats) -> str:
    span = f"{stats.first} to {stats.last}" if stats.first else "no dated article"
    lines = [f"articles: {stats.count} ({span}; undated: {stats.undated})"]
    if stats.by_province:
        lines.append("per province (at publication → current):")
        for (province, current), count in stats.by_province.items():
            lines.append(f"  {count:7}  {province} → {current}")
    if stats.by_site:
        lines.append("per site:")
        for site, count in sorted(stats.by_site.items(), key=lambda item: -item[1]):
            lines.append(f"  {count:7}  {site}")
    if stats.by_month:
        lines.append("per month:")
        for month, count in stats.by_month.items():
            lines.append(f"  {month}  {count:7}")
    return "\n".join(lines)


# ---------------------------------------------------------------- research


def _percent(value: float | None) -> str:
    return "gap" if value is None else f"{100 * value:.2f}%"


def trends_table(result: dict[str, Any]) -> str:
    """One row per period; per series its matches, the slice's total and their ratio."""
    series = result["series"]
    lines = []
    for number, line in enumerate(series, 1):
        lines.append(
            f"[{number}] {line['label']}: {line['matching']:,} of {line['total']:,} articles "
            f"({_percent(line['ratio'])}) in {line['slice']}; undated: "
            f"{line['undated']['matching']:,} of {line['undated']['total']:,}; "
            f"gaps: {line['gaps']}"
        )
    lines.append("")
    lines.append(
        f"{result['period']:10}"
        + "".join(f"  {f'[{n}] matching/total ratio':>28}" for n in range(1, len(series) + 1))
    )
    for index, period in enumerate(result["periods"]):
        cells = []
        for line in series:
            point = line["points"][index]
            cells.append(
                f"{point['matching']:>9,}/{point['total']:<9,} {_percent(point['ratio']):>8}"
            )
        lines.append(f"{period['period']:10}" + "".join(f"  {cell:>28}" for cell in cells))
    lines += [f"note: {note}" for note in result["notes"]]
    lines.append("gap: no article of the slice is archived for that period (not a zero).")
    return "\n".join(lines)


def shares_table(result: dict[str, Any]) -> str:
    """Provinces (or sites) by share, with the counts and the 95% interval."""
    overall = result["overall"]
    lines = [
        f"{quoted(result['query'])}: {overall['matching']:,} of {overall['total']:,} articles "
        f"({_percent(overall['share'])}) in {result['slice']}",
        "",
        f"{result['per']:32} {'matching':>9} {'total':>9} {'share':>8}  95% interval",
    ]
    for row in result["rows"]:
        if row["total"] == 0:
            shown = "no site archived" if row["sites"] == 0 else "no article in the slice"
            lines.append(f"{row['label']:32} {'':>9} {'':>9} {'':>8}  {shown}")
            continue
        lines.append(
            f"{row['label']:32} {row['matching']:>9,} {row['total']:>9,} "
            f"{_percent(row['share']):>8}  {_percent(row['low'])}–{_percent(row['high'])}"
        )
    lines += [f"note: {note}" for note in result["notes"]]
    return "\n".join(lines)


def terms_table(result: dict[str, Any]) -> str:
    """Each selection's distinctive terms, strongest first, with both sides' counts."""
    lines = []
    for column in result["columns"]:
        study, against = column["study"], column["reference"]
        lines.append(
            f"{quoted(study['label'])}: {study['counted']:,} of {study['articles']:,} article(s), "
            f"{study['tokens']:,} words"
            + (f"; against {against['label']} ({against['tokens']:,} words)" if against else "")
        )
        lines.append(
            f"  {'term':28} {'count':>7} {'articles':>8} {'per 10k':>8} {'ref.':>8} "
            f"{'ref. per 10k':>12} {'LL':>9} {'log2 ratio':>10}"
        )
        for term in column["terms"]:
            phrase = (
                f"  (in “{term['phrase']}” {term['phrase_share']:.0%})" if term["phrase"] else ""
            )
            lines.append(
                f"  {term['term']:28} {term['count']:>7,} {term['documents']:>8,} "
                f"{term['per_10k']:>8.2f} {term['reference_count']:>8,} "
                f"{term['reference_per_10k']:>12.2f} {term['log_likelihood']:>9.1f} "
                f"{term['log_ratio']:>10.2f}{phrase}"
            )
        if not column["terms"]:
            lines.append("  (no term is significantly over-represented)")
        lines += [f"  note: {note}" for note in column["notes"]]
        lines.append("")
    return "\n".join(lines).rstrip()


def kwic_line(line: dict[str, Any], width: int) -> str:
    """A concordance line: the left context right-aligned, the match in brackets."""
    return (
        f"{line['left']:>{width}} [{line['match']}] {line['right']:<{width}}  "
        f"{line['published'] or 'undated'} · {line['site']} · {line['url']}"
    )
