"""Strict phrases of three words or more: candidates from pairs, then word positions.

A phrase "a b c" can only be in documents holding the pairs "a b" and "b c"
(cheap set intersections). Those candidates are then checked against the
positions of the words in the ``text`` field: the words must stand at
consecutive positions (a paragraph break leaves a gap, so no phrase spans
two paragraphs). Whoosh's own span matchers take about half a millisecond
per candidate; reading the posting blocks directly, and only the blocks that
hold candidates, is an order of magnitude faster.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import WrappingMatcher

from search.query.facts import Facts, document_frequency
from search.schema import WORD_FIELDS

PositionMap = dict[int, list[int]]


def _leaf(matcher: Any) -> Any:
    while isinstance(matcher, WrappingMatcher):
        matcher = matcher.child
    return matcher


def _positions(facts: Facts, terms: list[str], candidates: set[int]) -> PositionMap:
    """Positions of any of ``terms`` in each candidate document that has one."""
    fieldname = WORD_FIELDS["exact"]
    ordered = sorted(candidates)
    found: PositionMap = defaultdict(list)
    for leaf, offset in facts.leaves:
        decode = leaf.schema[fieldname].format.decode_positions
        for term in terms:
            if (fieldname, term) not in leaf:
                continue
            matcher = _leaf(leaf.postings(fieldname, term))
            if not isinstance(matcher, W3LeafMatcher):
                for docnum, value in matcher.all_items():
                    if offset + docnum in candidates:
                        found[offset + docnum].extend(decode(value))
                continue
            previous_max = offset - 1
            while matcher.is_active():
                block_max = offset + matcher.block_max_id()
                first = bisect_right(ordered, previous_max)
                if first < len(ordered) and ordered[first] <= block_max:
                    matcher._read_ids()
                    matcher._read_values()
                    for docnum, value in zip(matcher._ids, matcher._values, strict=True):
                        if offset + docnum in candidates:
                            found[offset + docnum].extend(decode(value))
                previous_max = block_max
                matcher._next_block()
    return found


def _in_a_row(starts: list[int], following: list[set[int]]) -> bool:
    return any(
        all(start + k in places for k, places in enumerate(following, 1)) for start in starts
    )


def phrase_matches(facts: Facts, spellings: list[list[str]], candidates: set[int]) -> set[int]:
    """The candidates where the words (each any of its exact spellings) stand in a row."""
    reader = facts.reader
    rarest_first = sorted(
        range(len(spellings)),
        key=lambda i: sum(
            document_frequency(reader, WORD_FIELDS["exact"], t) for t in spellings[i]
        ),
    )
    remaining = set(candidates)
    positions: dict[int, PositionMap] = {}
    for index in rarest_first:
        positions[index] = _positions(facts, spellings[index], remaining)
        remaining &= positions[index].keys()
        if not remaining:
            return set()
    return {
        docnum
        for docnum in remaining
        if _in_a_row(
            positions[0][docnum],
            [set(positions[i][docnum]) for i in range(1, len(spellings))],
        )
    }
