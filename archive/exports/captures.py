"""The WARC export: the archived captures behind a selection's articles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Subquery, select
from sqlalchemy.orm import Session

from archive.models import Capture
from archive.warc import write_captures

CAPTURE_BATCH = 50  # bodies are large: fetch few at a time


def write_warc(
    session: Session,
    members: Subquery,
    out: Path,
    record: Callable[[int, str], None],
    *,
    filename: str,
) -> int:
    """One gzipped WARC ``response`` record per article's capture, in article-id order."""
    captures_table = Capture.__table__
    query = (
        select(members.c.article_id, *captures_table.columns)
        .join(captures_table, captures_table.c.id == members.c.capture_id)
        .order_by(members.c.article_id)
        .execution_options(yield_per=CAPTURE_BATCH)
    )

    def captures() -> Iterator[Capture]:
        # Core rows carry the capture's columns by name, as write_captures reads them;
        # no ORM objects, so nothing is kept once a record is written.
        for row in session.connection().execute(query):
            record(row.article_id, row.sha256)
            yield row

    with out.open("wb") as stream:
        return write_captures(stream, captures(), filename=filename)
