"""The WARC export replayed in pywb: every capture comes back byte for byte."""

from __future__ import annotations

import subprocess
import urllib.request
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from archive.captures import capture_body
from archive.models import Capture
from tests.conftest import Crawled, run_cli
from tests.pywb_support import pywb_unavailable_reason, wayback, wb_manager
from tests.running_server import free_port, wait_until_listening

COLLECTION = "partyline"
START_TIMEOUT = 60


@pytest.fixture(scope="module")
def replay(crawled: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """pywb serving the crawl's exported WARCs; the collection's base URL."""
    reason = pywb_unavailable_reason()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("pywb")
    exported = run_cli(crawled.home, "warc", "export", "--all", "--out", str(folder / "warc"))
    assert exported.returncode == 0, exported.stderr
    files = sorted(str(path) for path in (folder / "warc").glob("*.warc.gz"))
    for step in (["init", COLLECTION], ["add", COLLECTION, *files]):
        subprocess.run([wb_manager(), *step], cwd=folder, check=True, capture_output=True)
    port = free_port()
    log = (folder / "wayback.log").open("wb")
    process = subprocess.Popen(
        [wayback(), "-p", str(port), "-b", "127.0.0.1"], cwd=folder, stdout=log, stderr=log
    )
    try:
        logged = folder / "wayback.log"
        wait_until_listening(
            port, process, "pywb", lambda: logged.read_text(errors="replace"), START_TIMEOUT
        )
        yield f"http://127.0.0.1:{port}/{COLLECTION}"
    finally:
        process.terminate()
        process.wait(30)
        log.close()


def _fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.status, answer.read()


def test_every_capture_replays_byte_for_byte(crawled: Crawled, replay: str) -> None:
    with crawled.archive().session() as session:
        captures = session.scalars(select(Capture).where(Capture.http_status == 200)).all()
        # The replay addresses a capture by URL and time; ``id_`` asks for it unchanged.
        wanted = {
            f"{replay}/{c.fetched_at:%Y%m%d%H%M%S}id_/{c.url}": capture_body(c) for c in captures
        }
    assert len(wanted) == len(captures) > 100
    differing = [url for url, body in wanted.items() if _fetch(url) != (200, body)]
    assert not differing, differing[:5]


def test_a_capture_replays_as_a_page(crawled: Crawled, replay: str) -> None:
    with crawled.archive().session() as session:
        capture = session.scalars(
            select(Capture).where(Capture.http_status == 200).order_by(Capture.id)
        ).first()
    stamp = f"{capture.fetched_at:%Y%m%d%H%M%S}"
    status, frame = _fetch(f"{replay}/{stamp}/{capture.url}")
    assert status == 200 and b"replay_iframe" in frame  # what a reader opens
    # The page inside that frame (``mp_``): rewritten, its links pointing into the archive.
    status, page = _fetch(f"{replay}/{stamp}mp_/{capture.url}")
    assert status == 200
    assert b"wombat" in page and f"/{COLLECTION}/{stamp}".encode() in page
