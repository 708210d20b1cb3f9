"""The Partyline registry entries (``crawler/registry.py`` format) for running sample sites."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from sampleweb.site import SampleSite


def entry(site: SampleSite, base_url: str) -> dict[str, Any]:
    spec, urls = site.spec, site.renderer.urls
    return {
        "id": spec.id,
        "name": spec.name,
        "publisher_type": spec.publisher_type,
        "province": spec.province,
        "family": spec.family,
        "hosts": [urlsplit(base_url).netloc],
        "listings": [base_url + path for path in urls.listing_paths()],
        "feeds": [base_url + path for path in urls.feed_paths()],
        "sitemaps": [base_url + path for path in urls.sitemap_paths()],
        "obey_robots": True,
    }


def write(path: Path, entries: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump({"sites": entries}, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")
    return path
