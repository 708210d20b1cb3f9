"""Run the crawl's page counter (``RunStatsExtension``) under a real Twisted reactor,
its database writes failing the first N times: ``python -m tests.counter_writes URL
RUN_ID SITE_ID PAGES FAILURES``. A process of its own, as every crawl has (a reactor
cannot be restarted inside the test process)."""

from __future__ import annotations

import sys

from twisted.internet import asyncioreactor

asyncioreactor.install()  # the reactor Scrapy installs for a crawl

from scrapy import Request  # noqa: E402
from scrapy.http import Response  # noqa: E402
from scrapy.utils.defer import deferred_from_coro  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402
from twisted.internet import task  # noqa: E402

from crawler.extensions import RunStatsExtension  # noqa: E402


def main(reactor: object, url: str, run_id: str, site_id: str, pages: str, failures: str):
    crawler = get_crawler(settings_dict={"PARTYLINE_DB_URL": url, "PARTYLINE_RUN_ID": run_id})
    counter = RunStatsExtension.from_crawler(crawler)
    write, left = counter._write, [int(failures)]

    def failing_write(*counts: object) -> None:
        if left[0] > 0:
            left[0] -= 1
            raise OperationalError("UPDATE crawl_run_sites", {}, Exception("database is locked"))
        write(*counts)

    counter._write = failing_write
    for number in range(int(pages)):
        request = Request(f"http://example.vn/{number}", meta={"site_id": site_id})
        counter.response_received(Response(request.url, request=request), request, None)
    # As Scrapy runs a coroutine signal handler under the asyncio reactor.
    return deferred_from_coro(counter.close())


if __name__ == "__main__":
    task.react(main, sys.argv[1:])
