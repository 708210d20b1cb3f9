"""The website in a real browser: Debian's Chromium driven by Playwright.

A reader's path through the archive: the home page, an unaccented search, a
facet, an article, the language switch; a researcher's through the research
pages, their charts checked against the command line's JSON; on every page no
console errors and no request leaving 127.0.0.1. Set ``PARTYLINE_SCREENSHOTS=1`` to refresh the
screenshots in ``docs/screenshots/`` that the README shows.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from search.analysis import folded_form
from tests.browser_support import CHROMIUM, chromium_unavailable_reason, launch_arguments
from tests.conftest import REPO, Crawled, run_cli
from tests.research_home import bar_titles, point_titles
from tests.running_server import copy_home, running_server

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class Tab:
    """A browser page that remembers what went wrong on it."""

    page: object
    base: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.console_errors + [f"request left 127.0.0.1: {u}" for u in self.foreign_requests]


@pytest.fixture(scope="module")
def browser_home(crawled: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the crawled archive with a topic, rebuilt: the other tests share ``crawled``."""
    home = copy_home(crawled.home, tmp_path_factory.mktemp("browser-home") / "home")
    added = run_cli(home, "topic", "add", "uy-ban", "--query", "tỉnh ủy", "--title", "Tỉnh ủy")
    assert added.returncode == 0, added.stderr
    built = run_cli(home, "build")
    assert built.returncode == 0, built.stderr
    return home


@pytest.fixture(scope="module")
def base_url(browser_home: Path) -> Iterator[str]:
    with running_server(browser_home) as server:
        yield server.base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    reason = chromium_unavailable_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=launch_arguments(), headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser, base_url: str) -> Iterator[Tab]:
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    state = Tab(page, base_url)

    def on_console(message) -> None:
        if message.type == "error":
            state.console_errors.append(message.text)

    def on_response(response) -> None:
        if response.status >= 400:
            state.console_errors.append(f"{response.status} for {response.url}")

    def on_request(request) -> None:
        if request.url.startswith("http") and urlsplit(request.url).hostname != "127.0.0.1":
            state.foreign_requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: state.console_errors.append(str(error)))
    page.on("response", on_response)
    page.on("request", on_request)
    yield state
    context.close()


