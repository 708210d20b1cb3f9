"""A frontier shared by several crawl workers (processes or machines) through Redis.

scrapy-redis keeps the request queue and the dupefilter in Redis, so a URL that
any worker enqueued is never requested by another: every article is fetched
once. Keys are per run (``{prefix}:run{N}:…``), kept while the run lasts
(``SCHEDULER_PERSIST``: the first worker to finish must not wipe the frontier of
the others) and deleted by ``clear_frontier`` when the run closes.

A worker with nothing to do stays open while another worker is busy (it may
still enqueue work): each worker writes a heartbeat, and an idle worker closes
only when the queue is empty and no other worker's heartbeat says busy.
"""

from __future__ import annotations

import os
import socket
import time
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from redis import Redis

DEFAULT_PREFIX = "partyline"
HEARTBEAT_SECONDS = 1.0
# A heartbeat older than this is a dead worker: it no longer keeps the others open.
STALE_SECONDS = 20.0


class FrontierError(RuntimeError):
    """Redis cannot be reached; the message says what to set."""


def keys(prefix: str, run_id: int) -> dict[str, str]:
    base = f"{prefix}:run{run_id}"
    return {
        "requests": f"{base}:requests",
        "dupefilter": f"{base}:dupefilter",
        "workers": f"{base}:workers",
        "current": f"{prefix}:current-run",
    }


def connect(redis_url: str) -> Redis:
    """A checked connection to the frontier's Redis."""
    # Imported here: a crawl without a shared frontier never talks to Redis.
    from redis import Redis

    client = Redis.from_url(redis_url, socket_connect_timeout=5)
    try:
        client.ping()
    except Exception as exc:
        raise FrontierError(
            f"cannot reach Redis at {redis_url} ({exc}); set PARTYLINE_REDIS_URL "
            "(e.g. redis://127.0.0.1:6379/0) to a running Redis"
        ) from exc
    return client


def frontier_settings(redis_url: str, prefix: str, run_id: int) -> dict[str, Any]:
    """Scrapy settings that put this run's queue and dupefilter in Redis."""
    names = keys(prefix, run_id)
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": names["requests"],
        "SCHEDULER_DUPEFILTER_KEY": names["dupefilter"],
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": redis_url,
        "PARTYLINE_FRONTIER_WORKERS_KEY": names["workers"],
    }


def open_frontier(redis_url: str, prefix: str, run_id: int, workers: list[str]) -> None:
    """Announce the run and count its workers busy until their first heartbeat."""
    client = connect(redis_url)
    names = keys(prefix, run_id)
    now = time.time()
    client.delete(names["requests"], names["dupefilter"], names["workers"])
    if workers:
        client.hset(names["workers"], mapping={name: f"busy:{now}" for name in workers})
    client.set(names["current"], run_id)


def current_run(redis_url: str, prefix: str) -> int | None:
    """The run a machine joining the crawl should work on."""
    value = connect(redis_url).get(keys(prefix, 0)["current"])
    return int(value) if value else None


def clear_frontier(redis_url: str, prefix: str, run_id: int) -> None:
    client = connect(redis_url)
    names = keys(prefix, run_id)
    client.delete(names["requests"], names["dupefilter"], names["workers"])
    if client.get(names["current"]) == str(run_id).encode():
        client.delete(names["current"])


def worker_name(index: int | None = None) -> str:
    """This machine and process; or the name a parent gives its ``index``-th worker."""
    suffix = os.getpid() if index is None else f"{os.getpid()}-w{index}"
    return f"{socket.gethostname()}:{suffix}"


class SharedFrontierExtension:
    """Heartbeats, and keeping an idle worker open while others still work."""

    def __init__(self, crawler: Crawler, client: Redis, workers_key: str) -> None:
        self.crawler = crawler
        self.client = client
        self.workers_key = workers_key
        self.queue_key = crawler.settings.get("SCHEDULER_QUEUE_KEY")
        self.name = crawler.settings.get("PARTYLINE_WORKER_NAME") or worker_name()
        self.beat = task.LoopingCall(self.heartbeat)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedFrontierExtension:
        workers_key = crawler.settings.get("PARTYLINE_FRONTIER_WORKERS_KEY")
        if not workers_key:
            raise NotConfigured("no shared frontier")
        client = connect(crawler.settings.get("REDIS_URL"))
        extension = cls(crawler, client, workers_key)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider: Spider) -> None:
        self.client.hset(self.workers_key, self.name, f"busy:{time.time()}")
        self.beat.start(HEARTBEAT_SECONDS, now=False)

    def heartbeat(self) -> None:
        engine = self.crawler.engine
        busy = engine is not None and not engine.spider_is_idle()
        self.client.hset(self.workers_key, self.name, f"{'busy' if busy else 'idle'}:{time.time()}")
        if engine is not None and not busy and self.client.zcard(self.queue_key):
            # Other workers filled the shared queue: look at it now. Scrapy's engine
            # polls its scheduler only every 5 s when it has nothing in hand.
            slot = getattr(engine, "_slot", None)
            if slot is not None:
                slot.nextcall.schedule()

    def others_busy(self) -> bool:
        now = time.time()
        for name, value in self.client.hgetall(self.workers_key).items():
            state, _, stamp = value.decode().partition(":")
            if name.decode() == self.name or state != "busy":
                continue
            if now - float(stamp or 0) < STALE_SECONDS:
                return True
        return False

    def idle(self, spider: Spider) -> None:
        self.client.hset(self.workers_key, self.name, f"idle:{time.time()}")
        if self.client.zcard(self.queue_key) or self.others_busy():
            raise DontCloseSpider("another worker may still enqueue requests")

    def closed(self, spider: Spider) -> None:
        if self.beat.running:
            self.beat.stop()
        self.client.hdel(self.workers_key, self.name)
