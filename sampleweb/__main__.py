"""``python -m sampleweb serve``: serve the sample web until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import threading

from sampleweb.specs import SITE_IDS, site_specs
from sampleweb.web import DEFAULT_ARTICLES, SampleWeb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sampleweb", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the sample sites on 127.0.0.1 until Ctrl-C")
    serve.add_argument(
        "--port-base", type=int, default=0, help="first port (default: any free ports)"
    )
    serve.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="articles per site")
    serve.add_argument("--copies", type=int, default=1, help="independent copies of each site")
    serve.add_argument(
        "--sites", nargs="*", choices=list(site_specs()), help=f"these sites (default: {SITE_IDS})"
    )
    serve.add_argument("--slow-seconds", type=float, default=20, help="delay of the slow trap page")
    serve.add_argument("--seed", type=int, default=0)
    serve.add_argument("--registry", help="also write the registry YAML for the served sites here")
    args = parser.parse_args(argv)

    web = SampleWeb(
        sites=args.sites,
        articles_per_site=args.articles,
        copies=args.copies,
        slow_seconds=args.slow_seconds,
        seed=args.seed,
    )
    try:
        web.start(port_base=args.port_base)
    except OSError as exc:
        print(
            f"python -m sampleweb: error: cannot serve from port {args.port_base} "
            f"({exc.strerror or exc}): choose other ports with --port-base N, or 0 for any",
            file=sys.stderr,
        )
        return 2
    for site_id in web.site_ids:
        print(f"{site_id:24} {web.base_url(site_id)}")
    if args.registry:
        print(f"registry: {web.write_registry(args.registry)}")
    print("Serving; press Ctrl-C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        web.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
