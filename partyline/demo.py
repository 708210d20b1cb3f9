"""``partyline demo``: the whole pipeline on the bundled sample web, offline."""

from __future__ import annotations

from archive.home import Home
from partyline import stages
from sampleweb import SampleWeb


def _start_sample_web(port_base: int) -> SampleWeb:
    """Fixed ports keep URLs stable across demo runs; free ports if those are taken."""
    web = SampleWeb()
    try:
        return web.start(port_base=port_base)
    except OSError:
        print(f"ports from {port_base} are busy; serving the sample web on free ports")
        return web.start(port_base=0)


def run_demo(home: Home, *, serve: bool, port: int, port_base: int) -> int:
    """Serve the sample web, crawl it, index, build; then serve the site unless told not to."""
    home.ensure()
    registry = home.root / "sample-registry.yaml"
    web = _start_sample_web(port_base)
    try:
        web.write_registry(registry)
        print(f"sample web: {len(web.site_ids)} sites on 127.0.0.1; registry {registry}")
        crawl = stages.run_crawl(home, stages.CrawlRequest(registry=registry, local_sample=True))
        index = stages.run_index(home)
        build = stages.run_build(home)
    finally:
        web.stop()
    articles = stages.count_articles(home)
    print(
        "\nDemo archive ready\n"
        f"  sites:     {len(web.site_ids)} ({', '.join(web.site_ids)})\n"
        f"  articles:  {articles} archived "
        f"({crawl.extraction.new} new in crawl run {crawl.run_id})\n"
        f"  index:     {index.documents} documents, {index.size_bytes / 1e6:.1f} MB "
        f"in {home.index_dir}\n"
        f"  site:      {build.pages_total} files in {build.site_dir}\n"
    )
    if not serve:
        print('Next: `partyline serve` to browse it, or `partyline search "tinh uy"`.')
        return 0
    from search.server import SearchApp
    from search.server import serve as serve_site

    app = SearchApp(stages.open_archive(home), home.index_dir, home.site_dir)
    print(f"Serving the archive on http://127.0.0.1:{port}/ (Ctrl-C stops).")
    serve_site(app, port=port)
    return 0
