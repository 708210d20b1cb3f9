"""``partyline extract``, ``ingest`` and ``reextract`` on real sample pages.

The WARC files are written here with warcio the way other crawlers write them:
Browsertrix (WARC/1.1, request/response pairs, ``revisit`` records, screenshot
``resource`` records), Heritrix (WARC/1.0, ``dns:`` and ``metadata`` records,
robots.txt) and wget (raw responses still chunked and gzipped, its log as a
``resource``).
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.articles import title_key
from archive.db import Archive
from archive.models import Article, Capture, CrawlRun, Site
from crawler.ingest import ingest_warcs, ingested_site_id
from crawler.registry import load_registry
from sampleweb import ExpectedArticle, SampleWeb
from tests.conftest import run_cli

SITES = ["mau-nukeviet", "mau-k2", "mau-joomla1", "mau-websphere", "mau-wordpress", "mau-unknown"]
PAGES_PER_SITE = 3
REGISTERED = "mau-nukeviet"  # in the registry handed to ingest; the other hosts are not


@dataclass(frozen=True)
class Page:
    truth: ExpectedArticle
    family: str
    body: bytes
    content_type: str


@dataclass
class Sample:
    pages: list[Page]
    registry: Path
    extra: dict[str, bytes]  # other responses: a PDF, an image, robots.txt


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sample]:
    """Pages fetched from the sample web, which is stopped afterwards: ingest is offline."""
    import urllib.request

    folder = tmp_path_factory.mktemp("warc-sample")
    with SampleWeb(sites=SITES, articles_per_site=6, special_pages=False) as web:
        pages = []
        for site_id in SITES:
            for truth in web.expected_articles(site_id)[:PAGES_PER_SITE]:
                with urllib.request.urlopen(truth.url) as response:
                    pages.append(
                        Page(
                            truth,
                            web.site(site_id).spec.family,
                            response.read(),
                            response.headers["Content-Type"],
                        )
                    )
        registry = web.write_registry(folder / "all.yaml")
        mine = [s for s in load_registry(registry) if s.id == REGISTERED]
        path = folder / "registry.yaml"
        import yaml

        path.write_text(
            yaml.safe_dump({"sites": [s.as_record() for s in mine]}, allow_unicode=True)
        )
        base = web.base_url(REGISTERED)
        with urllib.request.urlopen(base + "/robots.txt") as response:
            robots = response.read()
    yield Sample(pages, path, {"robots": robots})


# ---------------------------------------------------------------- WARC writing


def _http(status: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("latin-1") + body


def _chunked(body: bytes, size: int = 4096) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"


def _record(writer: WARCWriter, url: str, kind: str, raw: bytes, date: str, **headers: str):
    record = writer.create_warc_record(
        url,
        kind,
        payload=io.BytesIO(raw),
        length=len(raw),
        warc_headers_dict={"WARC-Date": date, **headers},
    )
    writer.write_record(record)
    return record


def browsertrix_warc(path: Path, pages: list[Page]) -> None:
    """WARC/1.1, request+response, a URL-agnostic revisit, page info and screenshots."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "Browsertrix"}))
        for number, page in enumerate(pages):
            date = f"2025-03-0{number % 9 + 1}T08:00:00Z"
            request = f"GET / HTTP/1.1\r\nHost: {page.truth.url.split('/')[2]}\r\n\r\n".encode()
            _record(writer, page.truth.url, "request", request, date)
            raw = _http("200 OK", [("Content-Type", page.content_type)], page.body)
            response = _record(writer, page.truth.url, "response", raw, date)
            screenshot = b"\x89PNG\r\n\x1a\n" + bytes(64)
            shot = writer.create_warc_record(
                f"urn:view:{page.truth.url}",
                "resource",
                payload=io.BytesIO(screenshot),
                length=len(screenshot),
                warc_content_type="image/png",
            )
            writer.write_record(shot)
        # The first page again under a tracking parameter: stored as a revisit.
        first = pages[0].truth.url
        digest = response.rec_headers.get_header("WARC-Payload-Digest")
        revisit = writer.create_revisit_record(
            pages[-1].truth.url + "?utm_source=zalo",
            digest,
            pages[-1].truth.url,
            "2025-03-01T08:00:00Z",
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1"),
        )
        writer.write_record(revisit)
        # A revisit whose original is nowhere: skipped, not guessed.
        lost = writer.create_revisit_record(
            first + "#lost", "sha1:AAAA", "http://example.invalid/x", "2020-01-01T00:00:00Z"
        )
        writer.write_record(lost)


