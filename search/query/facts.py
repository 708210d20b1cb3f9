"""Per-document facts read once per index snapshot, and term postings, as NumPy arrays.

Filters by date, date sorting, facet counts and the article ids of a result
all need one value per matching document; reading them through Whoosh one
document at a time is slow, so each segment's columns are read once into
arrays (segments never change, so the arrays are shared by every snapshot
that keeps the segment, in every thread) and a snapshot concatenates them in
document-number order. A set of documents is a boolean mask over the
snapshot's document numbers (``docsets.py``): combining, counting and
ranking are then array operations in C, whatever the number of matches.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN as LENGTHS
from whoosh.codec.whoosh3 import W3LeafMatcher, _lenfield
from whoosh.matching import WrappingMatcher
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length

SEGMENT_CACHE_SIZE = 512
SNAPSHOT_FREQUENCIES = 200_000
LENGTH_PREFIX = "length:"
# Sort keys: the date shifted left, the document number breaking ties.
DOCNUM_SPAN = 10**9
UNDATED_LAST = 99_999_999
# Whoosh stores a field's length in one byte; this is what each byte stands for.
_BYTE_LENGTHS = np.array([byte_to_length(code) if code else 0 for code in range(256)], np.int64)

Mask = np.ndarray  # bool, one entry per document number of a snapshot

_segment_columns: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_segment_lock = threading.Lock()


class SiteCodes:
    """Site ids as small integers, the same in every segment of this process.

    Columns of site ids become integer arrays, so facet counts are one
    ``bincount`` and a site filter one ``isin``.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self._codes: dict[str, int] = {}
        self._lock = threading.Lock()

    def code(self, name: str) -> int:
        found = self._codes.get(name)
        if found is not None:
            return found
        with self._lock:
            if name not in self._codes:
                self._codes[name] = len(self.names)
                self.names.append(name)
            return self._codes[name]

    def codes(self, names: Iterable[str]) -> list[int]:
        """The codes of the names already seen (an unseen site holds no document)."""
        return [self._codes[name] for name in names if name in self._codes]


site_codes = SiteCodes()


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _article_id(value: Any) -> int:
    return int(_text(value))


def _read_column(reader: IndexReader, name: str) -> np.ndarray:
    count = reader.doc_count_all()
    if name.startswith(LENGTH_PREFIX):
        lengths = reader._perdoc._cached_reader(_lenfield(name[len(LENGTH_PREFIX) :]), LENGTHS)
        if lengths is None:
            return np.zeros(count, np.int64)
        return _BYTE_LENGTHS[np.fromiter(lengths, np.uint8, count)]
    convert: Callable[[Any], int] = {
        "id": _article_id,
        "site": lambda value: site_codes.code(_text(value)),
        "date": int,
    }[name]
    return np.fromiter(map(convert, reader.column_reader(name)), np.int64, count)


def _segment_column(reader: IndexReader, name: str) -> np.ndarray:
    key = (reader.segment().segment_id(), name)
    with _segment_lock:
        if key in _segment_columns:
            _segment_columns.move_to_end(key)
            return _segment_columns[key]
    values = _read_column(reader, name)
    values.flags.writeable = False  # shared by every thread and snapshot
    with _segment_lock:
        _segment_columns[key] = values
        while len(_segment_columns) > SEGMENT_CACHE_SIZE:
            _segment_columns.popitem(last=False)
    return values


