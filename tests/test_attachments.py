"""Documents attached to articles: found in the article, fetched, read, searchable, shown.

Real documents (written by fpdf2, python-docx and odfdo), a real fixture site on
127.0.0.1, a real ``partyline nightly`` (crawl, extract, index, build, report),
then a real search, a built page and an export.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.db import Archive
from archive.models import Article, Attachment, Capture
from crawler.extraction.attachment_links import link_records
from crawler.extraction.documents import document_kind, read_document
from crawler.extraction.extractor import extract_article
from tests.conftest import run_cli
from tests.documents_support import (
    docx_bytes,
    legacy_doc_bytes,
    odt_bytes,
    pdf_bytes,
    scanned_pdf_bytes,
)
from tests.fixture_sites import HTML, FixtureSite, write_registry

PDF = "application/pdf"
UPLOADS = "/uploads/news/2024_05"


def nukeviet_article(title: str, body: str, downloads: str = "") -> bytes:
    """A NukeViet default-theme article page, a sidebar of documents beside it."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta name="generator" content="NukeViet v4.5"><title>{title}</title></head><body>
<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg" itemprop="headline">{title}</h1>
<div class="row margin-bottom-lg"><div class="col-md-12">
<span class="h5">Thứ tư - 14/06/2023 23:03</span></div></div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">{body}</div>
{downloads}
</div></div>
<div class="col-md-4"><div class="panel-heading">Văn bản mới</div>
<ul><li><a href="/uploads/laws/54-kh-tu.pdf">54-KH/TU</a> Kế hoạch kỷ niệm</li></ul>
</div></body></html>""".encode()


ARTICLE_ONE = nukeviet_article(
    "Ban Thường vụ Tỉnh uỷ ban hành nghị quyết mới",
    "<p>Chiều 14/6, Ban Thường vụ Tỉnh uỷ họp và thông qua một nghị quyết về công tác "
    "của các cơ quan đảng trong năm tới, giao các ban triển khai.</p>"
    f'<p>Toàn văn nghị quyết: <a href="{UPLOADS}/nghi-quyet-12.pdf">Nghị quyết 12-NQ/TU</a></p>'
    '<p>Xem thêm <a href="https://vanban.chinhphu.vn/van-ban/nd-42.pdf">Nghị định 42</a>.</p>',
    '<div class="news-download-file"><p>Tài liệu đính kèm</p>'
    f'<a href="{UPLOADS}/ke-hoach-trien-khai.docx">Kế hoạch triển khai</a></div>',
)
ARTICLE_TWO = nukeviet_article(
    "Hội nghị báo cáo viên tháng Sáu",
    "<p>Sáng 14/6, Ban Tuyên giáo Tỉnh uỷ tổ chức hội nghị báo cáo viên định kỳ tháng Sáu "
    "với sự tham dự của đông đảo cán bộ.</p>"
    f'<p><a href="{UPLOADS}/bao-cao.odt">Báo cáo tổng hợp</a>, '
    f'<a href="{UPLOADS}/quyet-dinh-ban-quet.pdf">Quyết định (bản quét)</a>, '
    f'<a href="{UPLOADS}/cong-van.doc">Công văn số 15</a></p>',
)
LISTING = b"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="generator" content="NukeViet v4.5"><title>Van ban</title></head><body>
<ul><li><a href="/news/van-ban/ban-thuong-vu-ban-hanh-nghi-quyet-101.html">Nghi quyet</a></li>
<li><a href="/news/van-ban/hoi-nghi-bao-cao-vien-102.html">Hoi nghi</a></li></ul>
</body></html>"""


def fixture_pages() -> dict[str, tuple[str, bytes]]:
    return {
        "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /admin/\n"),
        "/news/van-ban/": (HTML, LISTING),
        "/news/van-ban/ban-thuong-vu-ban-hanh-nghi-quyet-101.html": (HTML, ARTICLE_ONE),
        "/news/van-ban/hoi-nghi-bao-cao-vien-102.html": (HTML, ARTICLE_TWO),
        f"{UPLOADS}/nghi-quyet-12.pdf": (PDF, pdf_bytes(pages=2)),
        f"{UPLOADS}/ke-hoach-trien-khai.docx": (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            docx_bytes(["KẾ HOẠCH triển khai", "Giao Văn phòng Tỉnh uỷ theo dõi, đôn đốc."]),
        ),
        f"{UPLOADS}/bao-cao.odt": (
            "application/vnd.oasis.opendocument.text",
            odt_bytes(["BÁO CÁO tổng hợp ý kiến", "Dư luận xã hội đồng tình ủng hộ."]),
        ),
        f"{UPLOADS}/quyet-dinh-ban-quet.pdf": (PDF, scanned_pdf_bytes()),
        f"{UPLOADS}/cong-van.doc": ("application/msword", legacy_doc_bytes()),
        "/uploads/laws/54-kh-tu.pdf": (PDF, pdf_bytes(["Kế hoạch ở thanh bên"])),
    }


