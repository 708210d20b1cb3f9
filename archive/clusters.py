"""Near-duplicate clusters: each article joins the cluster of the first copy it is close to.

The rule (documented in docs/topics-and-exports.md):

1. Articles are taken in the order they appeared: earliest publication date
   first, undated ones after all dated ones, ties broken by when Partyline first
   saw them, then by id.
2. An article whose SimHash is within ``MAX_DISTANCE`` bits of an earlier
   cluster's *first copy* joins that cluster (the nearest one; on a tie the
   earlier). Otherwise it starts a cluster of its own and is its first copy.
3. A cluster's id is its first copy's article id; articles without a
   fingerprint (texts too short) are clusters of one.

Comparing against the first copy only (not any member) means copies cannot
chain: every member of a cluster is a near-copy of the first one.

Finding the near leaders is a pigeonhole index (Manku et al. 2007): the 64 bits
are cut into ``BLOCKS`` blocks; two fingerprints within ``MAX_DISTANCE`` bits
agree on at least ``BLOCKS - MAX_DISTANCE`` = 2 whole blocks, so one table per
pair of blocks, keyed by those two blocks, finds every candidate.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from archive.db import Archive
from archive.fingerprints import HASH_BITS, from_signed, text_fingerprint
from archive.models import Article, ArticleFingerprint

MAX_DISTANCE = 7
BLOCKS = 9
BATCH = 2000

_SIZES = [HASH_BITS // BLOCKS + (1 if i < HASH_BITS % BLOCKS else 0) for i in range(BLOCKS)]
_OFFSETS = [sum(_SIZES[:i]) for i in range(BLOCKS)]
_BLOCK_SPECS = tuple(
    (offset, (1 << size) - 1) for offset, size in zip(_OFFSETS, _SIZES, strict=True)
)
_KEY_PAIRS = tuple(combinations(range(BLOCKS), BLOCKS - MAX_DISTANCE))
_KEY_SHIFT = max(_SIZES)


class LeaderIndex:
    """The first copies seen so far, findable by any fingerprint within ``MAX_DISTANCE``."""

    def __init__(self) -> None:
        self.tables: list[dict[int, list[int]]] = [{} for _ in _KEY_PAIRS]
        self.fingerprints: list[int] = []
        self.article_ids: list[int] = []

    @staticmethod
    def _keys(fingerprint: int) -> list[int]:
        blocks = [(fingerprint >> offset) & mask for offset, mask in _BLOCK_SPECS]
        return [blocks[i] << _KEY_SHIFT | blocks[j] for i, j in _KEY_PAIRS]

    def nearest(self, fingerprint: int, keys: list[int]) -> int | None:
        """The article id of the nearest leader within ``MAX_DISTANCE`` (earliest on a tie)."""
        best: tuple[int, int] | None = None
        fingerprints = self.fingerprints
        for table, key in zip(self.tables, keys, strict=True):
            for position in table.get(key, ()):
                bits = (fingerprints[position] ^ fingerprint).bit_count()
                if bits <= MAX_DISTANCE and (best is None or (bits, position) < best):
                    best = (bits, position)
        return None if best is None else self.article_ids[best[1]]

    def add(self, fingerprint: int, article_id: int, keys: list[int]) -> None:
        position = len(self.fingerprints)
        self.fingerprints.append(fingerprint)
        self.article_ids.append(article_id)
        for table, key in zip(self.tables, keys, strict=True):
            table.setdefault(key, []).append(position)

    def leader_for(self, fingerprint: int, article_id: int) -> int:
        """The nearest leader's id, or ``article_id`` after making it a leader."""
        keys = self._keys(fingerprint)
        leader = self.nearest(fingerprint, keys)
        if leader is None:
            self.add(fingerprint, article_id, keys)
            return article_id
        return leader


# Runs of more fingerprints than this sharing a key are not compared pair by pair:
# all their members go through the leader index (exact, only slower).
MAX_RUN = 2000


def _blocks_of(fingerprints: np.ndarray) -> list[np.ndarray]:
    return [(fingerprints >> np.uint64(offset)) & np.uint64(mask) for offset, mask in _BLOCK_SPECS]


