"""Dates as the sample CMSs print them, in Asia/Ho_Chi_Minh (always +07:00)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime

VN_TZ = timezone(timedelta(hours=7), "ICT")

# NukeViet's vi language file spells weekdays lower-case after "Thứ".
_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def weekday(day: date, capitalised: bool = False) -> str:
    """``Thứ tư`` (NukeViet) or ``Thứ Tư`` (newspaper headers)."""
    name = _WEEKDAYS[day.weekday()]
    return name.title() if capitalised else name


def nukeviet_detail(moment: datetime) -> str:
    """NukeViet's ``l - d/m/Y H:i``: ``Thứ tư - 14/06/2023 23:03``."""
    return f"{weekday(moment)} - {moment:%d/%m/%Y %H:%M}"


def nukeviet_meta_bug(moment: datetime) -> str:
    """PHP ``date('Y-m-dTH:i:s')``: ``T`` prints the zone, giving ``2023-06-14+0723:03:00``."""
    return f"{moment:%Y-%m-%d}+07{moment:%H:%M:%S}"


def dmy(moment: date) -> str:
    return f"{moment:%d/%m/%Y}"


def dmy_hm(moment: datetime) -> str:
    return f"{moment:%d/%m/%Y %H:%M}"


def newspaper_detail(moment: datetime) -> str:
    """Báo Long An's ``19/01/2022 - 10:15``."""
    return f"{moment:%d/%m/%Y - %H:%M}"


def newspaper_today(day: date) -> str:
    """The header date, ``Thứ Bảy, 22/11/2026``."""
    return f"{weekday(day, capitalised=True)}, {day:%d/%m/%Y}"


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def rfc822(moment: datetime) -> str:
    return format_datetime(moment)


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def now_vn() -> datetime:
    return datetime.now(VN_TZ).replace(microsecond=0)


def joomla_date(moment: datetime) -> str:
    """Joomla's vi-VN ``DATE_FORMAT_LC2`` (K2 too): ``Thứ tư, 08 Tháng 9 2021 15:09``."""
    return f"{weekday(moment)}, {moment:%d} Tháng {moment.month} {moment:%Y %H:%M}"


def websphere_date(moment: datetime) -> str:
    """WebSphere WCM's ``dd/MM/yyyy hh:mm:ssa``: ``27/09/2024 02:53:26PM``."""
    return f"{moment:%d/%m/%Y %I:%M:%S}{'PM' if moment.hour >= 12 else 'AM'}"


def namdinh_date(moment: datetime) -> str:
    """Báo Nam Định's ``18:00 |22/05/2022`` (after "Cập nhật lúc:")."""
    return f"{moment:%H:%M} |{moment:%d/%m/%Y}"


def tuyengiao_date(moment: datetime) -> str:
    """tuyengiao.vn's ``Thứ Năm, 8/6/2023 14:46'(GMT+7)``."""
    day = f"{moment.day}/{moment.month}/{moment.year}"
    return f"{weekday(moment, capitalised=True)}, {day} {moment:%H:%M}'(GMT+7)"


def words_date(day: date) -> str:
    """``Ngày 8 tháng 4 năm 2022``."""
    return f"Ngày {day.day} tháng {day.month} năm {day.year}"
