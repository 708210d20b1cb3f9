"""Every export format read back with the tools researchers use, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import itertools
import json
import tracemalloc
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from republished import (
    AWKWARD_TITLE,
    FORMULA_TITLE,
    SITES,
    Stored,
    bulk_articles,
    fill_for_export,
)
from warcio.archiveiterator import ArchiveIterator

from archive import exports
from archive.db import Archive
from archive.exports import FORMATS, ExportError, ExportRequest, run_export
from archive.exports.rows import FIELDS
from archive.models import Article
from archive.selection import Selection

CSL_SCHEMA = Path(__file__).parent / "data" / "csl-data.schema.json"


@pytest.fixture
def filled(archive: Archive) -> tuple[Archive, list[Stored]]:
    return archive, fill_for_export(archive)


def _export(archive: Archive, fmt: str, out: Path, **options) -> dict:
    selection = options.pop("selection", Selection())
    run_export(
        archive,
        ExportRequest(selection=selection, format=fmt, out=out, about={"query": "*"}, **options),
    )
    return json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))


def _site(site_id: str) -> dict:
    return next(site for site in SITES if site["id"] == site_id)


def test_csv_opens_with_the_csv_module_with_vietnamese_intact(filled, tmp_path: Path) -> None:
    archive, stored = filled
    out = tmp_path / "topic.csv"
    _export(archive, "csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(FIELDS)
    by_id = {int(row["id"]): row for row in rows}
    assert set(by_id) == {s.id for s in stored}
    for article in stored:
        row = by_id[article.id]
        expected_title = "'" + article.title if article.title == FORMULA_TITLE else article.title
        assert row["title"] == expected_title
        assert row["text"] == article.text
        assert unicodedata.is_normalized("NFC", row["text"])
        assert row["url"] == article.url
        site = _site(article.site)
        assert (row["site_name"], row["province_at_time"], row["province_current"]) == (
            site["name"],
            site["province"],
            site["province_current"],
        )
        assert row["capture_sha256"] and row["first_seen_url"]
    assert by_id[stored[0].id]["author"] == "Thanh Mai - Duy Khiêm"
    undated = by_id[stored[5].id]
    assert undated["published"] == "" and undated["date_source"] == ""
    # Copies point at the first copy, which appeared earlier.
    assert by_id[stored[6].id]["first_seen_url"] == stored[0].url
    assert by_id[stored[6].id]["cluster_id"] == str(stored[0].id)


def test_csv_opens_with_pandas(filled, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    archive, stored = filled
    out = tmp_path / "topic.csv"
    _export(archive, "csv", out, include_text=False)
    frame = pandas.read_csv(out, encoding="utf-8-sig")
    assert "text" not in frame.columns
    assert sorted(frame["id"]) == sorted(s.id for s in stored)
    titles = dict(zip(frame["id"], frame["title"], strict=True))
    assert titles[stored[1].id] == AWKWARD_TITLE
    assert titles[stored[3].id] == stored[3].title


def test_jsonl_carries_the_same_fields(filled, tmp_path: Path) -> None:
    archive, stored = filled
    out = tmp_path / "topic.jsonl"
    _export(archive, "jsonl", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [list(record) for record in records] == [list(FIELDS)] * len(stored)
    by_id = {record["id"]: record for record in records}
    assert by_id[stored[2].id]["title"] == FORMULA_TITLE  # exact: only the CSV guards formulas
    assert by_id[stored[0].id]["text"] == stored[0].text
    assert by_id[stored[0].id]["published"] == "2023-01-10T09:30:00+07:00"
    # Ordered by publication date, undated last.
    assert records[-1]["id"] == stored[5].id


def test_txt_zip_holds_one_named_file_per_article(filled, tmp_path: Path) -> None:
    archive, stored = filled
    out = tmp_path / "corpus.zip"
    _export(archive, "txt", out)
    with zipfile.ZipFile(out) as bundle:
        assert bundle.testzip() is None
        names = bundle.namelist()
        first = bundle.read(f"corpus/2023-01-10_{stored[0].site}_{stored[0].id}.txt").decode()
        undated = f"corpus/undated_{stored[5].site}_{stored[5].id}.txt"
        assert undated in names
    assert len(names) == len(stored)
    header, _, text = first.partition("\n\n")
    assert f"Title: {stored[0].title}" in header.splitlines()
    assert "Province at the time: Bình Phước" in header.splitlines()
    assert "Current province: Đồng Nai" in header.splitlines()
    assert text.rstrip("\n") == stored[0].text


def test_ris_parses_with_rispy_and_carries_every_field(filled, tmp_path: Path) -> None:
    archive, stored = filled
    out = tmp_path / "topic.ris"
    _export(archive, "ris", out)
    raw = out.read_bytes()
    assert b"\r\nER  - \r\n" in raw
    entries = {e["id"]: e for e in rispy.loads(raw.decode("utf-8"))}
    assert len(entries) == len(stored)
    entry = entries[f"partyline-{stored[1].id}"]
    assert entry["type_of_reference"] == "NEWS"
    assert entry["title"] == AWKWARD_TITLE
    assert entry["secondary_title"] == _site(stored[1].site)["name"]
    assert entry["date"] == "2023/02/11/" and entry["year"] == "2023"
    assert entry["urls"] == [stored[1].url]
    assert entry["access_date"] == "2025/08/01/"
    assert entry["name_of_database"] == "Partyline"
    assert entry["accession_number"].startswith("sha256:")
    assert entry["place_published"] == _site(stored[1].site)["province"]
    assert entry["language"] == "vi"
    assert "Source credit: TTXVN." in entry["notes"][0]
    assert entries[f"partyline-{stored[0].id}"]["authors"] == ["Thanh Mai", "Duy Khiêm"]
    assert "date" not in entries[f"partyline-{stored[5].id}"]


def test_bibtex_parses_with_bibtexparser_and_carries_every_field(filled, tmp_path: Path) -> None:
    archive, stored = filled
    out = tmp_path / "topic.bib"
    _export(archive, "bibtex", out)
    library = bibtexparser.parse_string(out.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    entries = {entry.key: entry for entry in library.entries}
    assert len(entries) == len(stored)
    entry = entries[f"partyline-{stored[1].id}"]
    fields = {field.key: field.value for field in entry.fields}
    assert entry.entry_type == "article"
    assert fields["title"] == (
        '{Hội nghị "Chỉ thị 05" \\{lần 2\\}: 100\\% đạt, chi phí \\$5 \\& \\#1\\_tiến độ'
        " \\~{} \\^{} \\textbackslash{} xong}"
    )
    assert fields["journal"] == _site(stored[1].site)["name"]
    assert fields["entrysubtype"] == "newspaper"
    assert fields["date"] == "2023-02-11" and fields["year"] == "2023"
    assert fields["url"] == stored[1].url
    assert fields["urldate"] == "2025-08-01"
    assert fields["address"] == _site(stored[1].site)["province"]
    assert "sha256:" in fields["note"] and "TTXVN" in fields["note"]
    first = {field.key: field.value for field in entries[f"partyline-{stored[0].id}"].fields}
    assert first["author"] == "{Thanh Mai} and {Duy Khiêm}"


def test_csl_json_validates_against_the_csl_schema(filled, tmp_path: Path) -> None:
    archive, stored = filled
    out = tmp_path / "topic.json"
    _export(archive, "csl-json", out)
    items = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(items, json.loads(CSL_SCHEMA.read_text(encoding="utf-8")))
    by_id = {item["id"]: item for item in items}
    item = by_id[f"partyline-{stored[1].id}"]
    assert item["type"] == "article-newspaper"
    assert item["title"] == AWKWARD_TITLE
    assert item["container-title"] == _site(stored[1].site)["name"]
    assert item["issued"] == {"date-parts": [[2023, 2, 11]]}
    assert item["accessed"] == {"date-parts": [[2025, 8, 1]]}
    assert item["URL"] == stored[1].url
    assert item["archive"] == "Partyline" and item["archive_location"].startswith("sha256:")
    assert by_id[f"partyline-{stored[0].id}"]["author"] == [
        {"literal": "Thanh Mai"},
        {"literal": "Duy Khiêm"},
    ]
    assert "issued" not in by_id[f"partyline-{stored[5].id}"]


def test_warc_reads_back_with_warcio(filled, tmp_path: Path) -> None:
    archive, stored = filled
    out = tmp_path / "topic.warc.gz"
    manifest = _export(archive, "warc", out)
    with out.open("rb") as stream:
        records = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert sorted(url for url, _ in records) == sorted(s.url for s in stored)
    assert all(b"<html>" in body for _, body in records)
    assert manifest["count"] == len(stored)


def test_manifest_lists_ids_capture_hashes_and_the_file_hash(filled, tmp_path: Path) -> None:
    archive, stored = filled
    out = tmp_path / "topic.csv"
    manifest = _export(archive, "csv", out, selection=Selection(article_ids=[stored[0].id]))
    with archive.session() as session:
        article = session.get(Article, stored[0].id)
        sha = article.capture.sha256
    assert manifest["articles"] == [{"id": stored[0].id, "capture_sha256": sha}]
    assert manifest["count"] == manifest["rows"] == 1
    assert manifest["query"] == "*" and manifest["format"] == "csv"
    assert manifest["file_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_selection_writes_a_valid_empty_file_and_a_manifest(
    archive: Archive, tmp_path: Path, fmt: str
) -> None:
    fill_for_export(archive)
    out = tmp_path / f"empty.{fmt}"
    manifest = _export(archive, fmt, out, selection=Selection(article_ids=[]))
    assert manifest["count"] == 0 and manifest["articles"] == []
    if fmt == "csv":
        assert next(csv.reader(io.StringIO(out.read_text("utf-8-sig")))) == list(FIELDS)
    elif fmt == "csl-json":
        assert json.loads(out.read_text()) == []
    elif fmt == "txt":
        assert zipfile.ZipFile(out).namelist() == []
    elif fmt == "warc":
        with out.open("rb") as stream:
            assert [r.rec_type for r in ArchiveIterator(stream)] == ["warcinfo"]
    elif fmt == "ris":
        assert rispy.loads(out.read_text()) == []
    elif fmt == "bibtex":
        assert bibtexparser.parse_string(out.read_text()).entries == []
    else:
        assert out.read_text() == ""


def test_dedupe_folds_copies_into_the_first_row_listing_every_url(filled, tmp_path) -> None:
    archive, stored = filled
    out = tmp_path / "deduped.jsonl"
    manifest = _export(archive, "jsonl", out, dedupe=True)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(stored) - 2
    first = next(r for r in records if r["id"] == stored[0].id)
    assert first["copies"] == 2
    assert first["urls"] == [stored[0].url, stored[6].url, stored[7].url]
    assert manifest["count"] == len(stored) and manifest["rows"] == len(stored) - 2


def test_dedupe_keeps_the_earliest_copy_in_the_selection(filled, tmp_path) -> None:
    archive, stored = filled
    out = tmp_path / "copies.csv"
    only_copies = Selection(article_ids=[stored[6].id, stored[7].id])
    _export(archive, "csv", out, dedupe=True, selection=only_copies)
    [row] = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
    assert row["id"] == str(stored[6].id)
    assert row["urls"] == f"{stored[6].url} | {stored[7].url}"
    assert row["first_seen_url"] == stored[0].url


def test_impossible_requests_fail_clearly_and_leave_nothing(filled, tmp_path) -> None:
    archive, _ = filled
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(ExportError, match="directory"):
        _export(archive, "csv", folder)
    with pytest.raises(ExportError, match="dedupe"):
        _export(archive, "warc", folder / "x.warc.gz", dedupe=True)
    assert list(folder.iterdir()) == []


def test_an_interrupted_export_leaves_no_half_file(filled, tmp_path, monkeypatch) -> None:
    archive, _ = filled
    original = exports.ROW_WRITERS["csv"]

    def interrupted(rows, out, **options):
        original(itertools.islice(rows, 3), out, **options)
        raise KeyboardInterrupt

    monkeypatch.setitem(exports.ROW_WRITERS, "csv", interrupted)
    folder = tmp_path / "exports"
    with pytest.raises(KeyboardInterrupt):
        _export(archive, "csv", folder / "topic.csv")
    assert list(folder.iterdir()) == []


def _traced_peak(action: Callable[[], object]) -> int:
    gc.collect()  # garbage left by an earlier test would count against this one
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _peak_bytes(archive: Archive, ids: list[int], fmt: str, out: Path) -> int:
    return _traced_peak(lambda: _export(archive, fmt, out, selection=Selection(article_ids=ids)))


def _zip_directory_bytes(names: list[str], tmp_path: Path) -> int:
    """What ``zipfile`` itself holds for these entries until it writes the directory."""

    def write() -> None:
        with zipfile.ZipFile(tmp_path / "directory.zip", "w") as bundle:
            for name in names:
                bundle.writestr(name, "")

    return _traced_peak(write)


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("bulk")
    archive = Archive(f"sqlite:///{folder / 'archive.db'}")
    ids = bulk_articles(archive, 2000)
    _export(archive, "csv", folder / "warm-up.csv", selection=Selection(article_ids=ids[:10]))
    yield archive, ids
    archive.dispose()


@pytest.mark.parametrize("fmt", ["csv", "txt", "warc"])
def test_memory_stays_flat_as_the_export_grows(bulk, tmp_path: Path, fmt: str) -> None:
    archive, ids = bulk
    # Both sizes are whole batches of ids (1,000) and of fetched rows (500), so the
    # buffers they fill are alike; only what is kept per row can differ.
    small = _peak_bytes(archive, ids[:1000], fmt, tmp_path / "small")
    large = _peak_bytes(archive, ids, fmt, tmp_path / "large")
    # Holding the 1,000 extra rows would add at least their texts (about 2,500 bytes
    # each); streaming keeps only their ids: a few dozen bytes each. A zip must also keep
    # one directory entry per file until it is closed (about 400 bytes), measured here.
    allowed = 1000 * 300
    if fmt == "txt":
        with zipfile.ZipFile(tmp_path / "large") as written:
            names = written.namelist()
        allowed += _zip_directory_bytes(names, tmp_path) - _zip_directory_bytes(
            names[:1000], tmp_path
        )
    assert large - small < allowed, (small, large, allowed)