# ---------------------------------------------------------------- reading documents


def test_documents_are_read_with_their_vietnamese_text_and_tables() -> None:
    for made in (pdf_bytes(), docx_bytes(), odt_bytes()):
        document = read_document(made, document_kind(made) or "")
        assert document.status == "text"
        assert "Ban Thường vụ Tỉnh uỷ quyết nghị" in document.text  # tone placement kept
    table = docx_bytes(["Danh sách"], table=[["Số", "Đơn vị"], ["1", "Huyện uỷ"]])
    assert "Số | Đơn vị\n1 | Huyện uỷ" in read_document(table, "docx").text
    assert read_document(pdf_bytes(pages=3), "pdf").pages == 3


def test_a_scan_without_a_text_layer_is_recorded_as_such() -> None:
    scan = read_document(scanned_pdf_bytes(pages=2), "pdf")
    assert (scan.status, scan.pages, scan.text) == ("no_text_layer", 2, "")
    assert "no text layer" in (scan.note or "")


def test_legacy_word_and_damaged_files_are_kept_with_the_reason() -> None:
    legacy = read_document(legacy_doc_bytes(), "doc")
    assert legacy.status == "not_extracted" and "Word 97-2003" in (legacy.note or "")
    damaged = read_document(pdf_bytes()[:400], "pdf")
    assert damaged.status in ("failed", "no_text_layer") and damaged.note
    assert document_kind(b"<html><body>PDF</body></html>") is None
    assert document_kind(b"PK\x03\x04 not a zip") is None


def test_document_links_are_read_from_the_body_and_the_download_block_only() -> None:
    url = "https://tinhuy.vn/news/van-ban/ban-thuong-vu-ban-hanh-nghi-quyet-101.html"
    found = extract_article(ARTICLE_ONE, url, content_type=HTML, family_hint="nukeviet")
    links = link_records(found.attachments, url, ["tinhuy.vn"])
    by_url = {link["url"]: link for link in links}
    assert set(by_url) == {
        f"https://tinhuy.vn{UPLOADS}/nghi-quyet-12.pdf",
        f"https://tinhuy.vn{UPLOADS}/ke-hoach-trien-khai.docx",
        "https://vanban.chinhphu.vn/van-ban/nd-42.pdf",
    }
    assert by_url[f"https://tinhuy.vn{UPLOADS}/nghi-quyet-12.pdf"]["label"] == (
        "Nghị quyết 12-NQ/TU"
    )
    assert by_url["https://vanban.chinhphu.vn/van-ban/nd-42.pdf"]["off_site"]
    assert not any("/uploads/laws/" in link for link in by_url)  # the sidebar's list


# ---------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def crawled_site(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("attachments")
    with FixtureSite(fixture_pages()) as site:
        registry = write_registry(
            home / "registry.yaml",
            [
                {
                    "id": "tinhuy-van-ban",
                    "name": "Tỉnh ủy Văn Bản",
                    "publisher_type": "tinh_uy",
                    "province": "Bình Phước",
                    "family": "nukeviet",
                    "hosts": [site.netloc],
                    "listings": [site.url("/news/van-ban/")],
                }
            ],
        )
        result = run_cli(home, "nightly", "--registry", str(registry), "--local-sample")
        assert result.returncode in (0, 1), result.stderr
        yield home, site, result


def _attachments(home: Path) -> dict[str, Attachment]:
    archive = Archive(f"sqlite:///{home / 'archive.db'}")
    with archive.session() as session:
        rows = session.scalars(select(Attachment)).all()
        found = {row.url.rsplit("/", 1)[-1]: row for row in rows}
        session.expunge_all()
    archive.dispose()
    return found


