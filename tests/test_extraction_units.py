"""Extraction building blocks: Vietnamese dates, bylines, charsets, paragraphs."""

from __future__ import annotations

import unicodedata

import pytest
from lxml import html

from archive.vietnamese import TONE_MARKS
from crawler.extraction.bylines import parse_credit, trailing_credit
from crawler.extraction.dates import parse_iso_date, parse_vietnamese_date
from crawler.extraction.decode import decode_html
from crawler.extraction.text import element_paragraphs


@pytest.mark.parametrize(
    ("shown", "stored"),
    [
        ("Thứ tư - 14/06/2023 23:03", "2023-06-14T23:03:00+07:00"),
        ("19/01/2022 - 10:15", "2022-01-19T10:15:00+07:00"),
        ("Cập nhật lúc: 18:00 |22/05/2022", "2022-05-22T18:00:00+07:00"),
        ("Thứ Năm, 8/6/2023 14:46'(GMT+7)", "2023-06-08T14:46:00+07:00"),
        ("Ngày 12 tháng 6 năm 2025", "2025-06-12"),
        ("Thứ tư, 08 Tháng 9 2021 15:09", "2021-09-08T15:09:00+07:00"),
        ("27/09/2024 02:53:26PM", "2024-09-27T14:53:26+07:00"),
        ("Chủ nhật, 27/09/2020", "2020-09-27"),
    ],
)
def test_vietnamese_date_formats(shown: str, stored: str) -> None:
    assert parse_vietnamese_date(shown).iso == stored


def test_nukeviet_meta_date_bug_is_tolerated() -> None:
    assert parse_iso_date("2023-06-14+0723:03:00").iso == "2023-06-14T23:03:00+07:00"


def test_impossible_dates_are_rejected() -> None:
    assert parse_vietnamese_date("31/02/2023") is None
    assert parse_vietnamese_date("© 1985 Báo") is None


@pytest.mark.parametrize(
    ("line", "author", "source"),
    [
        ("Tác giả: Duy Khiêm.", "Duy Khiêm", None),
        ("THANH MAI", "THANH MAI", None),
        ("Thuý Nhi (Huyện Cao Lãnh)", "Thuý Nhi", None),
        ("Bài và ảnh: Lệ Như", "Lệ Như", None),
        ("Nguồn: TTXVN", None, "TTXVN"),
        ("Theo Báo Nhân Dân", None, "Báo Nhân Dân"),
    ],
)
def test_bylines_and_credits(line: str, author: str | None, source: str | None) -> None:
    credit = parse_credit(line)
    assert (credit.author, credit.source) == (author, source)


@pytest.mark.parametrize(
    "line", ["admin", "Quản trị viên", "Viết bởi Quản trị viên", "Ban Tuyên giáo"]
)
def test_accounts_and_site_names_are_never_authors(line: str) -> None:
    credit = parse_credit(line, site_name="Ban Tuyên giáo")
    assert credit is None or credit.author is None


def test_trailing_credit_stops_at_body_text() -> None:
    credit = trailing_credit(["Hội nghị kết thúc lúc 11 giờ.", "THANH MAI", "Nguồn: TTXVN"])
    assert (credit.author, credit.source) == ("THANH MAI", "TTXVN")
    assert trailing_credit(["THANH MAI", "Hội nghị kết thúc lúc 11 giờ."]).author is None


def test_utf8_bytes_labelled_latin1_are_read_as_utf8() -> None:
    body = "<p>Tỉnh ủy</p>".encode()
    page = decode_html(body, "text/html; charset=iso-8859-1")
    assert "Tỉnh ủy" in page.text and page.note


def _windows_1258(text: str) -> bytes:
    """Encode as real windows-1258 pages do: base letters precomposed, tones combining."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def test_windows_1258_combining_tones_come_out_nfc() -> None:
    body = _windows_1258("<meta charset='windows-1258'><p>Tỉnh ủy Bình Phước đẩy mạnh</p>")
    text = decode_html(body).text
    assert "Tỉnh ủy Bình Phước đẩy mạnh" in text
    assert text == unicodedata.normalize("NFC", text)


def test_paragraphs_split_on_blocks_and_breaks_and_tables_keep_rows() -> None:
    element = html.fromstring(
        "<div><p>Một  hai.</p>Ba<br>Bốn<figure><img><figcaption>Ảnh</figcaption></figure>"
        "<table><tr><td>A</td><td>1</td></tr><tr><td>B</td><td>2</td></tr></table></div>"
    )
    assert element_paragraphs(element) == ["Một hai.", "Ba", "Bốn", "A | 1", "B | 2"]
