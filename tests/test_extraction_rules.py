"""Extraction rules one at a time: responses refused, charsets, families, titles, dates, credits."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from lxml import html

from archive.articles import ArticleFields, article_key
from crawler.extraction.boilerplate import is_boilerplate
from crawler.extraction.bylines import lead_tag_source, parse_credit
from crawler.extraction.dates import parse_iso_date
from crawler.extraction.decode import decode_html
from crawler.extraction.detect import detect_family
from crawler.extraction.extractor import extract_article
from crawler.extraction.page import MAX_PAGE_BYTES, ExtractionError, parse_page
from crawler.extraction.published import find_published
from crawler.extraction.titles import find_title
from crawler.profiles import ProfileError, _profile_from_document, family
from sampleweb.charsets import windows_1258

VIETNAMESE = "<p>Tỉnh ủy Quảng Trị tổng kết công tác tuyên giáo năm 2023, đề ra nhiệm vụ mới</p>"


# ---------------------------------------------------------------- responses refused


@pytest.mark.parametrize(
    ("body", "content_type", "kind", "says"),
    [
        (b"  \n\t ", None, "empty", "empty"),
        (b"%PDF-1.4\n%%EOF", "text/html", "not_html", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", None, "not_html", "PNG"),
        (b"<html>ok</html>", "application/msword", "not_html", "application/msword"),
        (b"<html><head><title>x\x00\x00\xff</title>", "text/html", "malformed", "binary"),
        (b"<!-- nothing but a comment -->", "text/html", "empty", "no HTML document"),
    ],
)
def test_responses_without_an_article_get_a_clear_kind(body, content_type, kind, says) -> None:
    with pytest.raises(ExtractionError) as error:
        parse_page(body, content_type)
    assert error.value.kind == kind and says in str(error.value)


def test_huge_pages_are_capped_and_recorded() -> None:
    with pytest.raises(ExtractionError) as error:
        parse_page(b"<html><body>" + b"x" * MAX_PAGE_BYTES + b"</body></html>")
    assert error.value.kind == "too_large" and "MB" in str(error.value)


def test_xhtml_with_an_encoding_declaration_parses() -> None:
    body = '<?xml version="1.0" encoding="iso-8859-1"?>\n<html><body>Huyện ủy</body></html>'
    page = parse_page(body.encode())
    assert page.tree.text_content() == "Huyện ủy" and page.encoding_note


# ---------------------------------------------------------------- charsets


def test_undeclared_windows_1258_is_recognised() -> None:
    page = decode_html(windows_1258(VIETNAMESE))
    assert "Tỉnh ủy Quảng Trị" in page.text and page.encoding == "cp1258"
    assert page.note == "no charset declared; the bytes are windows-1258"


def test_a_utf8_label_on_windows_1258_bytes_is_a_lie_caught() -> None:
    page = decode_html(windows_1258(VIETNAMESE), "text/html; charset=utf-8")
    assert "Tỉnh ủy Quảng Trị" in page.text and "windows-1258" in page.note


def test_a_latin1_label_on_windows_1258_bytes_is_a_lie_caught() -> None:
    page = decode_html(windows_1258(VIETNAMESE), "text/html; charset=iso-8859-1")
    assert "Tỉnh ủy Quảng Trị" in page.text and page.encoding == "cp1258"


def test_a_few_broken_bytes_keep_a_utf8_page_utf8() -> None:
    page = decode_html(VIETNAMESE.encode() * 20 + b"\xff")
    assert page.encoding == "utf-8" and "1 undecodable" in page.note
    assert "Tỉnh ủy Quảng Trị" in page.text


def test_utf16_with_a_byte_order_mark() -> None:
    page = decode_html(codecs.BOM_UTF16_LE + VIETNAMESE.encode("utf-16-le"))
    assert "Tỉnh ủy Quảng Trị" in page.text


# ---------------------------------------------------------------- families


def _tree(markup: str) -> html.HtmlElement:
    return html.document_fromstring(markup)


JOOMLA = '<meta name="generator" content="Joomla! - Open Source Content Management">'


@pytest.mark.parametrize(
    ("markup", "hint", "expected"),
    [
        (JOOMLA + '<div id="k2Container" class="itemView"><div class="itemFullText">', None, "k2"),
        (
            JOOMLA + '<table class="contentpaneopen"><tr><td class="contentheading">',
            None,
            "joomla1",
        ),
        (JOOMLA + '<div class="item-page"><div itemprop="articleBody">', "nukeviet", "joomla"),
        ('<div class="wpthemeFrame"><div id="wpthemeMainContent">', "generic", "websphere"),
        ('<div class="news_column"><div id="news-bodyhtml">', "liferay", "nukeviet"),
        ("<p>nothing to go by</p>", "liferay", "liferay"),
        ("<p>nothing to go by</p>", None, "generic"),
    ],
)
def test_the_page_says_its_family_before_the_registry(markup, hint, expected) -> None:
    assert detect_family(_tree(markup), hint).id == expected


def test_a_profile_with_a_broken_selector_fails_on_load() -> None:
    document = {"id": "broken", "extract": {"body": ["div[[class"]}}
    with pytest.raises(ProfileError, match="bad selector"):
        _profile_from_document(document, Path("broken.yaml"))


# ---------------------------------------------------------------- titles


def test_an_unknown_layout_title_is_the_heading_its_metadata_names() -> None:
    tree = _tree(
        "<title>Hội nghị giao ban quý I | Thành ủy Lạng Sơn</title>"
        "<h1>THÀNH ỦY LẠNG SƠN</h1><h2>Tin mới</h2><h3>Hội nghị giao ban quý I</h3>"
    )
    assert find_title(tree, family("generic"), "Thành ủy Lạng Sơn (mẫu)") == (
        "Hội nghị giao ban quý I"
    )


def test_og_title_beats_a_logo_heading() -> None:
    tree = _tree(
        '<meta property="og:title" content="Đại hội chi bộ nhiệm kỳ 2025 - 2027">'
        "<h1>ĐẢNG ỦY XÃ</h1><h2>Đại hội chi bộ nhiệm kỳ 2025 - 2027</h2>"
    )
    assert find_title(tree, family("generic")) == "Đại hội chi bộ nhiệm kỳ 2025 - 2027"


# ---------------------------------------------------------------- dates


def test_meta_times_in_other_zones_are_shown_as_vietnam_time() -> None:
    assert parse_iso_date("2023-06-14T16:03:00Z").iso == "2023-06-14T23:03:00+07:00"
    assert parse_iso_date("2023-06-14ICT23:03:00").iso == "2023-06-14T23:03:00+07:00"


def test_the_date_next_to_the_title_wins_over_header_related_and_modified_dates() -> None:
    tree = _tree(
        '<div class="today">Thứ Hai, 24/11/2025</div>'
        '<div class="post"><h2 class="post-title">Tiêu đề</h2>'
        '<span class="post-date">Ngày 8 tháng 4 năm 2022</span>'
        '<span class="date-modified">10/04/2022</span><p>Nội dung</p></div>'
        '<div class="related"><span class="date">(07/04/2022)</span></div>'
        '<div class="footer">© 2016</div>'
    )
    found, source = find_published(tree, family("generic"), "", "Tiêu đề")
    assert (found.iso, source) == ("2022-04-08", "page:near-title")


def test_a_labelled_date_without_a_class_is_found() -> None:
    tree = _tree("<h1>Tiêu đề</h1><span class='NormalBold'>Ngày đăng: 05/03/2021</span>")
    assert find_published(tree, family("generic"), "", "Tiêu đề")[0].iso == "2021-03-05"


def test_no_date_is_null_with_a_reason_never_the_footer_year() -> None:
    tree = _tree(
        "<h2>Tiêu đề</h2><p>Sáng ngày 14 - 6, hội nghị khai mạc.</p><li>(22/06/2023)</li>"
        "<div class='footer'>© 2016 Huyện ủy</div>"
    )
    found, reason = find_published(tree, family("generic"), "https://x.vn/tin/a.html", "Tiêu đề")
    assert found is None and "no date" in reason


def test_nukeviet_schema_date_is_distrusted_but_og_meta_is_used() -> None:
    tree = _tree(
        '<meta itemprop="datePublished" content="2023-06-20T08:00:00+07:00">'
        '<meta property="article:published_time" content="2023-06-14+0723:03:00">'
    )
    found, source = find_published(tree, family("nukeviet"), "", None)
    assert (found.iso, source) == ("2023-06-14T23:03:00+07:00", "meta:article:published_time")


# ---------------------------------------------------------------- credits, chrome


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Viết bởi Quản trị viên", None),
        ("Viết bởi Hoàng Anh", "Hoàng Anh"),
        ("Bởi admin", None),
        ("Super User", None),
        ("Người đăng: Quản trị hệ thống", None),
    ],
)
def test_cms_author_fields_name_people_not_accounts(line: str, author: str | None) -> None:
    credit = parse_credit(line)
    assert (credit.author if credit else None) == author


def test_a_leading_paper_tag_is_the_source() -> None:
    assert lead_tag_source(["(QTO) - Chiều nay 15/7/2020, hội nghị…"]) == "Báo Quảng Trị"
    assert lead_tag_source(["(TG) - Sáng nay…"]) is None
    assert lead_tag_source(["Chiều nay (QTO) hội nghị…"]) is None


def test_chrome_lines_go_but_long_text_opening_alike_stays() -> None:
    assert is_boilerplate("Chia sẻ: Facebook Zalo")
    assert is_boilerplate("24114 Lượt xem")
    assert not is_boilerplate("Bình chọn " + "mười sự kiện tiêu biểu của tỉnh trong năm " * 5)


# ---------------------------------------------------------------- article keys


def test_title_and_date_keys_ignore_tone_placement_and_spacing() -> None:
    old = ArticleFields("Tỉnh uỷ  họp", "…", "2024-09-27T14:53:26+07:00", keyed_by="title+date")
    new = ArticleFields("Tỉnh ủy họp", "…", "2024-09-27T14:53:26+07:00", keyed_by="title+date")
    assert article_key("s", "u1", old) == article_key("s", "u2", new) == "s|2024-09-27|tỉnh ủy họp"
    assert article_key("s", "u1", ArticleFields("x", "y")) == "u1"


def test_an_empty_family_body_falls_back_to_the_generic_extraction() -> None:
    text = "Hội nghị tổng kết công tác tuyên giáo năm 2024 đã diễn ra tại hội trường Tỉnh ủy. " * 4
    page = (
        '<html><head><meta name="generator" content="NukeViet v4.5"><title>Tổng kết</title></head>'
        '<body><div class="news_column"><h1 class="title">Tổng kết</h1>'
        '<div id="news-bodyhtml" class="bodytext"></div>'
        f'<div class="content-moved"><p>{text}</p><p>{text}</p></div></div></body></html>'
    )
    result = extract_article(page.encode(), "https://x.vn/news/a/tong-ket-1.html")
    assert result.family == "nukeviet" and text.strip() in result.text
