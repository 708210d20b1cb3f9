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

from partyline import pipeline, terminal
from partyline.context import Context
from partyline.lock import LockHeld, RunLock

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


def run_nightly(ctx: Context, request: pipeline.CrawlRequest) -> NightlyResult:
    """Run every stage under the lock; the exit code says whether a person is needed."""
    ctx.home.ensure()
    try:
        with RunLock(ctx.home.state_dir / "nightly.lock") as lock:
            return _run_stages(ctx, request, lock)
    except LockHeld as held:
        age = held.held_for
        stuck = age is not None and age > STUCK_AFTER
        message = f"not started: {held}"
        if stuck:
            message += f"; it has run for {age}: is it stuck?"
        print(f"partyline nightly: {message}", file=sys.stderr)
        return NightlyResult(EXIT_NEEDS_PERSON if stuck else EXIT_OK, None, message=message)


def _logged(logger: logging.Logger) -> Callable[[str, Callable[[], Any]], Any]:
    """How the pipeline runs each stage here: with a line in the log before and after."""

    def stage(name: str, action: Callable[[], Any]) -> Any:
        logger.info("%s: starting", name)
        result = action()
        logger.info("%s: done %s", name, _describe(result))
        return result

    return stage


def _describe(result: Any) -> str:
    fields = getattr(result, "__dict__", None)
    if not fields:
        return ""
    shown = {k: v for k, v in fields.items() if isinstance(v, int | str | float | dict)}
    return json.dumps(shown, ensure_ascii=False, default=str)


def _run_stages(ctx: Context, request: pipeline.CrawlRequest, lock: RunLock) -> NightlyResult:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    log_dir = ctx.home.logs_dir / f"nightly-{stamp}"
    log_dir.mkdir(parents=True, exist_ok=True)
    logger = _logger(log_dir)
    try:
        if lock.stale_holder:
            logger.warning("recovered a stale lock left by a dead run: %s", lock.stale_holder)
        request = replace(request, log_file=log_dir / "crawl.log")
        try:
            result = pipeline.run_pipeline(ctx, request, stage=_logged(logger))
        except Exception:
            logger.error("a stage failed; NEEDS A PERSON:\n%s", traceback.format_exc())
            return NightlyResult(EXIT_NEEDS_PERSON, log_dir, message="a stage failed")
        report = result.report
        (log_dir / "report.json").write_text(terminal.to_json(report.as_dict()), encoding="utf-8")
        logger.info("report:\n%s", terminal.format_report(report))
        code = EXIT_NEEDS_PERSON if report.needs_person else EXIT_OK
        return NightlyResult(code, log_dir, result.crawl.run_id)
    finally:
        _close(logger)