def near_some_other(fingerprints: np.ndarray) -> np.ndarray:
    """Which fingerprints are within ``MAX_DISTANCE`` bits of at least one other.

    Two near fingerprints share the key of some pair of blocks. For each pair, the
    fingerprints are sorted by key and each is compared with the ones 1, 2, 3 …
    places further in its run of equal keys, the shorter runs dropping out as the
    distance outgrows them. Members of runs longer than ``MAX_RUN`` are marked
    without comparing, so a few far ones may be too: never a near one missed.
    """
    marked = np.zeros(len(fingerprints), bool)
    blocks = _blocks_of(fingerprints)
    for i, j in _KEY_PAIRS:
        keys = (blocks[i] << np.uint64(_KEY_SHIFT)) | blocks[j]
        order = np.argsort(keys, kind="stable")
        keys, prints = keys[order], fingerprints[order]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        lengths = np.diff(np.r_[starts, len(keys)])
        run_length = np.repeat(lengths, lengths)  # of each one's run
        marked[order[run_length > MAX_RUN]] = True
        # Whole runs are kept or dropped, so neighbours in what is kept are still runs.
        offset = 1
        while True:
            keep = (run_length > offset) & (run_length <= MAX_RUN)
            if not keep.any():
                break
            keys, prints = keys[keep], prints[keep]
            order, run_length = order[keep], run_length[keep]
            same = keys[offset:] == keys[:-offset]
            near = same & (np.bitwise_count(prints[offset:] ^ prints[:-offset]) <= MAX_DISTANCE)
            marked[order[offset:][near]] = True
            marked[order[:-offset][near]] = True
            offset += 1
    return marked


def assign_clusters(rows: Iterable[tuple[int, int | None]]) -> Iterator[tuple[int, int]]:
    """``(article_id, cluster_id)`` for each ``(article_id, fingerprint)``, in appearance order.

    A fingerprint near no other starts a cluster nobody joins: it is settled without
    the leader index, which then holds only the articles that can have copies (the
    same answers in the same order, so the same ties, at a fraction of the cost).
    """
    rows = list(rows)
    printed = [fingerprint for _, fingerprint in rows if fingerprint is not None]
    candidates = iter(near_some_other(np.array(printed, dtype=np.uint64)).tolist())
    leaders = LeaderIndex()
    for article_id, fingerprint in rows:
        if fingerprint is None or not next(candidates):
            yield article_id, article_id
            continue
        yield article_id, leaders.leader_for(fingerprint, article_id)


@dataclass
class ClusterSummary:
    articles: int = 0
    fingerprinted: int = 0  # fingerprints computed now (articles stored before them)
    clusters_with_copies: int = 0
    copies: int = 0  # articles that are not their cluster's first copy
    changed: int = 0
    seconds: float = 0.0


# Marks a fingerprint the caller did not compute beforehand.
COMPUTE = object()


def record_fingerprint(session: Session, article: Article, value: object = COMPUTE) -> None:
    """Fingerprint a new or changed article; its cluster is decided at the next clustering.

    ``value``: the ``text_fingerprint`` of the article's text when the caller computed
    it already (extraction workers do, outside the write transaction).
    """
    if value is COMPUTE:
        value = text_fingerprint(article.text)
    row = session.get(ArticleFingerprint, article.id) if article.id is not None else None
    if row is None:
        session.add(ArticleFingerprint(article=article, simhash=value, cluster_id=None))
        return
    row.simhash = value
    row.cluster_id = None


def clusters_stale(session: Session) -> bool:
    """True when an article is new, changed or not yet fingerprinted since the last clustering."""
    unclustered = select(ArticleFingerprint.article_id).where(
        ArticleFingerprint.cluster_id.is_(None)
    )
    unfingerprinted = select(Article.id).where(~_has_fingerprint())
    return bool(session.scalar(select(or_(unclustered.exists(), unfingerprinted.exists()))))


def _has_fingerprint():
    return (
        select(ArticleFingerprint.article_id)
        .where(ArticleFingerprint.article_id == Article.id)
        .exists()
    )


def _fingerprint_missing(archive: Archive) -> int:
    """Fingerprint articles stored before fingerprints existed (streamed, in batches)."""
    query = (
        select(Article.id, Article.text)
        .where(~_has_fingerprint())
        .order_by(Article.id)
        .limit(BATCH)
    )
    done = 0
    while True:
        with archive.session() as session:
            rows = session.execute(query).all()
            session.add_all(
                ArticleFingerprint(article_id=i, simhash=text_fingerprint(t)) for i, t in rows
            )
        done += len(rows)
        if len(rows) < BATCH:
            return done