def test_a_crawl_fetches_and_reads_the_documents_its_articles_attach(crawled_site) -> None:
    home, site, _ = crawled_site
    found = _attachments(home)
    assert {name: row.status for name, row in found.items()} == {
        "nghi-quyet-12.pdf": "text",
        "ke-hoach-trien-khai.docx": "text",
        "bao-cao.odt": "text",
        "quyet-dinh-ban-quet.pdf": "no_text_layer",
        "cong-van.doc": "not_extracted",
        "nd-42.pdf": "off_site",
    }
    assert "chuyển đổi số" in found["nghi-quyet-12.pdf"].text
    assert found["nghi-quyet-12.pdf"].pages == 2
    assert "/uploads/laws/54-kh-tu.pdf" not in site.requested  # a sidebar, not the article
    assert all(row.capture_id for name, row in found.items() if name != "nd-42.pdf")
    archive = Archive(f"sqlite:///{home / 'archive.db'}")
    with archive.session() as session:
        statuses = dict(session.execute(select(Capture.url, Capture.extraction_status)).all())
        assert session.scalar(select(Article.id).where(Article.title.like("%nghị quyết%")))
    archive.dispose()
    assert statuses[site.url(f"{UPLOADS}/nghi-quyet-12.pdf")] == "document"


def test_attachment_text_is_found_by_a_search_for_its_article(crawled_site) -> None:
    home, _, _ = crawled_site
    result = run_cli(home, "search", '"chuyển đổi số"', "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["results"]
    titles = [hit["title"] for hit in hits]
    assert titles == ["Ban Thường vụ Tỉnh uỷ ban hành nghị quyết mới"]
    # The passage shown is the document's, after its name.
    assert hits[0]["snippet"].startswith("Nghị quyết 12-NQ/TU: ")
    assert "<mark>" in hits[0]["snippet"]
    assert hits[0]["matched_in"].endswith("/nghi-quyet-12.pdf")
    folded = json.loads(run_cli(home, "search", "don doc", "--json").stdout)  # in the DOCX
    assert [hit["title"] for hit in folded["results"]] == titles


def test_the_article_page_lists_its_documents_with_their_text(crawled_site) -> None:
    home, _, _ = crawled_site
    pages = list((home / "site").resolve().glob("articles/**/*.html"))
    text = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    assert "Tệp đính kèm" in text
    assert "Nghị quyết 12-NQ/TU" in text and "Ban Thường vụ Tỉnh uỷ quyết nghị" in text
    assert "bản quét, không có lớp chữ" in text
    assert "trên trang khác, không thu thập" in text


def test_exports_carry_the_documents_and_their_text(crawled_site, tmp_path: Path) -> None:
    home, _, _ = crawled_site
    out = tmp_path / "all.jsonl"
    result = run_cli(home, "export", "--query", "tuyen giao OR nghi quyet", "--format", "jsonl",
                     "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_title = {record["title"]: record for record in records}
    first = by_title["Ban Thường vụ Tỉnh uỷ ban hành nghị quyết mới"]
    assert [url.rsplit("/", 1)[-1] for url in first["attachments"]] == [
        "nghi-quyet-12.pdf",
        "nd-42.pdf",
        "ke-hoach-trien-khai.docx",
    ]
    assert "chuyển đổi số" in first["attachments_text"]
    assert "đôn đốc" in first["attachments_text"]


def test_a_document_over_the_size_limit_is_refused_and_reported(tmp_path: Path) -> None:
    pages = {
        "/news/van-ban/": (HTML, LISTING),
        "/news/van-ban/ban-thuong-vu-ban-hanh-nghi-quyet-101.html": (HTML, ARTICLE_ONE),
        f"{UPLOADS}/nghi-quyet-12.pdf": (PDF, pdf_bytes(pages=4)),
    }
    with FixtureSite(pages) as site:
        registry = write_registry(
            tmp_path / "registry.yaml",
            [{"id": "tinhuy-lon", "name": "Tỉnh ủy", "publisher_type": "tinh_uy",
              "province": "Bình Phước", "family": "nukeviet", "hosts": [site.netloc],
              "listings": [site.url("/news/van-ban/")]}],
        )  # fmt: skip
        result = run_cli(tmp_path, "crawl", "--registry", str(registry), "--local-sample",
                         "-s", "PARTYLINE_ATTACHMENT_MAXSIZE=2000")  # fmt: skip
        assert result.returncode == 0, result.stderr
    report = json.loads(run_cli(tmp_path, "report", "--json").stdout)
    assert report["sites"][0]["errors"].get("too_large") == 1
    assert _attachments(tmp_path)["nghi-quyet-12.pdf"].status == "pending"  # tried again later
