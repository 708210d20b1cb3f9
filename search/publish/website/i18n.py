"""The interface in Vietnamese (default, at the site root) and English (under ``en/``).

Only the interface is translated: titles, texts, names of sites and provinces
stay exactly as archived.
"""

from __future__ import annotations

import datetime as dt

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "tagline": "Kho lưu trữ mở các trang thông tin của Đảng bộ cấp tỉnh",
        "skip": "Bỏ qua, đến nội dung chính",
        "nav": "Điều hướng chính",
        "home": "Trang chủ",
        "sites": "Các trang",
        "provinces": "Tỉnh, thành",
        "months": "Theo tháng",
        "topics": "Chủ đề",
        "research": "Nghiên cứu",
        "search": "Tìm kiếm",
        "search_button": "Tìm",
        "search_placeholder": "Từ khoá, có dấu hoặc không dấu",
        "search_help": 'Nhập từ khoá, có dấu hoặc không dấu (vd: tinh uy, "tuyên giáo", '
        'covid province:"Long An" date:2021).',
        "search_needs_server": "Tìm kiếm cần máy chủ Partyline (partyline serve).",
        "footer": "Partyline lưu bản gốc mỗi trang đã thu thập; văn bản bài viết giữ nguyên "
        "như khi đăng.",
        "archive_holds": "Kho lưu trữ",
        "articles_count": "bài viết",
        "sites_count": "trang",
        "provinces_count": "tỉnh, thành",
        "date_span": "Thời gian",
        "last_crawl": "Lần thu thập gần nhất",
        "never_crawled": "chưa thu thập",
        "newest": "Bài mới nhất",
        "all_months": "Tất cả các tháng",
        "undated": "không rõ ngày",
        "date": "Ngày đăng",
        "date_from": "theo",
        "site": "Trang",
        "province_then": "Tỉnh khi đăng",
        "province_now": "Tỉnh hiện nay",
        "author": "Tác giả",
        "source": "Nguồn",
        "original": "Bản gốc",
        "archived_copy": "Bản lưu",
        "attachments": "Tệp đính kèm",
        "attachment_text": "Nội dung văn bản",
        "attachment_pages": "trang",
        "attachment_pending": "chưa thu thập",
        "attachment_off_site": "trên trang khác, không thu thập",
        "attachment_no_text": "bản quét, không có lớp chữ: không tìm kiếm được",
        "attachment_not_extracted": "đã lưu, chưa đọc được chữ",
        "attachment_failed": "không đọc được",
        "fetched_at": "thu thập lúc",
        "words": "từ",
        "cite": "Trích dẫn bài này",
        "cite_plain": "Văn bản",
        "archived_by": "Lưu trữ bởi Partyline",
        "accessed": "truy cập",
        "near_copies": "Bài gần giống trên các trang khác",
        "page": "Trang",
        "previous": "Trước",
        "next": "Sau",
        "pages_nav": "Phân trang",
        "no_articles": "Chưa có bài viết nào.",
        "no_sites": "Chưa có trang nào của tỉnh này trong kho.",
        "count": "Số bài",
        "month": "Tháng",
        "year": "Năm",
        "provinces_before": "63 tỉnh, thành trước 1/7/2025",
        "provinces_after": "34 tỉnh, thành từ 1/7/2025",
        "formed_from": "hợp nhất từ",
        "part_of": "nay thuộc",
        "publisher_type": "Loại",
        "first_last": "Bài đầu – bài cuối",
        "topic_query": "Truy vấn",
        "topic_filters": "Bộ lọc",
        "from": "từ",
        "to": "đến",
        "over_time": "Số bài theo thời gian",
        "chart_desc": "Biểu đồ cột: số bài mỗi {unit}, từ {first} đến {last}; cao nhất {peak}.",
        "exports": "Tải về",
        "export_manifest": "bản kê",
        "topic_index_missing": "Chưa có chỉ mục tìm kiếm nên chưa biết bài nào thuộc chủ đề này. "
        "Chạy `partyline index` rồi `partyline build`.",
        "no_topics": "Chưa có chủ đề nào. Tạo bằng `partyline topic add`.",
        "results_for": "kết quả cho",
        "estimate": "ước tính",
        "did_you_mean": "Có phải bạn muốn tìm",
        "sort": "Sắp xếp",
        "sort_relevance": "liên quan nhất",
        "sort_newest": "mới nhất",
        "sort_oldest": "cũ nhất",
        "by_site": "Theo trang",
        "by_province": "Theo tỉnh",
        "by_year": "Theo năm",
        "narrow": "Thu hẹp kết quả",
        "no_results": "Không tìm thấy bài nào.",
        "language": "Ngôn ngữ",
    },
    "en": {
        "tagline": "An open archive of Vietnam's provincial Party websites",
        "skip": "Skip to main content",
        "nav": "Main navigation",
        "home": "Home",
        "sites": "Sites",
        "provinces": "Provinces",
        "months": "By month",
        "topics": "Topics",
        "research": "Research",
        "search": "Search",
        "search_button": "Search",
        "search_placeholder": "Words, with or without diacritics",
        "search_help": 'Type words, with or without diacritics (e.g. tinh uy, "tuyên giáo", '
        'covid province:"Long An" date:2021).',
        "search_needs_server": "Search needs the Partyline server (partyline serve).",
        "footer": "Partyline keeps the original of every page it fetched; article texts are "
        "shown as published.",
        "archive_holds": "The archive",
        "articles_count": "articles",
        "sites_count": "sites",
        "provinces_count": "provinces",
        "date_span": "Period",
        "last_crawl": "Last crawl",
        "never_crawled": "never crawled",
        "newest": "Newest articles",
        "all_months": "All months",
        "undated": "undated",
        "date": "Published",
        "date_from": "from",
        "site": "Site",
        "province_then": "Province at the time",
        "province_now": "Province today",
        "author": "Author",
        "source": "Source",
        "original": "Original",
        "archived_copy": "Archived copy",
        "attachments": "Attached documents",
        "attachment_text": "Text of the document",
        "attachment_pages": "pages",
        "attachment_pending": "not fetched yet",
        "attachment_off_site": "on another site, not fetched",
        "attachment_no_text": "a scan without a text layer: not searchable",
        "attachment_not_extracted": "kept, text not read",
        "attachment_failed": "unreadable",
        "fetched_at": "fetched",
        "words": "words",
        "cite": "Cite this article",
        "cite_plain": "Text",
        "archived_by": "Archived by Partyline",
        "accessed": "accessed",
        "near_copies": "Near-identical articles on other sites",
        "page": "Page",
        "previous": "Previous",
        "next": "Next",
        "pages_nav": "Pages",
        "no_articles": "No articles yet.",
        "no_sites": "The archive holds no site of this province yet.",
        "count": "Articles",
        "month": "Month",
        "year": "Year",
        "provinces_before": "The 63 provinces before 1 July 2025",
        "provinces_after": "The 34 provinces since 1 July 2025",
        "formed_from": "formed from",
        "part_of": "now part of",
        "publisher_type": "Type",
        "first_last": "First – last article",
        "topic_query": "Query",
        "topic_filters": "Filters",
        "from": "from",
        "to": "to",
        "over_time": "Articles over time",
        "chart_desc": "Bar chart: articles per {unit}, {first} to {last}; at most {peak}.",
        "exports": "Downloads",
        "export_manifest": "manifest",
        "topic_index_missing": "There is no search index yet, so this topic's articles are "
        "unknown. Run `partyline index`, then `partyline build`.",
        "no_topics": "No topics yet. Create one with `partyline topic add`.",
        "results_for": "results for",
        "estimate": "estimate",
        "did_you_mean": "Did you mean",
        "sort": "Sort",
        "sort_relevance": "most relevant",
        "sort_newest": "newest",
        "sort_oldest": "oldest",
        "by_site": "By site",
        "by_province": "By province",
        "by_year": "By year",
        "narrow": "Narrow the results",
        "no_results": "No articles found.",
        "language": "Language",
    },
}