class Facts:
    """What the query engine needs per document of one index snapshot (a reader)."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self.leaves = reader.leaf_readers()
        self.doc_count_all = reader.doc_count_all()
        # Segment ids name the per-segment caches; asking Whoosh for one costs a call chain.
        self.segment_keys = [leaf.segment().segment_id() for leaf, _offset in self.leaves]
        self._lengths: dict[str, np.ndarray] = {}
        self._frequencies: dict[tuple[str, str], int] = {}

    def _column(self, name: str) -> np.ndarray:
        parts = [_segment_column(leaf, name) for leaf, _offset in self.leaves]
        return np.concatenate(parts) if parts else np.zeros(0, np.int64)

    @cached_property
    def article_ids(self) -> np.ndarray:
        return self._column("id")

    @cached_property
    def site_codes(self) -> np.ndarray:
        """Each document's site, as its code in ``site_codes``."""
        return self._column("site")

    @cached_property
    def dates(self) -> np.ndarray:
        """yyyymmdd, 0 when undated."""
        return self._column("date")

    @cached_property
    def years(self) -> np.ndarray:
        return self.dates // 10000

    @cached_property
    def newest_keys(self) -> np.ndarray:
        return self.dates * DOCNUM_SPAN + np.arange(self.doc_count_all)

    @cached_property
    def oldest_keys(self) -> np.ndarray:
        dated = np.where(self.dates > 0, self.dates, UNDATED_LAST)
        return dated * DOCNUM_SPAN + np.arange(self.doc_count_all)

    def dated_between(self, first: int, last: int) -> Mask:
        """Documents dated from ``first`` to ``last`` (yyyymmdd, inclusive)."""
        return (self.dates >= first) & (self.dates <= last)

    def of_sites(self, site_ids: Iterable[str]) -> Mask:
        """Documents of these sites."""
        return np.isin(self.site_codes, site_codes.codes(site_ids))

    @cached_property
    def deleted(self) -> Mask:
        """Documents deleted since their segment was written (their postings linger)."""
        gone = self.nothing()
        for leaf, offset in self.leaves:
            if leaf.has_deletions():
                gone[[offset + docnum for docnum in leaf.deleted_docs_set]] = True
        return gone

    @cached_property
    def live(self) -> Mask:
        return ~self.deleted

    def nothing(self) -> Mask:
        """An empty set of documents (a new array: callers may fill it)."""
        return np.zeros(self.doc_count_all, bool)

    def lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length in ``fieldname`` (in words), as Whoosh's scoring sees it."""
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._column(f"{LENGTH_PREFIX}{fieldname}")
        return self._lengths[fieldname]

    def read(self, fieldname: str, term: str) -> TermPostings:
        """The term's postings over the snapshot (see ``Postings`` for reuse in a query)."""
        return _read_postings(self, fieldname, term)

    def frequency(self, fieldname: str, term: str) -> int:
        """How many documents hold the term (deleted ones included, as in Whoosh).

        Spelling variants and "did you mean" ask for dozens of terms per query,
        most of them absent: the answers are kept for the snapshot (bounded).
        """
        key = (fieldname, term)
        found = self._frequencies.get(key)
        if found is None:
            if len(self._frequencies) >= SNAPSHOT_FREQUENCIES:
                self._frequencies.clear()
            found = sum(
                _leaf_frequency(leaf, segment, fieldname, term)
                for (leaf, _offset), segment in zip(self.leaves, self.segment_keys, strict=True)
            )
            self._frequencies[key] = found
        return found


@dataclass
class TermPostings:
    """A term's documents (snapshot numbers, ascending) and their term frequencies."""

    documents: np.ndarray  # int32
    frequencies: np.ndarray  # float64, as Whoosh's scoring reads them
    doc_count_all: int

    @cached_property
    def mask(self) -> Mask:
        held = np.zeros(self.doc_count_all, bool)
        held[self.documents] = True
        return held


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

    def documents(self, fieldname: str, term: str) -> Mask:
        """Every document containing the term (deleted ones included: callers drop them).

        Shared by the query's callers: combine it into new arrays, never in place.
        """
        return self.read(fieldname, term).mask

    def any_of(self, fieldname: str, terms: Iterable[str]) -> Mask:
        """Every document containing at least one of the terms (a new array)."""
        held = self.facts.nothing()
        for term in terms:
            held |= self.documents(fieldname, term)
        return held


def leaf_matcher(matcher: Any) -> Any:
    """The posting matcher under Whoosh's wrappers (deletions are handled by callers)."""
    while isinstance(matcher, WrappingMatcher):
        matcher = matcher.child
    return matcher


@dataclass(frozen=True)
class LeafPostings:
    """A term's postings in one segment, in the segment's own document numbers."""

    documents: np.ndarray  # int32, ascending
    frequencies: np.ndarray  # float64


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


