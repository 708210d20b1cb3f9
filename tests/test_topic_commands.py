"""The topic, export, cluster and search --collapse commands, as a user types them.

They run in this process through ``partyline.cli.main`` (none of them starts a
crawl, so no reactor is involved): the same parsing, handlers and error
reporting as the installed ``partyline`` script, without an interpreter start each.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from republished import SITE_IDS, add_article, fill_for_export, originals, text_of

from archive.db import Archive
from partyline.cli import main


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("topics-home")
    archive = Archive(f"sqlite:///{home / 'archive.db'}")
    fill_for_export(archive)
    archive.dispose()
    return home


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    def run(home: Path, *args: str) -> Ran:
        capsys.readouterr()
        code = main(["--home", str(home), *args])
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def _ok(cli, home: Path, *args: str) -> str:
    result = cli(home, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _csv_ids(path: Path) -> set[int]:
    return {int(row["id"]) for row in csv.DictReader(io.StringIO(path.read_text("utf-8-sig")))}


def test_topic_lifecycle_from_the_command_line(cli, home: Path, tmp_path: Path) -> None:
    added = _ok(
        cli,
        home,
        "topic",
        "add",
        "can-bo",
        "--query",
        "can bo",
        "--title",
        "Cán bộ",
        "--from",
        "2023",
        "--province",
        "binh phuoc",
        "Tây Ninh",
    )
    assert "Topic can-bo added" in added
    shown = _ok(cli, home, "topic", "show", "can-bo")
    assert "Bình Phước → Đồng Nai" in shown and "Long An → Tây Ninh" in shown
    assert "per month:" in shown and "2023-01" in shown
    assert "can-bo" in _ok(cli, home, "topic", "list")

    frozen = _ok(cli, home, "topic", "freeze", "can-bo", "--name", "v1")
    assert "frozen as “v1”" in frozen
    _ok(cli, home, "topic", "edit", "can-bo", "--clear", "provinces")
    out = tmp_path / "frozen.csv"
    _ok(cli, home, "export", "can-bo", "--snapshot", "v1", "--format", "csv", "--out", str(out))
    now = tmp_path / "now.csv"
    _ok(cli, home, "export", "can-bo", "--format", "csv", "--out", str(now))
    assert _csv_ids(out) < _csv_ids(now)  # the frozen list kept its provinces
    manifest = json.loads((tmp_path / "frozen.csv.manifest.json").read_text())
    assert manifest["snapshot"]["name"] == "v1"
    assert manifest["filters"]["provinces"] == ["binh phuoc", "Tây Ninh"]
    assert manifest["topic"]["slug"] == "can-bo" and manifest["partyline_version"]

    shared = _ok(cli, home, "topic", "export", "-")
    assert "slug: can-bo" in shared and "Cán bộ" in shared
    topics_file = tmp_path / "topics.yaml"
    topics_file.write_text(shared.replace("title: Cán bộ", "title: Cán bộ, đảng viên"), "utf-8")
    assert "1 updated" in _ok(cli, home, "topic", "import", str(topics_file))

    refused = cli(home, "topic", "remove", "can-bo")
    assert refused.returncode == 2 and "--delete-snapshots" in refused.stderr
    assert "Traceback" not in refused.stderr
    _ok(cli, home, "topic", "remove", "can-bo", "--delete-snapshots")


def test_expected_mistakes_get_one_line_errors(cli, home: Path, tmp_path: Path) -> None:
    for args, message in (
        (("topic", "show", "khong-co"), "No topic 'khong-co'"),
        (("topic", "add", "x", "--query", "a", "--from", "hôm qua"), "not a date"),
        (("export", "--format", "csv"), "Name a topic"),
        (("export", "khong-co", "--format", "csv"), "No topic"),
        (("topic", "import", str(tmp_path / "missing.yaml")), "missing.yaml"),
    ):
        result = cli(home, *args)
        assert result.returncode == 2, args
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_adhoc_query_export_with_dedupe_and_search_collapse(
    cli, home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "query.jsonl"
    said = _ok(
        cli, home, "export", "--query", "can bo", "--format", "jsonl", "--dedupe", "--out", str(out)
    )
    assert "row(s)" in said
    records = [json.loads(line) for line in out.read_text().splitlines()]
    folded = [r for r in records if r["copies"]]
    assert len(folded) == 1 and len(folded[0]["urls"]) == 3

    first = originals(1)[0]
    collapsed = json.loads(_ok(cli, home, "search", first.title, "--collapse", "--json"))
    plain = json.loads(_ok(cli, home, "search", first.title, "--json"))
    assert collapsed["total_articles"] == plain["total"] == collapsed["total"] + 2
    [hit] = [h for h in collapsed["results"] if h["copies"]]
    assert len(hit["copies"]) == 2
    assert "collapsed into" in _ok(cli, home, "search", first.title, "--collapse")
    # Paging counts clusters: the page asked for, of as many pages as clusters fill.
    args = ("search", "can bo", "--collapse", "--limit", "1", "--page", "3")
    paged = json.loads(_ok(cli, home, *args, "--json"))
    assert paged["total"] >= 3 and (paged["page"], paged["per_page"]) == (3, 1)
    assert paged["pages"] == paged["total"] and len(paged["results"]) == 1
    assert f"page 3 of {paged['total']}" in _ok(cli, home, *args)


def test_cluster_command_reports_copies(cli, tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    fill_for_export(archive)
    first = originals(1)[0]
    add_article(
        archive, SITE_IDS[2], "ban-sao-3", first.title, text_of(first) + "\n\nTheo TTXVN", None
    )
    archive.dispose()
    said = _ok(cli, tmp_path, "cluster")
    assert "3 near-copies in 1 cluster(s)" in said


def test_an_export_that_cannot_be_written_names_the_file_asked_for(
    cli, home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.csv"
    # The manifest's temporary file cannot be made: a folder holds its name.
    (tmp_path / "x.csv.manifest.json.partial").mkdir()
    result = cli(home, "export", "--query", "can bo", "--format", "csv", "--out", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "error" in line]
    assert f"cannot write {out}" in line and ".partial" not in line
