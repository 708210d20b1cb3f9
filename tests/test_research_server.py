"""The research pages and downloads of a real ``partyline serve`` (with its search workers):
the same numbers as the command line, charts whose marks say them, links that find them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from itertools import pairwise
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.conftest import REPO, cli_environment, run_cli
from tests.research_home import bar_titles, cli_json, make_home, point_titles
from tests.running_server import Server, running_server


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("research-server") / "home"
    make_home(home)
    built = run_cli(home, "build")
    assert built.returncode == 0, built.stderr
    return home


@pytest.fixture(scope="module")
def server(home: Path):
    with running_server(home) as running:
        yield running


def _get(server: Server, path: str) -> tuple[int, dict, str]:
    reply = server.request(path)
    return reply.status, reply.headers, reply.body.decode("utf-8")


def _q(*queries: str) -> str:
    return "&".join(f"q={quote(query)}" for query in queries)


@pytest.mark.parametrize(
    "path",
    [
        f"/trends?{_q('tuyên giáo', 'covid')}&by=year",
        f"/en/trends?{_q('đảng')}&by=year&per=province",
        f"/shares?{_q('tuyen giao')}&per=province_current",
        f"/en/terms?{_q('date:2021', 'date:2023')}&min_count=1",
        f"/kwic?{_q('tuyen giao')}&sort=right",
        "/en/kwic",
    ],
)
def test_research_pages_answer_in_both_languages_without_inline_code(
    server: Server, path: str
) -> None:
    status, headers, html = _get(server, path)
    assert status == 200
    assert f'<html lang="{"en" if path.startswith("/en/") else "vi"}">' in html
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "<script" not in html and "style=" not in html and "<style" not in html


def test_the_json_download_is_the_command_lines_json(server: Server, home: Path) -> None:
    cases = [
        (
            f"/trends.json?{_q('tuyên giáo', 'covid')}&by=year",
            ["trends", "tuyên giáo", "covid", "--by", "year"],
        ),
        (f"/shares.json?{_q('tuyen giao')}&per=province", ["shares", "tuyen giao"]),
        (
            f"/terms.json?{_q('date:2021')}&min_count=1",
            ["terms", "date:2021", "--min-count", "1", "--sample", "5000"],
        ),
    ]
    for path, command in cases:
        status, headers, body = _get(server, path)
        assert status == 200 and headers["content-type"].startswith("application/json")
        assert json.loads(body) == cli_json(home, *command), path


def test_csv_downloads_are_byte_for_byte_the_command_lines(server: Server, home: Path) -> None:
    cases = [
        (
            f"/trends.csv?{_q('đảng')}&by=year&per=site",
            ["trends", "đảng", "--by", "year", "--per", "site", "--csv"],
        ),
        (f"/kwic.csv?{_q('tuyen')}&sort=left", ["kwic", "tuyen", "--sort", "left", "--csv"]),
    ]
    for path, command in cases:
        reply = server.request(path)
        assert reply.status == 200, reply.body
        assert "attachment" in reply.headers["content-disposition"]
        printed = subprocess.run(
            [sys.executable, "-m", "partyline", *command],
            capture_output=True,
            env=cli_environment(home),
            cwd=REPO,
            check=True,
        )
        assert reply.body == printed.stdout, path


def test_the_concordance_streams_every_line_as_json_lines(server: Server, home: Path) -> None:
    reply = server.request(f"/kwic.jsonl?{_q('đảng OR tỉnh')}")
    assert reply.status == 200 and reply.headers.get("transfer-encoding") == "chunked"
    lines = [json.loads(line) for line in reply.body.decode().splitlines()]
    printed = run_cli(home, "kwic", "đảng OR tỉnh", "--jsonl").stdout.splitlines()
    assert lines == [json.loads(line) for line in printed] and len(lines) > 10


def _main_chart(html: str) -> str:
    return html.split('class="research-chart"', 1)[1].split("</svg>", 1)[0]


def _point_titles(html: str) -> list[str]:
    chart = _main_chart(html)
    return [unescape(t) for t in re.findall(r"<circle[^>]*><title>([^<]*)</title>", chart)]


def test_chart_points_say_the_numbers_of_the_json(server: Server, home: Path) -> None:
    _, _, html = _get(server, f"/en/trends?{_q('tuyên giáo', 'covid')}&by=year")
    result = cli_json(home, "trends", "tuyên giáo", "covid", "--by", "year")
    expected = point_titles(result)
    assert _point_titles(html) == expected


def test_a_gap_breaks_the_line_and_no_point_is_drawn(server: Server, home: Path) -> None:
    _, _, html = _get(server, f"/en/trends?{_q('đảng')}&by=year&per=site")
    result = cli_json(home, "trends", "đảng", "--by", "year", "--per", "site")
    drawn = sum(1 for s in result["series"] for p in s["points"] if p["ratio"] is not None)
    assert len(_point_titles(html)) == drawn
    paths = re.findall(r'<path class="line s\d" d="([^"]*)"', _main_chart(html))
    assert len(paths) == len(result["series"]) == 3
    for path, series in zip(paths, result["series"], strict=True):
        held = [p["ratio"] is not None for p in series["points"]]
        joined = sum(1 for a, b in pairwise(held) if a and b)
        assert (path.count("L"), path.count("M")) == (joined, sum(held) - joined)
    assert "no article archived (a gap)" in html  # in the table, for each gap


def test_every_point_links_to_the_search_for_its_articles(server: Server) -> None:
    _, _, html = _get(server, f"/trends?{_q('tuyên giáo')}&by=year")
    points = re.findall(r'<a href="([^"]*)"><circle[^>]*><title>([^<]*)</title>', html)
    assert points
    for href, title in points:
        query = parse_qs(urlsplit(unescape(href)).query)["q"][0]
        api = json.loads(server.request(f"/api/search?q={quote(query)}").body)
        matching = int(re.search(r": (\d+) /", unescape(title)).group(1))
        assert api["total"] == matching, (query, title)


def test_share_bars_and_table_rest_on_the_same_counts(server: Server, home: Path) -> None:
    _, _, html = _get(server, f"/en/shares?{_q('tuyen giao')}&per=province_current")
    result = cli_json(home, "shares", "tuyen giao", "--per", "province_current")
    bars = [unescape(t) for t in re.findall(r'<rect class="bar[^"]*"[^>]*><title>([^<]*)', html)]
    assert bars == bar_titles(result)
    assert "No site archived (31)" in html


def test_the_page_shows_the_command_that_reproduces_it(server: Server) -> None:
    _, _, html = _get(server, f"/en/trends?{_q('tuyên giáo', 'covid')}&by=week&per=")
    assert "partyline trends &#39;tuyên giáo&#39; covid --by week --json" in html


def test_bad_parameters_are_refused_with_the_allowed_values(server: Server) -> None:
    assert server.request(f"/trends?{_q('a')}&by=decade").status == 400
    assert server.request(f"/shares?{_q('a')}&per=district").status == 400
    assert server.request(f"/kwic?{_q('a')}&width=5000").status == 400
    six = _q(*"abcdef")
    assert server.request(f"/trends?{six}").status == 400
    assert server.request("/trends.csv").status == 400
    refused = server.request(f"/en/trends?{_q('a', 'b')}&per=site")
    assert refused.status == 400 and b"give one query" in refused.body