# Sizes in postings: 12 bytes each (document number and frequency).
POSTINGS_BUDGET = 16_000_000
FREQUENCIES_BUDGET = 500_000
_leaf_postings = SegmentCache(POSTINGS_BUDGET)
_leaf_frequencies = SegmentCache(FREQUENCIES_BUDGET)


def forget_postings() -> None:
    """Empty the postings and frequency caches (benchmarks time uncached queries)."""
    _leaf_postings.clear()
    _leaf_frequencies.clear()
    with _facts_lock:
        for facts in _facts.values():
            facts._frequencies.clear()


def _decode_leaf(leaf: IndexReader, fieldname: str, term: str) -> LeafPostings:
    """Read a term's postings in one segment a block at a time.

    Whoosh's matchers hand out one posting per Python call; the block arrays are
    read here directly (whoosh3 is pinned, so its matcher layout is known), with
    ``items_as`` as the fallback for any other matcher.
    """
    matcher = leaf_matcher(leaf.postings(fieldname, term))
    if not isinstance(matcher, W3LeafMatcher) or matcher._byteids:
        items = list(matcher.items_as("weight"))
        return LeafPostings(
            np.array([docnum for docnum, _ in items], np.int32),
            np.array([weight for _, weight in items], np.float64),
        )
    # A matcher can start inactive: then the term has no postings here.
    ids, weights = [np.zeros(0, np.int32)], [np.zeros(0, np.float64)]
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        # whoosh3 keeps a block's document numbers as gaps; adding them up in
        # NumPy spares a Python generator step per posting.
        ids.append(np.cumsum(np.asarray(matcher._data[0], np.int64)).astype(np.int32))
        matcher._read_weights()
        weights.append(np.asarray(matcher._weights, np.float64))
        matcher._next_block()
    return LeafPostings(np.concatenate(ids), np.concatenate(weights))


def _leaf_postings_of(
    leaf: IndexReader, segment: str, fieldname: str, term: str
) -> LeafPostings | None:
    """The term's postings in ``leaf`` (cached per segment), None when absent."""
    key = (segment, fieldname, term)
    found = _leaf_postings.get(key)
    if found is None:
        if (fieldname, term) not in leaf:
            return None
        found = _decode_leaf(leaf, fieldname, term)
        found.documents.flags.writeable = False
        found.frequencies.flags.writeable = False
        _leaf_postings.put(key, found, len(found.documents))
    return found


def _leaf_frequency(leaf: IndexReader, segment: str, fieldname: str, term: str) -> int:
    key = (segment, fieldname, term)
    count = _leaf_frequencies.get(key)
    if count is None:
        count = leaf.doc_frequency(fieldname, term)
        _leaf_frequencies.put(key, count, 1)
    return count


def document_frequency(reader: IndexReader, fieldname: str, term: str) -> int:
    """How many documents of the reader's snapshot hold the term (``Facts.frequency``)."""
    return facts_for(reader).frequency(fieldname, term)


def _read_postings(facts: Facts, fieldname: str, term: str) -> TermPostings:
    """A term's postings over the snapshot, in snapshot document numbers."""
    documents, frequencies = [], []
    for (leaf, offset), segment in zip(facts.leaves, facts.segment_keys, strict=True):
        postings = _leaf_postings_of(leaf, segment, fieldname, term)
        if postings is not None:
            documents.append(postings.documents + offset)
            frequencies.append(postings.frequencies)
    if not documents:
        return TermPostings(np.zeros(0, np.int32), np.zeros(0), facts.doc_count_all)
    return TermPostings(
        np.concatenate(documents),
        np.concatenate(frequencies, dtype=np.float64),
        facts.doc_count_all,
    )


_facts: WeakKeyDictionary[IndexReader, Facts] = WeakKeyDictionary()
_facts_lock = threading.Lock()


def facts_for(reader: IndexReader) -> Facts:
    """The (cached) facts of this reader's snapshot."""
    with _facts_lock:
        found = _facts.get(reader)
        if found is None:
            found = _facts[reader] = Facts(reader)
        return found
