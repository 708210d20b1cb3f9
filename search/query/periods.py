"""Periods of time as small integers: a day, an ISO week, a month or a year per article.

The index keeps each article's date as yyyymmdd (0 when undated,
``facts.py``); a trend counts articles per period with one ``bincount``, so
each date becomes a period code in one pass over the array:

- day: days since 1970-01-01;
- week: ISO weeks (Monday to Sunday) since the week of 1970-01-01;
- month: ``year * 12 + month - 1``;
- year: the year.

Undated articles get -1. Codes turn back into labels (``2023-06-14``,
``2023-W24``, ``2023-06``, ``2023``) and into the ``date:`` filter of the
query language that finds the same articles.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

PERIODS = ("day", "week", "month", "year")
UNDATED = -1
EPOCH = dt.date(1970, 1, 1)
# 1970-01-01 was a Thursday: ISO weeks start three days earlier.
WEEK_SHIFT = 3


def _days(years: np.ndarray, months: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of each (year, month, day)."""
    first_of_month = ((years - 1970) * 12 + months - 1).astype("datetime64[M]")
    return first_of_month.astype("datetime64[D]").astype(np.int64) + days - 1


def period_codes(dates: np.ndarray, period: str) -> np.ndarray:
    """Each yyyymmdd date's period code (int64); -1 for undated (0) dates."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}: one of {', '.join(PERIODS)}")
    dates = np.asarray(dates, np.int64)
    years, months, days = dates // 10000, dates // 100 % 100, dates % 100
    dated = dates > 0
    if period == "year":
        codes = years
    elif period == "month":
        codes = years * 12 + months - 1
    else:
        # Undated entries get a harmless placeholder date before conversion.
        ordinal = _days(
            np.where(dated, years, 1970), np.where(dated, months, 1), np.where(dated, days, 1)
        )
        codes = ordinal if period == "day" else (ordinal + WEEK_SHIFT) // 7
    return np.where(dated, codes, UNDATED)


def period_start(code: int, period: str) -> dt.date:
    """The first day of the period."""
    if period == "year":
        return dt.date(code, 1, 1)
    if period == "month":
        return dt.date(code // 12, code % 12 + 1, 1)
    if period == "day":
        return EPOCH + dt.timedelta(days=code)
    return EPOCH + dt.timedelta(days=code * 7 - WEEK_SHIFT)


def period_end(code: int, period: str) -> dt.date:
    """The last day of the period."""
    return period_start(code + 1, period) - dt.timedelta(days=1)


def period_label(code: int, period: str) -> str:
    """``2023``, ``2023-06``, ``2023-W24`` (ISO week) or ``2023-06-14``."""
    start = period_start(code, period)
    if period == "year":
        return f"{start.year}"
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "day":
        return start.isoformat()
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"


def period_filter(code: int, period: str) -> str:
    """The query language's filter for the period: ``date:2023-06``, ``date:a..b`` for a week."""
    if period == "week":
        return (
            f"date:{period_start(code, period).isoformat()}..{period_end(code, period).isoformat()}"
        )
    return f"date:{period_label(code, period)}"
