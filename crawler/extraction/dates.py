"""Vietnamese date strings in every format the CMS families print.

"Thứ tư - 14/06/2023 23:03", "19/01/2022 - 10:15", "Cập nhật lúc: 18:00 |22/05/2022",
"Thứ Năm, 8/6/2023 14:46'(GMT+7)", "Ngày 12 tháng 6 năm 2025",
"Thứ tư, 08 Tháng 9 2021 15:09", "27/09/2024 02:53:26PM", and ISO meta values,
including NukeViet's "2023-06-14+0723:03:00".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

VIETNAM_OFFSET = "+07:00"
VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7))
EARLIEST_YEAR = 1990

_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_WORDS_DMY = re.compile(
    r"(?<!\d)(\d{1,2})\s+th[áa]ng\s+(\d{1,2})\s*(?:n[ăa]m\s+|,\s*)?(\d{4})(?!\d)", re.IGNORECASE
)
_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})"
    # The time part may follow "T", a space, or NukeViet's zone abbreviation ("+07", "ICT").
    r"(?:(?:T|\s|\+0?7|ICT)?(\d{2}):(\d{2})(?::(\d{2}))?)?"
)
_TIME = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[:hg]\s*(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?(?![\d/])")


@dataclass(frozen=True)
class FoundDate:
    """A publication date as shown: ``iso`` is a date or a date-time with +07:00."""

    iso: str
    has_time: bool

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.iso[:10])


def _valid_date(year: int, month: int, day: int, today: dt.date | None) -> dt.date | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    latest = (today or dt.date.today()) + dt.timedelta(days=1)
    if value.year < EARLIEST_YEAR or value > latest:
        return None
    return value


def _time_near(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """A clock time in the same string as the date, before or after it."""
    for candidate in (_TIME.search(text, end), *reversed(list(_TIME.finditer(text[:start])))):
        if candidate is None:
            continue
        hour, minute = int(candidate.group(1)), int(candidate.group(2))
        second = int(candidate.group(3) or 0)
        meridiem = (candidate.group(4) or "").lower()
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60 and second < 60:
            return hour, minute, second
    return None


def _build(day: dt.date, clock: tuple[int, int, int] | None) -> FoundDate:
    if clock is None:
        return FoundDate(day.isoformat(), False)
    stamp = f"{day.isoformat()}T{clock[0]:02d}:{clock[1]:02d}:{clock[2]:02d}{VIETNAM_OFFSET}"
    return FoundDate(stamp, True)


def parse_vietnamese_date(text: str, today: dt.date | None = None) -> FoundDate | None:
    """The first valid date in a visible date string, with its time when shown."""
    for pattern in (_DMY, _WORDS_DMY):
        for match in pattern.finditer(text):
            day = _valid_date(int(match.group(3)), int(match.group(2)), int(match.group(1)), today)
            if day is not None:
                return _build(day, _time_near(text, match.start(), match.end()))
    return parse_iso_date(text, today)


def parse_iso_date(text: str, today: dt.date | None = None) -> FoundDate | None:
    """An ISO-like meta value; a stated offset is kept, otherwise Vietnam time is assumed."""
    value = text.strip()
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is not None and ("T" in value or " " in value):
        if _valid_date(parsed.year, parsed.month, parsed.day, today) is None:
            return None
        if parsed.tzinfo is not None:  # stated in another zone: shown as Vietnam time
            parsed = parsed.astimezone(VIETNAM_TZ)
        return _build(parsed.date(), (parsed.hour, parsed.minute, parsed.second))
    match = _ISO.search(value)
    if not match:
        return None
    day = _valid_date(int(match.group(1)), int(match.group(2)), int(match.group(3)), today)
    if day is None:
        return None
    if match.group(4) is None:
        return _build(day, None)
    return _build(day, (int(match.group(4)), int(match.group(5)), int(match.group(6) or 0)))


_URL_DATE = re.compile(r"/(20\d{2}|199\d)[/_-]?(\d{2})[/_-]?(\d{2})/")


def date_from_url(url: str, today: dt.date | None = None) -> FoundDate | None:
    """A date written into the URL path (``/2023/06/14/``), as a last resort."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    day = _valid_date(int(match.group(1)), int(match.group(2)), int(match.group(3)), today)
    return _build(day, None) if day else None
