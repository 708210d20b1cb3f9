"""The run report as text for a person (``partyline report``, ``partyline nightly``)."""

from __future__ import annotations

from archive.report import RunReport


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def format_report(report: RunReport) -> str:
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