PUBLISHER_TYPES: dict[str, dict[str, str]] = {
    "vi": {
        "tinh_uy": "Tỉnh uỷ, Thành uỷ",
        "ban_tuyen_giao": "Ban Tuyên giáo",
        "bao": "Báo Đảng bộ",
        "huyen_uy": "Huyện uỷ",
    },
    "en": {
        "tinh_uy": "Provincial Party Committee",
        "ban_tuyen_giao": "Propaganda Department",
        "bao": "Party newspaper",
        "huyen_uy": "District Party Committee",
    },
}


MONTH_NAMES_EN = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def format_month(month: str, lang: str) -> str:
    """``2023-06`` as ``tháng 6/2023`` or ``June 2023``."""
    year, number = month.split("-")
    if lang == "en":
        return f"{MONTH_NAMES_EN[int(number) - 1]} {year}"
    return f"tháng {int(number)}/{year}"


# Vietnam keeps one time zone, which is every archived site's own: its offset goes
# without saying, any other is shown.
VIETNAM_OFFSET = dt.timedelta(hours=7)


def format_published(value: str | None, lang: str) -> str:
    """An ISO 8601 date or time as a reader writes it: ``2024-10-16T15:06:00+07:00``
    as ``16/10/2024, 15:06`` or ``16 October 2024, 15:06``. Anything else is shown as
    it is (the archived value is never hidden behind a guess)."""
    if not value:
        return ""
    try:
        if len(value) == 10:
            day, moment = dt.date.fromisoformat(value), None
        else:
            moment = dt.datetime.fromisoformat(value)
            day = moment.date()
    except ValueError:
        return value
    if lang == "en":
        shown = f"{day.day} {MONTH_NAMES_EN[day.month - 1]} {day.year}"
    else:
        shown = f"{day.day:02d}/{day.month:02d}/{day.year}"
    if moment is None:
        return shown
    shown += f", {moment:%H:%M}"
    offset = moment.utcoffset()
    if offset is not None and offset != VIETNAM_OFFSET:
        zone = f"{moment:%z}"  # +0530
        shown += f" (UTC{zone[:3]}:{zone[3:5]})"
    return shown


DATE_SOURCES: dict[str, dict[str, str]] = {
    "vi": {
        "page": "ngày ghi trên trang",
        "near-title": "ngày ghi cạnh tiêu đề",
        "meta": "siêu dữ liệu của trang",
        "url": "địa chỉ bài viết",
    },
    "en": {
        "page": "the date printed on the page",
        "near-title": "the date printed by the title",
        "meta": "the page's metadata",
        "url": "the article's address",
    },
}


def date_source_label(source: str, lang: str) -> str:
    """Where an article's date was read, in words (``page:near-title``, ``page:<rule>``,
    ``meta:<name>``, ``url``: see crawler/extraction/published.py)."""
    kind = "near-title" if source == "page:near-title" else source.partition(":")[0]
    return DATE_SOURCES.get(lang, DATE_SOURCES["vi"]).get(kind, source)
