"""The research pages' charts as inline SVG: readable without JavaScript, every mark a link.

- ``line_chart``: one line per series (up to five), the share of the slice's
  articles per period; a period with no article in the slice breaks the line
  (a gap in coverage is not a zero); points resting on fewer than
  ``FEW_ARTICLES`` articles are drawn hollow.
- ``small_multiples``: the same, one small chart per series on a shared scale.
- ``share_bars``: one bar per province or site, sorted, with its 95 % interval.

Series differ by colour and by dash pattern (CSS classes ``s0``…``s4``), and
are named in a legend and at the end of their line. Each point and bar links
to the search that finds its articles; its ``<title>`` says its numbers.
The numbers are also in the page's tables.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

FEW_ARTICLES = 20
DASHES = ("", "7 3", "2 3", "9 3 2 3", "4 4")
Link = Callable[[str], str]  # a query to the URL of its search


def percent(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def nice_top(value: float) -> float:
    """A round upper bound for an axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 0.01
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _svg_open(width: int, height: int, ident: str, title: str, desc: str, css: str) -> list[str]:
    return [
        f'<svg class="{css}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]


def _point_title(label: str, point: Mapping[str, Any], strings: Mapping[str, str]) -> str:
    if point["ratio"] is None:
        return f"{label} — {point['period']}: {strings['gap']}"
    return (
        f"{label} — {point['period']}: {point['matching']:,} / {point['total']:,} "
        f"({percent(point['ratio'], 2)})"
    )


class _Frame:
    """Where a period and a ratio fall in a plot."""

    def __init__(self, width: int, height: int, left: int, periods: int, top: float) -> None:
        self.width, self.height, self.left = width, height, left
        self.top_margin, self.bottom = 10, 26
        self.plot_w = width - left - 36
        self.plot_h = height - self.top_margin - self.bottom
        self.step = self.plot_w / max(periods - 1, 1)
        self.top = top

    def x(self, index: int) -> float:
        return self.left + index * self.step

    def y(self, ratio: float) -> float:
        return self.top_margin + self.plot_h * (1 - ratio / self.top)


def _axes(frame: _Frame, labels: list[str], ticks: int = 4) -> list[str]:
    parts = []
    for tick in range(ticks + 1):
        value = frame.top * tick / ticks
        y = frame.y(value)
        parts.append(
            f'<line class="grid" x1="{frame.left}" x2="{frame.left + frame.plot_w}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{frame.left - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(percent(value, 1 if frame.top < 0.1 else 0))}</text>"
        )
    every = max(1, math.ceil(len(labels) / 10))
    for index, label in enumerate(labels):
        if index % every == 0:
            parts.append(
                f'<text class="axis" x="{frame.x(index):.1f}" y="{frame.height - 8}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    return parts


def _segments(points: list[Mapping[str, Any]], frame: _Frame) -> str:
    """An SVG path through the points, lifted at gaps."""
    path, drawing = [], False
    for index, point in enumerate(points):
        if point["ratio"] is None:
            drawing = False
            continue
        command = "L" if drawing else "M"
        path.append(f"{command}{frame.x(index):.1f},{frame.y(point['ratio']):.1f}")
        drawing = True
    return " ".join(path)


def _series_marks(
    series: Mapping[str, Any],
    number: int,
    frame: _Frame,
    filters: list[str],
    link: Link,
    strings: Mapping[str, str],
    end_label: bool,
) -> list[str]:
    css = f"s{number % len(DASHES)}"
    dash = DASHES[number % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [f'<path class="line {css}" d="{_segments(series["points"], frame)}"{dash_attr}/>']
    last = None
    for index, point in enumerate(series["points"]):
        if point["ratio"] is None:
            continue
        last = (index, point)
        few = " few" if point["total"] < FEW_ARTICLES else ""
        href = escape(link(f"{series['query']} {filters[index]}"))
        parts.append(
            f'<a href="{href}"><circle class="point {css}{few}" cx="{frame.x(index):.1f}" '
            f'cy="{frame.y(point["ratio"]):.1f}" r="3.2">'
            f"<title>{escape(_point_title(series['label'], point, strings))}</title>"
            "</circle></a>"
        )
    if end_label and last is not None:
        index, point = last
        parts.append(
            f'<text class="end-label {css}" x="{frame.x(index) + 5:.1f}" '
            f'y="{frame.y(point["ratio"]) - 5:.1f}">{number + 1}</text>'
        )
    return parts


def _peak(result: Mapping[str, Any]) -> float:
    return max(
        (p["ratio"] or 0.0 for s in result["series"] for p in s["points"]),
        default=0.0,
    )


def line_chart(result: Mapping[str, Any], strings: Mapping[str, str], link: Link) -> Markup:
    """Every series on one chart (the share of the slice per period)."""
    periods = [p["period"] for p in result["periods"]]
    if not periods or not result["series"]:
        return Markup("")
    filters = [p["filter"] for p in result["periods"]]
    frame = _Frame(760, 300, 52, len(periods), nice_top(_peak(result)))
    desc = strings["trend_desc"].format(
        series=len(result["series"]), first=periods[0], last=periods[-1]
    )
    parts = _svg_open(760, 300, "trend", strings["trend_title"], desc, "research-chart")
    parts += _axes(frame, periods)
    for number, series in enumerate(result["series"]):
        parts += _series_marks(series, number, frame, filters, link, strings, end_label=True)
    parts.append("</svg>")
    return Markup("".join(parts))


def small_multiples(result: Mapping[str, Any], strings: Mapping[str, str], link: Link) -> Markup:
    """One small chart per series, all on the same scale."""
    periods = [p["period"] for p in result["periods"]]
    if not periods:
        return Markup("")
    filters = [p["filter"] for p in result["periods"]]
    top = nice_top(_peak(result))
    charts = []
    for number, series in enumerate(result["series"]):
        frame = _Frame(360, 170, 46, len(periods), top)
        ident = f"multiple-{number}"
        parts = _svg_open(360, 170, ident, series["label"], strings["multiple_desc"], "multiple")
        parts += _axes(frame, [periods[0], *[""] * (len(periods) - 2), periods[-1]], ticks=2)
        parts += _series_marks(series, number, frame, filters, link, strings, end_label=False)
        parts.append("</svg>")
        charts.append(
            f'<figure class="multiple"><figcaption>{escape(series["label"])}</figcaption>'
            f"{''.join(parts)}</figure>"
        )
    return Markup(f'<div class="multiples">{"".join(charts)}</div>')


def share_bars(result: Mapping[str, Any], strings: Mapping[str, str], link: Link) -> Markup:
    """Sorted horizontal bars of each row's share, whiskers for its 95 % interval."""
    rows = [row for row in result["rows"] if row["total"] > 0]
    if not rows:
        return Markup("")
    top = nice_top(max(row["high"] for row in rows))
    label_w, bar_w, row_h = 170, 430, 20
    width, height = label_w + bar_w + 150, row_h * len(rows) + 28

    def x(value: float) -> float:
        return label_w + bar_w * value / top

    desc = strings["shares_desc"].format(count=len(rows))
    parts = _svg_open(width, height, "shares", strings["shares_title"], desc, "share-chart")
    for tick in range(5):
        value = top * tick / 4
        parts.append(
            f'<line class="grid" x1="{x(value):.1f}" x2="{x(value):.1f}" y1="0" '
            f'y2="{height - 20}"/><text class="axis" x="{x(value):.1f}" y="{height - 6}" '
            f'text-anchor="middle">{escape(percent(value, 1 if top < 0.1 else 0))}</text>'
        )
    for index, row in enumerate(rows):
        y = index * row_h + 4
        few = " few" if row["total"] < FEW_ARTICLES else ""
        tip = f"{row['label']}: {row['matching']:,} / {row['total']:,} ({percent(row['share'], 2)})"
        parts.append(
            f'<a href="{escape(link(row["query"]))}">'
            f'<text class="bar-label" x="{label_w - 6}" y="{y + 12}" text-anchor="end">'
            f"{escape(row['label'])}</text>"
            f'<rect class="bar{few}" x="{label_w}" y="{y + 2}" height="{row_h - 6}" '
            f'width="{max(x(row["share"]) - label_w, 0.5):.1f}"><title>{escape(tip)}</title></rect>'
            f'<line class="whisker" x1="{x(row["low"]):.1f}" x2="{x(row["high"]):.1f}" '
            f'y1="{y + row_h / 2 - 1:.1f}" y2="{y + row_h / 2 - 1:.1f}"/>'
            f'<text class="bar-value" x="{x(row["high"]) + 6:.1f}" y="{y + 12}">'
            f"{escape(percent(row['share']))} ({row['matching']:,}/{row['total']:,})</text></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def legend(result: Mapping[str, Any]) -> Markup:
    """The series' names beside a sample of their line (colour and dash)."""
    items = []
    for number, series in enumerate(result["series"]):
        css = f"s{number % len(DASHES)}"
        dash = DASHES[number % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(
            f'<li><svg class="swatch" viewBox="0 0 36 10" aria-hidden="true" '
            f'xmlns="http://www.w3.org/2000/svg"><path class="line {css}" d="M1,5 L35,5"'
            f"{dash_attr}/></svg> <strong>{number + 1}</strong> {escape(series['label'])}</li>"
        )
    return Markup(f'<ul class="legend">{"".join(items)}</ul>')
