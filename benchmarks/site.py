"""The research website at scale: the static build, then the search server under load.

    python -m benchmarks.site                    # 100,000 articles: both parts
    python -m benchmarks.site --articles 5000    # a quick run

Runs ``benchmarks.site_build`` (full and incremental builds against writing the
texts to plain files) and then ``benchmarks.site_server`` (``/api/search`` under
32 concurrent clients against a static file of the same server), one after the
other so neither disturbs the other; each writes its own section of
``docs/benchmarks.md`` ("Site build", "Search server").
"""

from __future__ import annotations

import argparse

from benchmarks import site_build, site_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--no-report", action="store_true", help="print, do not write the doc")
    args = parser.parse_args(argv)
    report = ["--no-report"] if args.no_report else []
    build = site_build.main(["--articles", str(args.articles), *report])
    serve = site_server.main(
        [
            "--articles",
            str(args.articles),
            "--clients",
            str(args.clients),
            "--seconds",
            str(args.seconds),
            *report,
        ]
    )
    return build or serve


if __name__ == "__main__":
    raise SystemExit(main())
