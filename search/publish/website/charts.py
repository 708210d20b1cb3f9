"""Counts over time as an inline SVG bar chart: no JavaScript, readable by screen
readers (``<title>``/``<desc>``), with the same numbers as a table beside it."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

from search.publish.website.i18n import format_month

WIDTH, HEIGHT = 640, 200
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 40, 24, 8
MONTHLY_UP_TO = 36  # longer spans are counted per year


def series(by_month: Mapping[str, int]) -> dict:
    """``{"unit": "month"|"year", "bars": [[label, count], ...]}`` with empty periods as 0."""
    months = sorted(by_month)
    if not months:
        return {"unit": "month", "bars": []}
    first, last = months[0], months[-1]
    span = _month_number(last) - _month_number(first) + 1
    if span <= MONTHLY_UP_TO:
        labels = [_month_label(n) for n in range(_month_number(first), _month_number(last) + 1)]
        return {"unit": "month", "bars": [[label, by_month.get(label, 0)] for label in labels]}
    years: dict[str, int] = {}
    for month, count in by_month.items():
        years[month[:4]] = years.get(month[:4], 0) + count
    labels = [str(y) for y in range(int(first[:4]), int(last[:4]) + 1)]
    return {"unit": "year", "bars": [[label, years.get(label, 0)] for label in labels]}


def _month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _month_label(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def _label(value: str, unit: str, lang: str) -> str:
    return format_month(value, lang) if unit == "month" else value


def bar_chart(chart: Mapping, strings: Mapping[str, str], lang: str) -> Markup:
    """The SVG chart and its data table (every text in it escaped)."""
    bars, unit = chart["bars"], chart["unit"]
    if not bars:
        return Markup("")
    peak = max(count for _, count in bars) or 1
    unit_word = strings["month"] if unit == "month" else strings["year"]
    title = strings["over_time"]
    desc = strings["chart_desc"].format(
        unit=unit_word.lower(),
        first=_label(bars[0][0], unit, lang),
        last=_label(bars[-1][0], unit, lang),
        peak=peak,
    )
    plot_w, plot_h = WIDTH - MARGIN_LEFT, HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = plot_w / len(bars)
    label_every = max(1, round(len(bars) / 12))
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
        f'<text x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + 10}" text-anchor="end">{peak}</text>',
        f'<text x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + plot_h}" text-anchor="end">0</text>',
    ]
    for position, (label, count) in enumerate(bars):
        height = plot_h * count / peak
        x = MARGIN_LEFT + position * step
        name = escape(_label(label, unit, lang))
        parts.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{MARGIN_TOP + plot_h - height:.1f}" '
            f'width="{step * 0.8:.1f}" height="{height:.1f}"><title>{name}: {count}</title></rect>'
        )
        if position % label_every == 0:
            short = label if unit == "year" else label[2:].replace("-", "/")
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle">'
                f"{escape(short)}</text>"
            )
    parts.append("</svg>")
    rows = "".join(
        f"<tr><td>{escape(_label(label, unit, lang))}</td><td>{count}</td></tr>"
        for label, count in bars
    )
    table = (
        f'<details class="chart-data"><summary>{escape(strings["count"])}</summary>'
        f'<table><thead><tr><th scope="col">{escape(unit_word)}</th>'
        f'<th scope="col">{escape(strings["count"])}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></details>"
    )
    return Markup("".join(parts) + table)
