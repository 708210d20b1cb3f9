"""``partyline nightly``: crawl → extract → index → build → report, unattended.

One run at a time (``partyline/lock.py``); every run writes its own log folder,
``$PARTYLINE_HOME/logs/nightly-<UTC time>/`` (``nightly.log`` and the Scrapy
``crawl.log``). The exit status is for cron and systemd: 0 when nothing needs a
person, 1 when the report flags a site or a stage failed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from archive.home import Home
from archive.report import run_report
from partyline import stages
from partyline.lock import LockHeld, RunLock
from partyline.reporting import format_report

EXIT_OK = 0
EXIT_NEEDS_PERSON = 1
# A run still holding the lock after this long is itself a problem for a person.
STUCK_AFTER = dt.timedelta(hours=20)


@dataclass(frozen=True)
class NightlyResult:
    exit_code: int
    log_dir: Path | None
    run_id: int | None = None
    message: str = ""


def _logger(log_dir: Path) -> logging.Logger:
    logger = logging.getLogger(f"partyline.nightly.{log_dir.name}")
    logger.setLevel(logging.INFO)
    logger.propagate = False  # Scrapy's root handler writes crawl.log; keep them apart
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(message)s")
    for handler in (
        logging.FileHandler(log_dir / "nightly.log", encoding="utf-8"),
        logging.StreamHandler(sys.stderr),
    ):
        handler.setFormatter(formatter)
        logger.addHandler(handler)
    return logger


def _close(logger: logging.Logger) -> None:
    for handler in list(logger.handlers):
        handler.close()
        logger.removeHandler(handler)


def run_nightly(home: Home, request: stages.CrawlRequest) -> NightlyResult:
    """Run every stage under the lock; the exit code says whether a person is needed."""
    home.ensure()
    try:
        with RunLock(home.state_dir / "nightly.lock") as lock:
            return _run_stages(home, request, lock)
    except LockHeld as held:
        age = held.held_for
        stuck = age is not None and age > STUCK_AFTER
        message = f"not started: {held}"
        if stuck:
            message += f"; it has run for {age}: is it stuck?"
        print(f"partyline nightly: {message}", file=sys.stderr)
        return NightlyResult(EXIT_NEEDS_PERSON if stuck else EXIT_OK, None, message=message)


def _stage(logger: logging.Logger, name: str, action: Callable[[], Any]) -> Any:
    logger.info("%s: starting", name)
    result = action()
    logger.info("%s: done %s", name, _describe(result))
    return result


def _describe(result: Any) -> str:
    fields = getattr(result, "__dict__", None)
    if not fields:
        return ""
    shown = {k: v for k, v in fields.items() if isinstance(v, int | str | float | dict)}
    return json.dumps(shown, ensure_ascii=False, default=str)


def _run_stages(home: Home, request: stages.CrawlRequest, lock: RunLock) -> NightlyResult:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    log_dir = home.logs_dir / f"nightly-{stamp}"
    log_dir.mkdir(parents=True, exist_ok=True)
    logger = _logger(log_dir)
    try:
        if lock.stale_holder:
            logger.warning("recovered a stale lock left by a dead run: %s", lock.stale_holder)
        request = replace(request, log_file=log_dir / "crawl.log")
        try:
            crawl = _stage(logger, "crawl", lambda: stages.run_crawl(home, request))
            _stage(logger, "extract", lambda: stages.run_extract_pending(home))
            _stage(logger, "index", lambda: stages.run_index(home))
            _stage(logger, "build", lambda: stages.run_build(home))
        except Exception:
            logger.error("a stage failed; NEEDS A PERSON:\n%s", traceback.format_exc())
            return NightlyResult(EXIT_NEEDS_PERSON, log_dir, message="a stage failed")
        with stages.open_archive(home).session() as session:
            report = run_report(session, crawl.run_id)
        assert report is not None
        (log_dir / "report.json").write_text(
            json.dumps(report.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        logger.info("report:\n%s", format_report(report))
        code = EXIT_NEEDS_PERSON if report.needs_person else EXIT_OK
        return NightlyResult(code, log_dir, crawl.run_id)
    finally:
        _close(logger)
