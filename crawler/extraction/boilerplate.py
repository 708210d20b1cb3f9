"""Boilerplate as data: phrases that mark a paragraph as site chrome, not article text.

Each entry is matched against a whole paragraph after whitespace is collapsed.
The strings are the exact Vietnamese values of the CMS language files and themes
(target-sites.md §1.1) and what the seed pages show. Chrome lines are short: a
long paragraph that happens to open with one of these words ("Bình chọn 10 sự
kiện tiêu biểu…") is text, so prefixes only apply up to ``MAX_CHROME_CHARS``.
"""

from __future__ import annotations

import re

# A paragraph starting with one of these is boilerplate.
PARAGRAPH_PREFIXES = (
    "Tổng số điểm của bài viết là",
    "Xếp hạng:",
    "Bạn đã không sử dụng Site",
    "Ý kiến bạn đọc",
    "Chia sẻ bài viết",
    "Những tin mới hơn",
    "Những tin cũ hơn",
    "Các tin khác",
    "Theo dòng sự kiện",
    "Tin liên quan",
    "Tin cùng chuyên mục",
    "Văn bản mới",
    "Đang truy cập",
    "Tổng lượt truy cập",
    "Thống kê truy cập",
    "Người trực tuyến",
    "Hiện tại không có bình chọn",
    "Bình chọn",
    "Từ khóa:",
    "Từ khoá:",
    "Tags:",
    "Gửi bài viết",
    "In bài viết",
    "Lượt xem:",
    "Tiếng Việt | English",
    "Màu chữ",
    "Cỡ chữ",
    "Go top",
    "Xuất bản thông tin",
    "Chi tiết bài viết",
    "Đánh giá bài viết",
    "Bài viết liên quan",
    "Có liên quan",
    "Thêm trong mục này",
    "Sửa lần cuối",
    "Cập nhật lần cuối",
    "Lượt truy cập",
    "Số lượt truy cập",
    "Chia sẻ:",
    "Gửi ý kiến",
    "Về đầu trang",
    "Trở về đầu trang",
)
MAX_CHROME_CHARS = 160

# Whole-paragraph patterns (counters, share bars, "Ý kiến ()").
PARAGRAPH_PATTERNS = (
    re.compile(r"^Ý kiến\s*\(\d*\)$"),
    re.compile(r"^(?:Hôm nay|Hôm qua|Tháng này|Năm nay|Tổng)\s*:?\s*[\d.,]+$"),
    re.compile(r"^lượt xem:\s*[\d.,]+", re.IGNORECASE),
    re.compile(r"^(?:Facebook|Zalo|Twitter|Email|Print|In)(?:\s*\|\s*\w+)*$"),
    re.compile(r"^\d+\s+Go top$"),
    re.compile(r"^[\d.,]+\s+Lượt xem$", re.IGNORECASE),
    re.compile(r"^©\s*(?:Bản quyền|\d{4})"),
)


def is_boilerplate(paragraph: str) -> bool:
    """True when ``paragraph`` is site chrome that leaked into the body."""
    text = " ".join(paragraph.split())
    if len(text) <= MAX_CHROME_CHARS and text.startswith(PARAGRAPH_PREFIXES):
        return True
    return any(pattern.search(text) for pattern in PARAGRAPH_PATTERNS)