def appearance_order() -> tuple:
    """Earliest published first, undated after dated, then first seen, then id."""
    return (
        Article.published_date.is_(None),
        Article.published_date,
        Article.first_seen,
        Article.id,
    )


def _write(session: Session, changes: Sequence[dict[str, int | None]]) -> None:
    table = ArticleFingerprint.__table__
    # Only rows whose fingerprint is still the one clustered: a text changed by a
    # concurrent extraction keeps cluster_id NULL and is clustered next time.
    with_print = [c for c in changes if c["s"] is not None]
    without = [c for c in changes if c["s"] is None]
    if with_print:
        session.execute(
            update(table)
            .where(and_(table.c.article_id == bindparam("a"), table.c.simhash == bindparam("s")))
            .values(cluster_id=bindparam("c")),
            with_print,
        )
    if without:
        session.execute(
            update(table)
            .where(and_(table.c.article_id == bindparam("a"), table.c.simhash.is_(None)))
            .values(cluster_id=bindparam("c")),
            [{"a": c["a"], "c": c["c"]} for c in without],
        )


def recluster(
    archive: Archive, *, progress: Callable[[int, int], None] | None = None
) -> ClusterSummary:
    """Fingerprint what is missing, then recompute every cluster (deterministic)."""
    started = time.perf_counter()
    summary = ClusterSummary(fingerprinted=_fingerprint_missing(archive))
    query = (
        select(
            ArticleFingerprint.article_id, ArticleFingerprint.simhash, ArticleFingerprint.cluster_id
        )
        .join(Article, Article.id == ArticleFingerprint.article_id)
        .order_by(*appearance_order())
        .execution_options(yield_per=BATCH)
    )
    with archive.session() as session:
        total = session.scalar(select(func.count()).select_from(ArticleFingerprint)) or 0
        stored: dict[int, tuple[int | None, int | None]] = {}

        def rows() -> Iterator[tuple[int, int | None]]:
            for article_id, signed, cluster_id in session.connection().execute(query):
                stored[article_id] = (signed, cluster_id)
                yield article_id, from_signed(signed)

        changes: list[dict[str, int | None]] = []
        leaders_with_copies: set[int] = set()
        for done, (article_id, cluster_id) in enumerate(assign_clusters(rows()), 1):
            signed, old = stored.pop(article_id)
            summary.articles += 1
            if cluster_id != article_id:
                summary.copies += 1
                leaders_with_copies.add(cluster_id)
            if old != cluster_id:
                changes.append({"a": article_id, "s": signed, "c": cluster_id})
            if progress and done % 10_000 == 0:
                progress(done, total)
    with archive.session() as session:
        for start in range(0, len(changes), 10_000):
            _write(session, changes[start : start + 10_000])
    summary.changed = len(changes)
    summary.clusters_with_copies = len(leaders_with_copies)
    summary.seconds = time.perf_counter() - started
    if progress:
        progress(summary.articles, summary.articles)
    return summary


def ensure_clusters(
    archive: Archive, *, progress: Callable[[int, int], None] | None = None
) -> ClusterSummary | None:
    """Recluster only when something changed since the last clustering. A read-only
    archive keeps its clusters as they stand (an article not yet clustered is its own)."""
    if archive.read_only:
        return None
    with archive.session() as session:
        if not clusters_stale(session):
            return None
    return recluster(archive, progress=progress)


def cluster_ids(session: Session, article_ids: Iterable[int]) -> dict[int, int]:
    """Each article's cluster id (its own id when it has no fingerprint row yet)."""
    ids = list(article_ids)
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.execute(
            select(ArticleFingerprint.article_id, ArticleFingerprint.cluster_id).where(
                ArticleFingerprint.article_id.in_(chunk),
                ArticleFingerprint.cluster_id.is_not(None),
            )
        )
        found.update((article_id, cluster) for article_id, cluster in rows)
    return {article_id: found.get(article_id, article_id) for article_id in ids}


def cluster_members(session: Session, clusters: Iterable[int]) -> dict[int, list[Article]]:
    """The articles of each cluster, first copy first."""
    wanted = sorted(set(clusters))
    members: dict[int, list[Article]] = {cluster: [] for cluster in wanted}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = (
            select(ArticleFingerprint.cluster_id, Article)
            .join(Article, Article.id == ArticleFingerprint.article_id)
            .where(ArticleFingerprint.cluster_id.in_(chunk))
            .order_by(*appearance_order())
        )
        for cluster, article in session.execute(query):
            members[cluster].append(article)
    return members
