"""Write the generated part of the extraction gold set from the sample web.

Run once (the files are committed): ``python -m tests.gold.generate``. For each
of every sample site it saves five article pages, bytes exactly as served
(charset lies, windows-1258 and NFD included), and NukeViet ``print/`` views,
each beside a ``.json`` with the truth: title, published, author, source, body
and the furniture strings that must never reach the body. The hand-made edge
cases (``handmade-*``) are written by hand and left alone.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
import urllib.request
from pathlib import Path

from lxml import html

from sampleweb import EXTRACTION_SITE_IDS, SITE_IDS, ExpectedArticle, SampleWeb

PAGES_DIR = Path(__file__).parent / "pages"
PER_SITE = 5
ARTICLES_PER_SITE = 30
PRINT_VIEWS = {"mau-nukeviet": 2, "mau-egov": 1}
ENCODINGS = {"mau-unknown": "cp1258"}
# What NukeViet's print view prints around the article (nukeviet-print.html.j2).
PRINT_FURNITURE = ("In ra", "Đóng cửa sổ này", "URL của bài viết này")


def _fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url) as response:
        return response.read(), response.headers["Content-Type"]


def _visible(body: bytes, encoding: str) -> str:
    text = unicodedata.normalize("NFC", body.decode(encoding, "replace"))
    text = re.sub(r"^<\?xml[^>]*>", "", text)
    return " ".join(html.fromstring(text).text_content().replace("\xa0", " ").split())


def _chosen(truths: list[ExpectedArticle]) -> list[ExpectedArticle]:
    """Five articles showing the site's variety: a table, NFD, a source, no author, old tones."""
    wanted = [
        lambda t: " | " in t.text,
        lambda t: t.nfd,
        lambda t: t.source is not None,
        lambda t: t.author is None,
        lambda t: t.tone_style == "old",
    ]
    picked: list[ExpectedArticle] = []
    for test in wanted:
        found = next((t for t in truths if test(t) and t not in picked), None)
        if found:
            picked.append(found)
    for truth in truths[::6]:
        if len(picked) < PER_SITE and truth not in picked:
            picked.append(truth)
    return picked[:PER_SITE]


def _write(name: str, body: bytes, record: dict[str, object]) -> None:
    (PAGES_DIR / f"{name}.html").write_bytes(body)
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    (PAGES_DIR / f"{name}.json").write_text(text, encoding="utf-8")


def _record(web: SampleWeb, truth: ExpectedArticle, url: str, body: bytes, content_type: str):
    site = web.site(truth.site_id)
    visible = _visible(body, ENCODINGS.get(truth.site_id, "utf-8"))
    furniture = web.boilerplate(truth.site_id) + web.related_titles(truth.site_id, truth.article_id)
    furniture += PRINT_FURNITURE
    return {
        "url": url,
        "content_type": content_type,
        "family": site.spec.family,
        "title": truth.title,
        "published": truth.published,
        "author": truth.author,
        "source": truth.source,
        "body": truth.text,
        "boilerplate": [s for s in dict.fromkeys(furniture) if s in visible],
        "origin": f"sample web {truth.site_id}",
    }


def generate(port_base: int) -> int:
    written = 0
    sites = list(SITE_IDS + EXTRACTION_SITE_IDS)
    with SampleWeb(sites=sites, articles_per_site=ARTICLES_PER_SITE, special_pages=False) as web:
        web.start(port_base=port_base)
        for site_id in sites:
            truths = web.expected_articles(site_id)
            for truth in _chosen(truths):
                body, content_type = _fetch(truth.url)
                _write(
                    f"{site_id}-{truth.article_id}",
                    body,
                    _record(web, truth, truth.url, body, content_type),
                )
                written += 1
            for truth in truths[3 : 3 + PRINT_VIEWS.get(site_id, 0)]:
                url = web.duplicate_urls(site_id, truth.article_id)[0]
                body, content_type = _fetch(url)
                record = _record(web, truth, url, body, content_type) | {
                    "origin": f"print view, {site_id}"
                }
                _write(f"{site_id}-{truth.article_id}-print", body, record)
                written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port-base", type=int, default=8401)
    args = parser.parse_args()
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    for old in PAGES_DIR.glob("mau-*"):
        old.unlink()
    print(f"{generate(args.port_base)} pages written to {PAGES_DIR}")


if __name__ == "__main__":
    main()
