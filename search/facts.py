"""Per-document facts read once per index snapshot: article id, site, date; live documents.

Filters by date, date sorting, facet counts and the article ids of a result
all need one value per matching document; reading them through Whoosh one
document at a time is slow, so each segment's columns are read once into
lists (segments never change, so the lists are shared by every snapshot that
keeps the segment) and a snapshot concatenates them in document-number order.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from weakref import WeakKeyDictionary

from whoosh.codec.whoosh3 import LENGTHS_COLUMN as LENGTHS
from whoosh.codec.whoosh3 import W3LeafMatcher, _lenfield
from whoosh.matching import WrappingMatcher
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length

SEGMENT_CACHE_SIZE = 512
LENGTH_PREFIX = "length:"
# Sort keys: the date shifted left, the document number breaking ties.
DOCNUM_SPAN = 10**9
UNDATED_LAST = 99_999_999

_segment_columns: OrderedDict[tuple[str, str], list[Any]] = OrderedDict()
_segment_lock = threading.Lock()


def _read_column(reader: IndexReader, name: str, convert: Callable[[Any], Any] | None) -> list:
    if name.startswith(LENGTH_PREFIX):
        lengths = reader._perdoc._cached_reader(_lenfield(name[len(LENGTH_PREFIX) :]), LENGTHS)
        if lengths is None:
            return [0] * reader.doc_count_all()
        return [byte_to_length(value) if value else 0 for value in lengths]
    return [convert(value) for value in reader.column_reader(name)]


def _segment_column(reader: IndexReader, name: str, convert: Callable[[Any], Any] | None) -> list:
    key = (reader.segment().segment_id(), name)
    with _segment_lock:
        if key in _segment_columns:
            _segment_columns.move_to_end(key)
            return _segment_columns[key]
    values = _read_column(reader, name, convert)
    with _segment_lock:
        _segment_columns[key] = values
        while len(_segment_columns) > SEGMENT_CACHE_SIZE:
            _segment_columns.popitem(last=False)
    return values


def _article_id(value: Any) -> int:
    return int(value.decode() if isinstance(value, bytes) else value)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class Facts:
    """What the query engine needs per document of one index snapshot (a reader)."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self.leaves = reader.leaf_readers()
        self.doc_count_all = reader.doc_count_all()

    def _column(self, name: str, convert: Callable[[Any], Any] | None) -> list[Any]:
        values: list[Any] = []
        for leaf, _offset in self.leaves:
            values += _segment_column(leaf, name, convert)
        return values

    @cached_property
    def article_ids(self) -> list[int]:
        return self._column("id", _article_id)

    @cached_property
    def sites(self) -> list[str]:
        return self._column("site", _text)

    @cached_property
    def dates(self) -> list[int]:
        return self._column("date", int)

    @cached_property
    def years(self) -> list[int]:
        return [date // 10000 for date in self.dates]

    @cached_property
    def newest_keys(self) -> list[int]:
        return [date * DOCNUM_SPAN + docnum for docnum, date in enumerate(self.dates)]

    @cached_property
    def oldest_keys(self) -> list[int]:
        dates = self.dates
        return [(date or UNDATED_LAST) * DOCNUM_SPAN + docnum for docnum, date in enumerate(dates)]

    @cached_property
    def _by_date(self) -> tuple[list[int], list[int]]:
        order = sorted(range(len(self.dates)), key=self.newest_keys.__getitem__)
        return [self.dates[docnum] for docnum in order], order

    def dated_between(self, first: int, last: int) -> set[int]:
        """Documents dated from ``first`` to ``last`` (yyyymmdd, inclusive)."""
        dates, order = self._by_date
        return set(order[bisect_left(dates, first) : bisect_right(dates, last)])

    @cached_property
    def deleted(self) -> set[int]:
        """Documents deleted since their segment was written (their postings linger)."""
        gone: set[int] = set()
        for leaf, offset in self.leaves:
            if leaf.has_deletions():
                gone.update(offset + docnum for docnum in leaf.deleted_docs_set)
        return gone

    @cached_property
    def live(self) -> set[int]:
        return set(range(self.doc_count_all)) - self.deleted

    def lengths(self, fieldname: str) -> list[int]:
        """Each document's length in ``fieldname`` (in words), as Whoosh's scoring sees it."""
        return self._column(f"{LENGTH_PREFIX}{fieldname}", None)

    def read(self, fieldname: str, term: str) -> TermPostings:
        """The term's postings, read a block at a time (see ``Postings`` for reuse)."""
        return _read_postings(self, fieldname, term)


class Postings:
    """One query's view of the postings: each term read once, for matching and for scoring."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self._read: dict[tuple[str, str], TermPostings] = {}

    def read(self, fieldname: str, term: str) -> TermPostings:
        key = (fieldname, term)
        if key not in self._read:
            self._read[key] = self.facts.read(fieldname, term)
        return self._read[key]

    def documents(self, fieldname: str, term: str) -> set[int]:
        """Every document containing the term (deleted ones included: callers drop them)."""
        return self.read(fieldname, term).documents


@dataclass
class TermPostings:
    """A term's documents (global numbers) and, block by block, their frequencies."""

    documents: set[int] = field(default_factory=set)
    blocks: list[tuple[int, Sequence[int], Sequence[float]]] = field(default_factory=list)


def leaf_matcher(matcher: Any) -> Any:
    """The posting matcher under Whoosh's wrappers (deletions are handled by callers)."""
    while isinstance(matcher, WrappingMatcher):
        matcher = matcher.child
    return matcher


@dataclass(frozen=True)
class LeafPostings:
    """A term's postings in one segment, in the segment's own document numbers."""

    blocks: tuple[tuple[Sequence[int], Sequence[float]], ...]
    documents: frozenset[int]


class SegmentCache:
    """Least recently used values per (segment, key), bounded by a total size.

    Segments never change once written (deletions are kept apart and callers
    drop deleted documents), so a value read from one stays true for every
    snapshot that keeps the segment, in every thread: common words, asked again
    and again, are decoded once.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._values: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Any | None:
        with self._lock:
            found = self._values.get(key)
            if found is None:
                return None
            self._values.move_to_end(key)
            return found[0]

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self.used = 0

    def put(self, key: tuple, value: Any, size: int) -> None:
        if size > self.budget // 4:  # one huge value must not flush everything else
            return
        with self._lock:
            if key in self._values:
                return
            self._values[key] = (value, size)
            self.used += size
            while self.used > self.budget:
                _, (_, dropped) = self._values.popitem(last=False)
                self.used -= dropped


# Sizes in postings: about 40 MB per million (ids, weights and the set).
POSTINGS_BUDGET = 3_000_000
FREQUENCIES_BUDGET = 500_000
_leaf_postings = SegmentCache(POSTINGS_BUDGET)
_leaf_frequencies = SegmentCache(FREQUENCIES_BUDGET)


def forget_postings() -> None:
    """Empty the postings and frequency caches (benchmarks time uncached queries)."""
    _leaf_postings.clear()
    _leaf_frequencies.clear()


def _segment_key(leaf: IndexReader) -> str:
    return leaf.segment().segment_id()


def _decode_leaf(leaf: IndexReader, fieldname: str, term: str) -> LeafPostings:
    """Read a term's postings in one segment a block at a time.

    Whoosh's matchers hand out one posting per Python call; the block arrays are
    read here directly (whoosh3 is pinned, so its matcher layout is known), with
    ``items_as`` as the fallback for any other matcher.
    """
    matcher = leaf_matcher(leaf.postings(fieldname, term))
    if not isinstance(matcher, W3LeafMatcher):
        items = list(matcher.items_as("weight"))
        ids, weights = [docnum for docnum, _ in items], [weight for _, weight in items]
        return LeafPostings(((ids, weights),), frozenset(ids))
    blocks = []
    documents: set[int] = set()
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        blocks.append((matcher._ids, matcher._weights))
        documents.update(matcher._ids)
        matcher._next_block()
    return LeafPostings(tuple(blocks), frozenset(documents))


def leaf_postings(leaf: IndexReader, fieldname: str, term: str) -> LeafPostings | None:
    """The term's postings in ``leaf`` (cached per segment), None when absent."""
    key = (_segment_key(leaf), fieldname, term)
    found = _leaf_postings.get(key)
    if found is None:
        if (fieldname, term) not in leaf:
            return None
        found = _decode_leaf(leaf, fieldname, term)
        _leaf_postings.put(key, found, len(found.documents))
    return found


def document_frequency(reader: IndexReader, fieldname: str, term: str) -> int:
    """How many documents hold the term (deleted ones included, as in Whoosh), summed
    over segments with each segment's count cached."""
    total = 0
    for leaf, _offset in reader.leaf_readers():
        key = (_segment_key(leaf), fieldname, term)
        count = _leaf_frequencies.get(key)
        if count is None:
            count = leaf.doc_frequency(fieldname, term)
            _leaf_frequencies.put(key, count, 1)
        total += count
    return total


def _read_postings(facts: Facts, fieldname: str, term: str) -> TermPostings:
    """A term's postings over the snapshot, in global document numbers."""
    found = TermPostings()
    for leaf, offset in facts.leaves:
        postings = leaf_postings(leaf, fieldname, term)
        if postings is None:
            continue
        found.blocks.extend((offset, ids, weights) for ids, weights in postings.blocks)
        if offset:
            found.documents.update(map(offset.__add__, postings.documents))
        else:
            found.documents.update(postings.documents)
    return found


_facts: WeakKeyDictionary[IndexReader, Facts] = WeakKeyDictionary()
_facts_lock = threading.Lock()


def facts_for(reader: IndexReader) -> Facts:
    """The (cached) facts of this reader's snapshot."""
    with _facts_lock:
        found = _facts.get(reader)
        if found is None:
            found = _facts[reader] = Facts(reader)
        return found
