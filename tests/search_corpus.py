"""A small archive of realistic articles, each written to exercise a search rule.

Three sites in provinces merged on 1 July 2025 (Bình Phước into Đồng Nai,
Long An into Tây Ninh, Quảng Bình into Quảng Trị), old and new tone placement,
one-letter syllables, English stop words that are Vietnamese words, a
phrase trap (every pair of "ban tuyên giáo tỉnh" present, never in a row),
and an article that spells "Dang" without diacritics.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from archive.articles import ArticleFields, upsert_article
from archive.captures import store_capture
from archive.db import Archive
from archive.models import Article
from archive.sites import sync_sites

SITES = [
    {
        "id": "bp-btg",
        "name": "Ban Tuyên giáo Tỉnh ủy Bình Phước",
        "family": "nukeviet",
        "province": "Bình Phước",
        "province_current": "Đồng Nai",
        "hosts": ["btg.binhphuoc.example"],
    },
    {
        "id": "qt-tu",
        "name": "Tỉnh ủy Quảng Trị",
        "family": "nukeviet",
        "province": "Quảng Trị",
        "province_current": "Quảng Trị",
        "hosts": ["tinhuy.quangtri.example"],
    },
    {
        "id": "la-bao",
        "name": "Báo Long An",
        "family": "newspaper",
        "province": "Long An",
        "province_current": "Tây Ninh",
        "hosts": ["baolongan.example"],
    },
]


@dataclass(frozen=True)
class Spec:
    key: str
    site: str
    title: str
    text: str
    published: str | None = None
    author: str | None = None
    source: str | None = None


ARTICLES = [
    Spec(
        "giao-ban",
        "bp-btg",
        "Ban Tuyên giáo Tỉnh uỷ giao ban công tác quý II",
        "Sáng 14/6, Ban Tuyên giáo Tỉnh uỷ tổ chức hội nghị giao ban công tác tuyên giáo "
        "quý II năm 2023.\n\nHội nghị đánh giá công tác hoà giải ở cơ sở và tình hình phát "
        "triển kinh tế - xã hội của tỉnh.\n\nTác giả: Duy Khiêm.",
        "2023-06-14T09:30+07:00",
        author="Duy Khiêm",
    ),
    Spec(
        "covid",
        "bp-btg",
        "Tăng cường tuyên truyền phòng, chống dịch COVID-19",
        "Các cấp uỷ tăng cường tuyên truyền, giáo dục để người dân chủ động phòng dịch. "
        "Ngành y tế hướng dẫn cách ly ở nhà. Công tác tuyên truyền được đổi mới; việc giáo "
        "dục chính trị tư tưởng cho đảng viên được chú trọng. Tuyên truyền viên cơ sở phối "
        "hợp với ngành giáo dục vận động người dân tiêm vắc xin.\n\nNguồn: TTXVN",
        "2021-03-02T15:00+07:00",
        source="TTXVN",
    ),
    Spec(
        "chi-thi-05",
        "qt-tu",
        "Tỉnh ủy Quảng Trị sơ kết Chỉ thị 05",
        "Ban Thường vụ Tỉnh ủy đánh giá việc học tập và làm theo tư tưởng, đạo đức, phong "
        "cách Hồ Chí Minh. Nhiều mô hình bảo đảm an ninh trật tự ở khu dân cư, công trình "
        "thủy lợi và các khóa học kỹ năng cho cán bộ cơ sở được nhân rộng.\n\nThúy Hằng",
        "2022-09-05T08:00+07:00",
        author="Thúy Hằng",
    ),
    Spec(
        "bao-cao-vien",
        "qt-tu",
        "Hội nghị báo cáo viên định kỳ tháng 1",
        "Ban Tuyên giáo huyện Gio Linh họp với đội ngũ báo cáo viên. Ngành tuyên giáo tỉnh "
        "cử cán bộ tham dự và thông tin tình hình thời sự trong nước, quốc tế.",
        "2024-01-10T14:00+07:00",
    ),
    Spec(
        "dai-hoi",
        "la-bao",
        "Đảng bộ xã Mỹ Yên tổ chức đại hội khoá mới",
        "Đại hội Đảng bộ xã Mỹ Yên nhiệm kỳ 2020 - 2025 biểu quyết thông qua nghị quyết. "
        "Công trình thuỷ lợi đang được triển khai. Chị Thuý, bí thư chi bộ ấp, được bầu vào "
        "Ban Chấp hành khoá mới.",
        "2020-12-15T10:15+07:00",
    ),
    Spec(
        "khong-dau",
        "la-bao",
        "Trang tin điện tử có thêm phiên bản không dấu",
        "Từ tháng 7, bạn đọc có thể xem chuyên mục Dang bo - Chinh quyen ở phiên bản không "
        "dấu dành cho thiết bị cũ, bên cạnh phiên bản tiếng Việt đầy đủ.",
        "2019-07-05T16:00+07:00",
    ),
    Spec(
        "chuyen-de",
        "la-bao",
        "Hướng dẫn học tập chuyên đề của Đảng",
        "Tài liệu hướng dẫn cấp uỷ các cấp tổ chức học tập chuyên đề năm 2024 về xây dựng "
        "Đảng trong sạch, vững mạnh.",
        None,
    ),
    Spec(
        "y-te",
        "bp-btg",
        "Y tế cơ sở chăm lo sức khoẻ người dân",
        "Trạm y tế xã Thanh Hòa phối hợp với đoàn thể khám bệnh miễn phí cho người cao tuổi "
        "ở các ấp. Người dân được tư vấn dinh dưỡng và phòng bệnh.",
        "2025-03-20T07:45+07:00",
        author="Minh Hòa",
    ),
]


def add_articles(archive: Archive, specs: list[Spec] = ARTICLES) -> dict[str, int]:
    """Store the sites and these articles as the pipeline would; their ids by key."""
    ids: dict[str, int] = {}
    with archive.session() as session:
        sync_sites(session, SITES)
        for spec in specs:
            url = f"http://{spec.site}.example/tin-tuc/{spec.key}.html"
            capture = store_capture(
                session,
                site_id=spec.site,
                url=url,
                final_url=url,
                canonical_url=url,
                http_status=200,
                headers={"Content-Type": "text/html; charset=utf-8"},
                body=f"<html><body><h1>{spec.title}</h1></body></html>".encode(),
            )
            session.flush()
            fields = ArticleFields(
                title=spec.title,
                text=spec.text,
                published=spec.published,
                author=spec.author,
                source=spec.source,
            )
            upsert_article(session, capture, fields)
            session.flush()
            ids[spec.key] = session.scalar(select(Article.id).where(Article.canonical_url == url))
    return ids


def indexed_corpus(root: Path) -> tuple[Archive, Path, dict[str, int]]:
    """An archive of ARTICLES under ``root`` and its index: (archive, index_dir, ids)."""
    from search.index.update import update_index

    archive = Archive(f"sqlite:///{root / 'archive.db'}")
    ids = add_articles(archive)
    update_index(archive, root / "index")
    return archive, root / "index", ids


def result_keys(corpus: tuple[Archive, Path, dict], query: str, **options: object) -> list[str]:
    """The keys of the articles a search returns, in result order."""
    from search.query.engine import search

    archive, index_dir, ids = corpus
    by_id = {article_id: key for key, article_id in ids.items()}
    result = search(archive, index_dir, query, limit=50, **options)
    return [by_id[hit["id"]] for hit in result["results"]]