def heritrix_warc(path: Path, pages: list[Page], robots: bytes) -> None:
    """WARC/1.0 with dns:, robots.txt, a PDF, a 404, metadata records."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.0")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "Heritrix/3.4"}))
        host = pages[0].truth.url.split("/")[2]
        dns = writer.create_warc_record(
            f"dns:{host}",
            "response",
            payload=io.BytesIO(b"20250301080000\n127.0.0.1 IN A 127.0.0.1\n"),
            length=41,
            warc_content_type="text/dns",
        )
        writer.write_record(dns)
        base = pages[0].truth.url.split("/", 3)[:3]
        robots_raw = _http("200 OK", [("Content-Type", "text/plain")], robots)
        _record(
            writer, "/".join(base) + "/robots.txt", "response", robots_raw, "2025-03-01T08:00:00Z"
        )
        pdf = _http("200 OK", [("Content-Type", "application/pdf")], b"%PDF-1.4\n%%EOF\n")
        _record(writer, "/".join(base) + "/uploads/vb.pdf", "response", pdf, "2025-03-01T08:00:01Z")
        missing = _http("404 Not Found", [("Content-Type", "text/html")], b"<h1>404</h1>")
        _record(
            writer, "/".join(base) + "/missing.html", "response", missing, "2025-03-01T08:00:02Z"
        )
        for number, page in enumerate(pages):
            date = f"2025-03-01T09:{number:02d}:00Z"
            raw = _http("200 OK", [("Content-Type", page.content_type)], page.body)
            _record(writer, page.truth.url, "response", raw, date)
            meta = f"outlink: {page.truth.url} L a/@href\n".encode()
            _record(writer, page.truth.url, "metadata", meta, date, **{"Content-Type": "text/anvl"})


def wget_warc(path: Path, pages: list[Page]) -> None:
    """WARC/1.0 uncompressed, bodies as sent: gzip content encoding in chunks."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False, warc_version="1.0")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "Wget/1.21.4"}))
        for number, page in enumerate(pages):
            headers = [
                ("Content-Type", page.content_type),
                ("Content-Encoding", "gzip"),
                ("Transfer-Encoding", "chunked"),
            ]
            raw = _http("200 OK", headers, _chunked(gzip.compress(page.body)))
            _record(writer, page.truth.url, "response", raw, f"2025-03-02T10:{number:02d}:00Z")
        log = b"Opening WARC file 'site.warc'.\nDownloaded: 9 files\n"
        _record(
            writer,
            "metadata://gnu.org/software/wget/warc/wget.log",
            "resource",
            log,
            "2025-03-02T11:00:00Z",
            **{"Content-Type": "text/plain"},
        )


