"""``partyline demo``: the whole pipeline on the bundled sample web, offline."""

from __future__ import annotations

from partyline import pipeline
from partyline.context import Context
from sampleweb import SampleWeb
from search.publish.server.app import check_port


def _start_sample_web(port: int) -> SampleWeb:
    """The sample sites under names of their own (``http://mau-nukeviet.test``) behind one
    port the crawl uses as its proxy: their URLs, and so the archive, are the same
    whatever port they get, and a second demo into the same home adds nothing."""
    web = SampleWeb()
    try:
        web.start_named(port)
    except OSError:
        web.start_named(0)
    return web


def run_demo(ctx: Context, *, serve: bool, port: int, sample_port: int) -> int:
    """Serve the sample web, run the pipeline on it; then serve the site unless told not to."""
    if serve:
        check_port("127.0.0.1", port)  # before a minute of work, not after
    ctx.home.ensure()
    registry = ctx.home.root / "sample-registry.yaml"
    web = _start_sample_web(sample_port)
    try:
        web.write_registry(registry)
        print(f"sample web: {len(web.site_ids)} sites behind {web.proxy_url}; registry {registry}")
        request = pipeline.CrawlRequest(
            registry=registry, local_sample=True, settings={"PARTYLINE_PROXY": web.proxy_url}
        )
        result = pipeline.run_pipeline(ctx, request)
    finally:
        web.stop()
    print(
        "\nDemo archive ready\n"
        f"  sites:     {len(web.site_ids)} ({', '.join(web.site_ids)})\n"
        f"  articles:  {result.index.documents} archived "
        f"({result.crawl.extraction.new} new in crawl run {result.crawl.run_id})\n"
        f"  index:     {result.index.documents} documents, "
        f"{result.index.size_bytes / 1e6:.1f} MB in {ctx.index_dir}\n"
        f"  site:      {result.build.pages_total} files in {result.build.site_dir}\n"
    )
    if not serve:
        print('Next: `partyline serve` to browse it, or `partyline search "tinh uy"`.')
        return 0
    from search.publish.server.app import SearchApp
    from search.publish.server.app import serve as serve_site

    app = SearchApp(ctx.archive, ctx.index_dir, ctx.site_dir)
    print(f"Serving the archive on http://127.0.0.1:{port}/ (Ctrl-C stops).")
    serve_site(app, port=port)
    return 0
