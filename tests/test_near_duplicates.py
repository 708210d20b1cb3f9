"""Near-duplicate fingerprints and clusters on realistic republished copies."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import numpy as np
import pytest
from republished import EDITS, SITE_IDS, add_article, add_sites, originals, text_of
from sqlalchemy import select

from archive import clusters
from archive.clusters import (
    MAX_DISTANCE,
    LeaderIndex,
    assign_clusters,
    cluster_ids,
    clusters_stale,
    ensure_clusters,
    near_some_other,
    recluster,
)
from archive.db import Archive
from archive.fingerprints import distance, from_signed, simhash
from archive.models import ArticleFingerprint

FURNITURE = ("theo-ttxvn", "nguon-nhan-dan", "lead-tag", "old-tones", "nfd")


def test_republishing_furniture_leaves_the_fingerprint_unchanged() -> None:
    for article in originals(20):
        text = text_of(article)
        for edit in FURNITURE:
            assert simhash(EDITS[edit](text)) == simhash(text), (edit, article.title)


def test_a_reworded_copy_is_near_and_other_articles_are_far() -> None:
    texts = [text_of(article) for article in originals(30)]
    reworded = [distance(simhash(t), simhash(EDITS["all-at-once"](t))) for t in texts]
    assert max(reworded) <= MAX_DISTANCE
    prints = [simhash(t) for t in texts]
    unrelated = [distance(a, b) for a, b in itertools.combinations(prints, 2)]
    assert min(unrelated) > 2 * MAX_DISTANCE


def test_short_texts_get_no_fingerprint() -> None:
    assert simhash("Theo TTXVN") is None
    assert simhash("Hội nghị tổng kết công tác tuyên giáo năm 2023.") is None


def test_leaders_do_not_chain() -> None:
    # b is 6 bits from a, c is 6 bits from b but 12 from a: c starts its own cluster.
    a, b, c = 0, 0b111111, 0b111111111111
    assert dict(assign_clusters([(1, a), (2, b), (3, c)])) == {1: 1, 2: 1, 3: 3}


def _reference_clusters(rows: list[tuple[int, int | None]]) -> dict[int, int]:
    """The rule applied literally: every fingerprinted article through the leader index."""
    leaders, clustered = LeaderIndex(), {}
    for article_id, fingerprint in rows:
        clustered[article_id] = (
            article_id if fingerprint is None else leaders.leader_for(fingerprint, article_id)
        )
    return clustered


def _fingerprints_with_copies(seed: int, count: int) -> list[tuple[int, int | None]]:
    """Random fingerprints, a third of them copies of earlier ones with 0-9 bits flipped
    (within and beyond the distance, ties included), some identical, a few missing."""
    rng = random.Random(seed)
    prints: list[int | None] = []
    for _ in range(count):
        earlier = [p for p in prints if p is not None]
        roll = rng.random()
        if roll < 0.05:
            prints.append(None)
        elif roll < 0.4 and earlier:
            copy = rng.choice(earlier)
            for bit in rng.sample(range(64), rng.randint(0, 9)):
                copy ^= 1 << bit
            prints.append(copy)
        else:
            prints.append(rng.getrandbits(64))
    return list(enumerate(prints, 1))


@pytest.mark.parametrize("seed", range(6))
def test_clusters_are_the_rule_applied_literally(seed: int, monkeypatch) -> None:
    rows = _fingerprints_with_copies(seed, 3000)
    if seed % 2:  # runs longer than this go through the index uncompared
        monkeypatch.setattr(clusters, "MAX_RUN", 2)
    assert dict(assign_clusters(rows)) == _reference_clusters(rows)
    copies = sum(1 for article_id, cluster in assign_clusters(rows) if cluster != article_id)
    assert copies > 500  # the data does exercise joining


def test_only_near_fingerprints_are_marked_as_possible_copies() -> None:
    rng = random.Random(7)
    far = [rng.getrandbits(64) for _ in range(2000)]
    near = [far[0] ^ 0b1111111, far[1] ^ (1 << 63)]  # 7 bits and 1 bit away
    marked = near_some_other(np.array([*far, *near], dtype=np.uint64))
    assert set(np.flatnonzero(marked).tolist()) == {0, 1, 2000, 2001}


def _republish(archive: Archive) -> dict[str, int]:
    """Three originals; copies on other sites, later, edited as provinces do."""
    add_sites(archive)
    ids: dict[str, int] = {}
    first, second, third = originals(3)
    ids["original"] = add_article(
        archive, SITE_IDS[0], "goc", first.title, text_of(first), "2023-03-01T08:00:00+07:00"
    ).id
    for number, edit in enumerate(("theo-ttxvn", "all-at-once", "old-tones"), 1):
        ids[edit] = add_article(
            archive,
            SITE_IDS[number % 3],
            f"ban-sao-{edit}",
            first.title,
            EDITS[edit](text_of(first)),
            f"2023-03-0{number + 1}",
            source="TTXVN",
        ).id
    ids["other"] = add_article(
        archive, SITE_IDS[1], "khac", second.title, text_of(second), "2023-03-02"
    ).id
    ids["undated"] = add_article(
        archive, SITE_IDS[2], "khong-ngay", third.title, text_of(third), None
    ).id
    return ids


def test_copies_cluster_under_the_first_published(archive: Archive) -> None:
    ids = _republish(archive)
    summary = recluster(archive)
    assert summary.copies == 3 and summary.clusters_with_copies == 1
    with archive.session() as session:
        clusters = cluster_ids(session, ids.values())
        assert not clusters_stale(session)
    original = ids["original"]
    copies = ("theo-ttxvn", "all-at-once", "old-tones")
    assert {clusters[ids[copy]] for copy in copies} == {original}
    assert clusters[original] == original
    assert clusters[ids["other"]] == ids["other"]
    assert clusters[ids["undated"]] == ids["undated"]


def test_an_older_copy_found_later_becomes_the_first(archive: Archive) -> None:
    ids = _republish(archive)
    recluster(archive)
    first = originals(1)[0]
    older = add_article(
        archive,
        SITE_IDS[2],
        "ban-cu-hon",
        first.title,
        EDITS["nguon-nhan-dan"](text_of(first)),
        "2023-02-27",
        fetched=dt.datetime(2025, 9, 1, tzinfo=dt.UTC),
    )
    with archive.session() as session:
        assert clusters_stale(session)
    assert ensure_clusters(archive) is not None
    assert ensure_clusters(archive) is None  # nothing changed since
    with archive.session() as session:
        clusters = cluster_ids(session, [ids["original"], ids["theo-ttxvn"], older.id])
    assert set(clusters.values()) == {older.id}


def test_articles_stored_before_fingerprints_are_fingerprinted(archive: Archive) -> None:
    ids = _republish(archive)
    with archive.session() as session:
        for row in session.scalars(select(ArticleFingerprint)):
            session.delete(row)
    summary = recluster(archive)
    assert summary.fingerprinted == len(ids) and summary.copies == 3
    with archive.session() as session:
        stored = session.get(ArticleFingerprint, ids["original"])
        assert from_signed(stored.simhash) == simhash(text_of(originals(1)[0]))