def _screenshot(tab: Tab, name: str, tmp_path: Path) -> None:
    """Save to docs/screenshots when asked, else beside the test (proving it renders)."""
    folder = SCREENSHOTS if os.environ.get("PARTYLINE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.png"
    tab.page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 10_000


def _search_from_home(tab: Tab, query: str) -> None:
    page = tab.page
    page.goto(tab.base + "/")
    box = page.locator("form[role=search] input[name=q]").first
    box.fill(query)
    box.press("Enter")
    page.wait_for_selector("ol.results > li")


def test_home_page_shows_the_archive_and_a_search_box(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto(tab.base + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("form[role=search] input[name=q]").count() >= 1
    assert page.locator("main a[href*='articles/']").count() >= 10
    _screenshot(tab, "home", tmp_path)
    assert tab.problems() == []


def test_unaccented_search_highlights_accented_words(tab: Tab, tmp_path: Path) -> None:
    _search_from_home(tab, "tinh uy")
    page = tab.page
    assert urlsplit(page.url).path == "/search"
    marks = page.locator("ol.results .snippet mark").all_inner_texts()
    assert marks, "no highlighted words in the snippets"
    assert any(re.search(r"tỉnh|uỷ|ủy", mark, re.IGNORECASE) for mark in marks)
    _screenshot(tab, "search", tmp_path)
    assert tab.problems() == []


def test_a_facet_narrows_the_results(tab: Tab) -> None:
    _search_from_home(tab, "tinh uy")
    page = tab.page
    total_before = _api_total(tab.base, page.url)
    page.locator(".facets a").first.click()
    page.wait_for_selector("ol.results > li")
    total_after = _api_total(tab.base, page.url)
    assert 0 < total_after < total_before
    assert tab.problems() == []


def _api_total(base: str, page_url: str) -> int:
    """The total the JSON API gives for the search a results page shows."""
    query = urlsplit(page_url).query
    with urllib.request.urlopen(f"{base}/api/search?{query}", timeout=30) as response:
        return json.load(response)["total"]


def test_an_article_opens_with_its_citation(tab: Tab, tmp_path: Path) -> None:
    _search_from_home(tab, "tinh uy")
    page = tab.page
    first = page.locator("ol.results > li a").first
    title = first.inner_text().strip()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().strip() == title
    assert page.locator("meta[name=citation_title]").get_attribute("content") == title
    assert page.locator(".cite").count() == 1
    assert "page:" not in page.locator(".article-meta").inner_text()
    _screenshot(tab, "article", tmp_path)
    assert tab.problems() == []


def _fonts_with(character: str) -> set[str]:
    """The installed font families that hold ``character`` itself (fontconfig)."""
    listed = subprocess.run(
        ["fc-list", f":charset={ord(character):x}", "family"], capture_output=True, text=True
    ).stdout
    return {name for line in listed.splitlines() for name in line.split(",")}


def test_citations_are_drawn_in_a_font_that_writes_vietnamese(tab: Tab) -> None:
    """A font without letters such as ẫ makes the browser build them from a letter and a
    combining mark, which a monospace font puts on the wrong letter ("mâũ"): the font
    that draws a citation must hold every letter of it."""
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is not installed (it comes with Chromium)")
    _search_from_home(tab, "tinh uy")
    page = tab.page
    page.locator("ol.results > li a").first.click()
    page.wait_for_load_state()
    text = page.locator(".cite pre code").first.inner_text()
    letters = {c for c in unicodedata.normalize("NFC", text) if not c.isascii() and c.isalpha()}
    assert re.search("[ẫậầấẩỗộồốổữựừứửễệềếể]", text), "no stacked diacritics to check"
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": ".cite pre code"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    for font in fonts:
        missing = sorted(c for c in letters if font["familyName"] not in _fonts_with(c))
        assert not missing, f"{font['familyName']} lacks {''.join(missing)}"


def test_the_language_switch_goes_both_ways(tab: Tab) -> None:
    page = tab.page
    page.goto(tab.base + "/")
    page.locator("header a[hreflang=en]").first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert urlsplit(page.url).path.startswith("/en/")
    box = page.locator("form[role=search] input[name=q]").first
    box.fill("tinh uy")
    box.press("Enter")
    page.wait_for_selector("ol.results > li")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("header a[hreflang=vi]").first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert tab.problems() == []


def test_pages_fit_a_phone_screen(browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    for path in ("/", "/search?q=tinh+uy"):
        page.goto(base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    context.close()


def test_keyboard_users_can_skip_to_the_content(tab: Tab) -> None:
    page = tab.page
    page.goto(tab.base + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#content"
    assert page.locator("main#content").count() == 1


# ---------------------------------------------------------------- research pages


def _scroll_to(tab: Tab, selector: str) -> None:
    """Bring the research result to the top of the window (for its screenshot)."""
    tab.page.evaluate(
        "selector => window.scrollTo(0, document.querySelector(selector).offsetTop - 16)",
        selector,
    )


def _research_json(home: Path, *args: str) -> dict:
    result = run_cli(home, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_trends_compare_queries_with_labelled_lines_and_the_clis_numbers(
    tab: Tab, browser_home: Path, tmp_path: Path
) -> None:
    page = tab.page
    page.goto(tab.base + "/en/trends?q=tuyên+giáo&q=dân+vận&q=nông+thôn+mới&by=year")
    result = _research_json(
        browser_home, "trends", "tuyên giáo", "dân vận", "nông thôn mới", "--by", "year"
    )
    assert page.locator("ul.legend li").count() == 3
    assert page.locator("svg.research-chart path.line").count() == 3
    expected = point_titles(result)
    titles = page.locator("svg.research-chart circle title").all_text_contents()
    assert titles == expected
    assert page.locator("table.trend-table tbody tr").count() == len(result["periods"])
    _scroll_to(tab, "ul.legend")
    _screenshot(tab, "research-trends", tmp_path)
    assert tab.problems() == []


def test_a_point_of_the_chart_opens_the_search_for_its_articles(tab: Tab) -> None:
    page = tab.page
    page.goto(tab.base + "/trends?q=tuyên+giáo&by=year")
    point = page.locator("svg.research-chart a").nth(2)
    matching = int(re.search(r": ([\d,]+) /", point.locator("title").text_content()).group(1))
    point.locator("circle").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/search"
    assert _api_total(tab.base, page.url) == matching
    assert "date:" in page.locator("input[name=q]").first.input_value()
    assert tab.problems() == []


def test_provinces_split_draw_small_multiples_on_one_scale(tab: Tab) -> None:
    page = tab.page
    page.goto(tab.base + "/en/trends?q=tuyên+giáo&by=year&per=province")
    lines = page.locator("svg.research-chart path.line").count()
    assert 2 <= lines <= 5
    assert page.locator("figure.multiple").count() == lines
    assert tab.problems() == []


def test_provinces_compared_as_sorted_bars_with_counts(
    tab: Tab, browser_home: Path, tmp_path: Path
) -> None:
    page = tab.page
    page.goto(tab.base + "/shares?q=tuyên+giáo&per=province")
    result = _research_json(browser_home, "shares", "tuyên giáo", "--per", "province")
    held = [row for row in result["rows"] if row["total"]]
    bars = page.locator("svg.share-chart rect title").all_text_contents()
    assert bars == bar_titles(result)
    _scroll_to(tab, "main h1")
    _screenshot(tab, "research-shares", tmp_path)
    page.locator("svg.share-chart a").first.locator("rect").click()
    page.wait_for_load_state()
    assert _api_total(tab.base, page.url) == held[0]["matching"]
    assert tab.problems() == []


def test_distinctive_terms_side_by_side_link_to_their_articles(
    tab: Tab, browser_home: Path, tmp_path: Path
) -> None:
    page = tab.page
    page.goto(tab.base + "/en/terms?q=tuyên+giáo&q=dân+vận")
    result = _research_json(browser_home, "terms", "tuyên giáo", "dân vận", "--sample", "5000")
    columns = page.locator("section.term-column")
    assert columns.count() == 2
    for number, column in enumerate(result["columns"]):
        shown = columns.nth(number).locator("table.term-table tbody th a").all_inner_texts()
        assert shown == [term["term"] for term in column["terms"]]
    assert result["columns"][0]["terms"], "no distinctive term for tuyên giáo"
    _scroll_to(tab, ".term-columns")
    _screenshot(tab, "research-terms", tmp_path)
    columns.first.locator("table.term-table tbody th a").first.click()
    page.wait_for_load_state()
    assert _api_total(tab.base, page.url) > 0
    assert tab.problems() == []


def test_keyword_in_context_lines_up_the_matches(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto(tab.base + '/kwic?q="tuyên+giáo"&sort=right')
    marks = page.locator("table.kwic td.match mark").all_inner_texts()
    assert marks and {unicodedata.normalize("NFC", m).lower() for m in marks} == {"tuyên giáo"}
    rights = [
        (re.findall(r"\w+", text) or [""])[0].lower()
        for text in page.locator("table.kwic td.right").all_inner_texts()
    ]
    assert rights == sorted(rights, key=lambda word: (folded_form(word), word))
    _scroll_to(tab, "table.kwic")
    _screenshot(tab, "research-kwic", tmp_path)
    href = page.locator("ul.downloads a").first.get_attribute("href")
    with urllib.request.urlopen(tab.base + "/" + href.lstrip("./"), timeout=60) as response:
        csv_text = response.read().decode("utf-8-sig")
    assert csv_text.count("\n") > len(marks)  # every line, not the page's
    assert tab.problems() == []


def test_topic_pages_show_their_share_and_distinctive_terms(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    page.goto(tab.base + "/en/topics/uy-ban.html")
    assert page.locator("svg.research-chart circle").count() > 0
    assert page.locator("#topic-terms").count() == 1
    _scroll_to(tab, "#share-over-time")
    _screenshot(tab, "topic-research", tmp_path)
    assert tab.problems() == []


def test_research_forms_work_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/en/trends")
    page.fill("#q1", "tuyên giáo")
    page.fill("#q2", "dân vận")
    page.select_option("#by", "year")
    page.locator("form.research-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("svg.research-chart path.line").count() == 2
    context.close()


def test_research_pages_fit_a_phone_screen(browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    for path in (
        "/trends?q=tuyên+giáo&q=dân+vận&by=year",
        "/shares?q=tuyên+giáo",
        "/terms?q=tuyên+giáo",
        "/kwic?q=tuyên+giáo",
    ):
        page.goto(base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    context.close()
