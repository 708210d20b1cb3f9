"""Exact strings of the sample pages' furniture: never part of an article's text.

Each is printed, verbatim after whitespace collapsing, on the pages of the
family it is listed under, and the composer refuses article texts containing
any of them, so a test can search an extracted text for all of them.
"""

from __future__ import annotations

NUKEVIET = (
    "Tổng số điểm của bài viết là",
    "Xếp hạng",
    "phiếu bầu",
    "Ý kiến bạn đọc",
    "Những tin mới hơn",
    "Những tin cũ hơn",
    "Văn bản mới",
    "lượt xem:",
    "lượt tải:",
    "Đang truy cập",
    "Hôm nay",
    "Tổng lượt truy cập",
    "Bạn đã không sử dụng Site, Bấm vào đây để duy trì trạng thái đăng nhập. "
    "Thời gian chờ: 60 giây",
    "Bạn đã không sử dụng Site",
    "Tác giả bài viết",
    "Nguồn tin:",
    "Từ khóa:",
    "Bạn quan tâm nhất đến nội dung nào trên trang?",
    "Hiện tại không có bình chọn nào đang hoạt động.",
    "Người trực tuyến",
    "Thống kê truy cập",
    "Bản quyền thuộc",
    "Tin mới nhất",
    "Thăm dò ý kiến",
    "Go top",
)

LIFERAY = (
    "Xuất bản thông tin",
    "Chi tiết bài viết",
    "null",
    "Xếp hạng",
    "Phiếu bầu",
    "Tài sản liên quan",
    "Chưa có bình luận nào",
    "English (United States)",
    "Tiếng Việt (Việt Nam)",
    "Tin khác",
    "Văn bản chỉ đạo",
    "Liên kết website",
    "Bản quyền thuộc",
)

NEWSPAPER = (
    "Tiếng Việt | English",
    "Chia sẻ bài viết",
    "Tin liên quan",
    "Tin cùng chuyên mục",
    "Đọc nhiều",
    "© 2015 Báo Long An",
)

# The families of data/sites-extraction.yaml (issue 3).
JOOMLA = (
    "Viết bởi",
    "Chuyên mục:",
    "Ngày đăng:",
    "Ngày tạo:",
    "Cập nhật lần cuối",
    "Lượt xem:",
    "Tin liên quan",
    "Văn bản mới",
    "Thống kê truy cập",
    "Đang trực tuyến",
    "Về đầu trang",
    "Bạn đang ở:",
    "Bản quyền ©",
)
K2 = (
    "Lượt xem",
    "Viết bởi",
    "Cỡ chữ",
    "giảm cỡ chữ",
    "Đánh giá bài viết",
    "bình chọn)",
    "Sửa lần cuối vào",
    "Bài viết liên quan",
    "Thêm trong mục này:",
    "Gửi ý kiến của bạn",
    "Trở về đầu trang",
    "Bài viết mới",
    "Liên kết website",
    "Bản quyền thuộc",
)
JOOMLA1 = (
    "Viết bởi Quản trị viên",
    "Cập nhật lần cuối",
    "Go top",
    "Những bài viết mới hơn:",
    "Những bài viết cũ hơn:",
    "Thăm dò ý kiến",
    "Hiện tại không có bình chọn nào đang hoạt động.",
    "Thống kê truy cập",
    "Người trực tuyến",
    "Thành viên 0",
    "Tổng lượt truy cập:",
    "Ý kiến bạn đọc",
    "Tin mới nhất",
    "Menu chính",
    "Bản quyền ©",
)
WEBSPHERE = (
    "Màu chữ",
    "Cỡ chữ",
    "In trang",
    "Các tin khác",
    "Liên kết website",
    "Số lượt truy cập",
    "Bản quyền thuộc",
    "ĐẢNG BỘ TỈNH",
    "CỔNG THÔNG TIN ĐIỆN TỬ",
)
WORDPRESS = (
    "Chia sẻ:",
    "Có liên quan",
    "Bài viết mới",
    "Lưu trữ",
    "Để lại một bình luận",
    "Email của bạn sẽ không được hiển thị công khai.",
    "Được tạo bởi WordPress",
    "Lên đầu trang",
    "Chuyển đến nội dung",
)
BAONAMDINH = (
    "Cập nhật lúc:",
    "In bài",
    "Gửi bài",
    "Về đầu trang",
    "Tin cùng chuyên mục",
    "Các tin đã đưa ngày:",
    "Tin mới nhất",
    "BÁO NAM ĐỊNH - CƠ QUAN CỦA ĐẢNG BỘ",
    "Bản quyền thuộc Báo Nam Định",
)
TUYENGIAO = (
    "Tin liên quan",
    "In bài viết",
    "Từ khóa:",
    "Chia sẻ:",
    "Ý kiến bạn đọc (0)",
    "Tin cùng chuyên mục",
    "Tin mới nhất",
    "(GMT+7)",
    "TRANG THÔNG TIN ĐIỆN TỬ CỦA BAN TUYÊN GIÁO TRUNG ƯƠNG",
    "Bản quyền thuộc Ban Tuyên giáo Trung ương",
)
UNKNOWN = (
    "Ý kiến ()",
    "Lượt xem:",
    "Chia sẻ:",
    "Tin liên quan",
    "Lượt truy cập:",
    "Hôm nay:",
    "© 2016",
)

BY_FAMILY: dict[str, tuple[str, ...]] = {
    "nukeviet": NUKEVIET,
    "liferay": LIFERAY,
    "newspaper": NEWSPAPER,
    "joomla": JOOMLA,
    "k2": K2,
    "joomla1": JOOMLA1,
    "websphere": WEBSPHERE,
    "wordpress": WORDPRESS,
    "baonamdinh": BAONAMDINH,
    "tuyengiao": TUYENGIAO,
    "generic": UNKNOWN,
}

# The foundation families' strings (the four sites SampleWeb() serves), each once.
BOILERPLATE: tuple[str, ...] = tuple(dict.fromkeys(NUKEVIET + LIFERAY + NEWSPAPER))


def leaked(text: str, strings: tuple[str, ...] = BOILERPLATE) -> list[str]:
    """The boilerplate strings found in ``text``."""
    return [string for string in strings if string in text]