@pytest.fixture(scope="module")
def warcs(sample: Sample, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("warcs")
    pages = sample.pages
    thirds = [pages[0::3], pages[1::3], pages[2::3]]
    files = [folder / "crawl.warc.gz", folder / "heritrix.warc.gz", folder / "wget.warc"]
    browsertrix_warc(files[0], thirds[0])
    heritrix_warc(files[1], thirds[1], sample.extra["robots"])
    wget_warc(files[2], thirds[2])
    return files


# ---------------------------------------------------------------- extract


def test_extract_prints_the_article_as_json(sample: Sample, tmp_path: Path) -> None:
    # A NukeViet page with the CMS's date bugs, and a WebSphere one titled by its site.
    chosen = [p for p in sample.pages if p.truth.site_id in (REGISTERED, "mau-websphere")]
    for page in chosen[::PAGES_PER_SITE]:
        saved = tmp_path / "page.html"
        saved.write_bytes(page.body)
        result = run_cli(tmp_path, "extract", str(saved), "--url", page.truth.url)
        assert result.returncode == 0, result.stderr
        article = json.loads(result.stdout)
        truth = page.truth
        assert article["title"] == truth.title and article["text"] == truth.text
        assert (article["published"], article["author"], article["source"]) == (
            truth.published,
            truth.author,
            truth.source,
        )
        assert article["family"] == page.family
        assert article["published_source"].startswith("page:")


def test_extract_refuses_unreadable_input_clearly(tmp_path: Path) -> None:
    missing = run_cli(tmp_path, "extract", str(tmp_path / "nowhere.html"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    pdf = tmp_path / "vanban.html"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n%%EOF\n")
    refused = run_cli(tmp_path, "extract", str(pdf))
    assert refused.returncode == 1 and "PDF document" in refused.stderr
    for result in (missing, refused):
        assert "Traceback" not in result.stderr and result.stdout == ""


# ---------------------------------------------------------------- ingest


def _by_title(archive: Archive) -> dict[str, Article]:
    with archive.session() as session:
        return {a.title: a for a in session.scalars(select(Article))}


def test_ingest_imports_every_crawlers_warcs(sample: Sample, warcs: list[Path], tmp_path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    summary = ingest_warcs(archive, warcs, load_registry(sample.registry), workers=1)
    assert summary.files == 3 and not summary.failed_files
    assert summary.imported == len(sample.pages) + 1  # and the revisit under a new URL
    assert summary.from_revisits == 1
    assert summary.skipped["not HTML"] == 2  # robots.txt, the PDF
    assert summary.skipped["HTTP 404"] == 1
    assert summary.skipped["revisit of a response not in the archive"] == 1
    assert summary.extraction.errors == {}
    stored = _by_title(archive)
    assert len(stored) == len(sample.pages)
    for page in sample.pages:
        article = stored[page.truth.title]
        truth = page.truth
        got = (article.published, article.author, article.source, article.text)
        assert got == (truth.published, truth.author, truth.source, truth.text)
        assert article.family == page.family  # recognised from the page itself
    with archive.session() as session:
        sites = {s.id: s.family for s in session.scalars(select(Site))}
    assert sites[REGISTERED] == "nukeviet"
    host = sample.pages[PAGES_PER_SITE].truth.url.split("/")[2]
    assert sites[ingested_site_id(host)] == "generic"
    assert len(summary.new_sites) == len(SITES) - 1


def test_ingesting_the_same_files_again_changes_nothing(warcs, sample, tmp_path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    ingest_warcs(archive, warcs, load_registry(sample.registry), workers=1)
    again = ingest_warcs(archive, warcs, load_registry(sample.registry), workers=1)
    assert again.imported == 0 and again.already_archived == len(sample.pages) + 1
    assert again.extraction.new == again.extraction.changed == 0


def test_ingest_command_reports_and_survives_a_broken_file(warcs, sample, tmp_path) -> None:
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"this is not a WARC file at all\n" * 4)
    result = run_cli(
        tmp_path,
        "ingest",
        str(broken),
        *map(str, warcs),
        "--registry",
        str(sample.registry),
        "--workers",
        "1",
    )
    assert result.returncode == 1 and "broken.warc.gz: not read" in result.stderr
    assert "Traceback" not in result.stderr
    assert f"{len(sample.pages) + 1} page(s) imported" in result.stdout
    assert f"articles: {len(sample.pages)} new" in result.stdout


def test_a_truncated_warc_is_imported_up_to_the_cut_and_said_damaged(
    warcs, sample, tmp_path
) -> None:
    """A download cut short: the records before the cut are imported, the cut one is not
    stored as a capture (its fragment would look like a whole page), and the command
    says so and exits 1."""
    whole = warcs[0].read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) * 3 // 5])
    result = run_cli(
        tmp_path, "ingest", str(cut), "--registry", str(sample.registry), "--workers", "1"
    )
    assert result.returncode == 1, result.stderr
    assert "cut.warc.gz: damaged: the file ends" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    with archive.session() as session:
        bodies = list(session.scalars(select(Capture.body_length)))
        status = session.scalar(select(CrawlRun.status))
    whole_pages = sample.pages[0::3]
    assert 0 < len(bodies) < len(whole_pages)
    assert status == "failed"


def test_ingesting_a_missing_file_records_no_run(sample, tmp_path) -> None:
    result = run_cli(
        tmp_path, "ingest", str(tmp_path / "nope.warc.gz"), "--registry", str(sample.registry)
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "no such file" in line and "nope.warc.gz" in line
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    with archive.session() as session:
        assert session.scalar(select(func.count()).select_from(CrawlRun)) == 0


# ---------------------------------------------------------------- reextract


def test_reextract_updates_only_articles_whose_result_changed(warcs, sample, tmp_path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    ingest_warcs(archive, warcs, load_registry(sample.registry), workers=1)
    websphere = next(p.truth for p in sample.pages if p.truth.site_id == "mau-websphere")
    nukeviet = next(p.truth for p in sample.pages if p.truth.site_id == REGISTERED)
    with archive.session() as session:
        before = session.scalar(select(func.count()).select_from(Article))
        # What older rules would have stored: a wrong author, and a WebSphere
        # article keyed under the site's name (its <title>) instead of its own.
        session.execute(
            update(Article).where(Article.title == nukeviet.title).values(author="Quản trị viên")
        )
        session.execute(
            update(Article)
            .where(Article.title == websphere.title)
            .values(title="Cổng thông tin điện tử Tỉnh ủy Long An", article_key="mau-websphere|x")
        )
    result = run_cli(tmp_path, "reextract", "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "2 article(s) changed, 0 new" in result.stdout
    stored = _by_title(archive)
    assert stored[nukeviet.title].author == nukeviet.author
    _, day, title = stored[websphere.title].article_key.split("|")
    assert (day, title) == (websphere.published[:10], title_key(websphere.title))
    with archive.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == before
        site = session.scalar(select(Capture.site_id).where(Capture.url == nukeviet.url))
    again = run_cli(tmp_path, "reextract", "--site", site, "--workers", "1")
    assert f"of site {site}: 0 article(s) changed" in again.stdout


def test_a_batch_racing_another_process_for_its_articles_is_written_again(
    warcs: list[Path], sample: Sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two extraction processes storing one article at once: the second commit hits
    the unique article key; its batch is written again and updates that article."""
    from archive.captures import latest_capture_ids
    from crawler.extraction import batches

    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    ingest_warcs(archive, warcs, load_registry(sample.registry), workers=1)
    with archive.session() as session:
        ids = latest_capture_ids(session)
        articles = session.scalar(select(func.count()).select_from(Article))
    real_lookup, lookups = batches._articles_by_key, []

    def stale_first_read(session, captures, fields):
        # The first read happens before the other process commits: it finds nothing.
        lookups.append(len(fields))
        return {} if len(lookups) == 1 else real_lookup(session, captures, fields)

    monkeypatch.setattr(batches, "_articles_by_key", stale_first_read)
    summary = batches.extract_ids(archive.url, ids)
    assert len(lookups) == 2  # written again after the conflict
    assert summary.new == 0 and summary.unchanged == len(ids) and summary.errors == {}
    with archive.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == articles
