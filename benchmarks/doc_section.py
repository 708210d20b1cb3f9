"""Writing a benchmark's section of ``docs/benchmarks.md`` (other sections stay as they are)."""

from __future__ import annotations

import os
import platform
import re
import statistics
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Measured by the scripts in `benchmarks/` (see `benchmarks/README.md`); each script\n"
    "rewrites its own section. Figures are single runs on a shared machine: compare\n"
    "the ratios, measured against a baseline in the same run.\n"
)


def write_section(title: str, body: str, path: Path = REPORT) -> None:
    """Replace (or append) the ``## title`` section of the report."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def machine() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}, "
        f"load average {load} when the run started"
    )


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) of ``samples``, in the samples' unit."""
    if len(samples) == 1:
        return samples[0], samples[0]
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]
