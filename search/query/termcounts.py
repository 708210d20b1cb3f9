"""Counting words and pairs of adjacent words in a set of articles, as the index counts them.

Distinctive terms compare a selection of articles with the rest of the
archive. The archive's counts come free from the index (a term's total
frequency, ``reference.py``); the selection's are counted here, from the
article texts in the database, with the index's own analysis
(``search/analysis.py``): the title and the text, exact forms (lowercase,
tone placement unified), pairs of adjacent words within one paragraph,
punctuation between them ignored. So a selection's count of a term is never
read differently from the archive's.

Words become small integers as they are met (one dictionary look-up each);
the counting itself is NumPy (``bincount`` for words, ``unique`` over pair
codes), and what only some terms need (how many articles hold them, the
triples around a pair) is computed for those terms alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress

import numpy as np
from sqlalchemy import bindparam, select

from archive.db import Archive
from archive.models import Article
from search.analysis import PAIR_SEPARATOR, ensure_nfc, exact_form

BATCH = 500
BREAK = -1  # between paragraphs and articles: no pair spans it
MAX_CODE = 2**62  # codes of adjacent words must fit in int64

TEXTS = select(Article.id, Article.title, Article.text).where(
    Article.id.in_(bindparam("ids", expanding=True))
)


def article_texts(archive: Archive, ids: Sequence[int]) -> Iterator[str]:
    """Title and text of each article, as the index reads them, in batches."""
    with archive.engine.connect() as connection:
        for start in range(0, len(ids), BATCH):
            batch = list(ids[start : start + BATCH])
            for row in connection.execute(TEXTS, {"ids": batch}):
                yield f"{row.title}\n\n{row.text}"


class Vocabulary:
    """Exact forms as integers; each spelling as found is turned into its exact form once."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self._ids: dict[str, int] = {}
        self._seen: dict[str, int] = {"\n": BREAK}

    def id_of(self, found: str) -> int:
        known = self._seen.get(found)
        if known is None:
            word = exact_form(found)
            known = self._ids.get(word)
            if known is None:
                known = self._ids[word] = len(self.words)
                self.words.append(word)
            self._seen[found] = known
        return known

    def ids(self, tokens: list[str]) -> list[int | None]:
        """The ids of words as found (and BREAK for line breaks): a dictionary look-up each,
        in C; only the spellings not met before go through Python."""
        found: list[int | None] = list(map(self._seen.get, tokens))
        position = -1
        with suppress(ValueError):  # raised once no spelling is left to add
            while True:
                position = found.index(None, position + 1)
                found[position] = self.id_of(tokens[position])
        return found

    def code(self, word: str) -> int | None:
        return self._ids.get(word)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending, by sorting (``np.unique`` without counts hashes, which
    is many times slower on millions of integers)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _tally(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values (ascending) and how often each occurs."""
    if not len(values):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.unique(values, return_counts=True)


def _codes(ids: np.ndarray, size: int, order: int) -> tuple[np.ndarray, np.ndarray]:
    """Each run of ``order`` adjacent words within a paragraph as a code, and where it starts."""
    if len(ids) < order or size**order >= MAX_CODE:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    parts = [ids[shift : len(ids) - order + 1 + shift] for shift in range(order)]
    valid = np.logical_and.reduce([part >= 0 for part in parts])
    codes = parts[0][valid]
    for part in parts[1:]:
        codes = codes * size + part[valid]
    return codes, np.flatnonzero(valid)


class TermCounts:
    """A selection's words and pairs of adjacent words with their counts; on demand, the
    articles holding some of them and the triples around some pairs."""

    def __init__(self, vocabulary: Vocabulary, ids: np.ndarray, documents: np.ndarray) -> None:
        self.vocabulary = vocabulary
        self.size = max(len(vocabulary.words), 1)
        self._ids, self._documents = ids, documents
        at = ids >= 0
        self.words = np.bincount(ids[at], minlength=self.size)  # occurrences per word id
        self.tokens = int(self.words.sum())
        self.documents = int(documents.max()) + 1 if len(documents) else 0
        self._pairs, self._pair_starts = _codes(ids, self.size, 2)
        # first * size + second, ascending; and each occurrence's place among them
        self.pair_codes, self._pair_index, self.pair_counts = np.unique(
            self._pairs, return_inverse=True, return_counts=True
        )

    def word(self, code: int) -> str:
        return self.vocabulary.words[code]

    def pair(self, code: int) -> str:
        first, second = divmod(int(code), self.size)
        return self.word(first) + PAIR_SEPARATOR + self.word(second)

    def triple(self, code: int) -> str:
        pair, third = divmod(int(code), self.size)
        return self.pair(pair) + PAIR_SEPARATOR + self.word(third)

    def pair_code(self, pair: str) -> int | None:
        first, _, second = pair.partition(PAIR_SEPARATOR)
        a, b = self.vocabulary.code(first), self.vocabulary.code(second)
        return None if a is None or b is None else a * self.size + b

    def pair_count(self, pair: str) -> int:
        """Occurrences of a pair written as text (0 when absent)."""
        code = self.pair_code(pair)
        if code is None:
            return 0
        where = int(np.searchsorted(self.pair_codes, code))
        found = where < len(self.pair_codes) and self.pair_codes[where] == code
        return int(self.pair_counts[where]) if found else 0

    def _pairs_among(self, chosen: np.ndarray) -> np.ndarray:
        """Which pair occurrences are one of the pair codes ``chosen`` (a table look-up each)."""
        where = np.searchsorted(self.pair_codes, chosen)
        known = where < len(self.pair_codes)
        known[known] = self.pair_codes[where[known]] == chosen[known]
        table = np.zeros(len(self.pair_codes), bool)
        table[where[known]] = True
        return table[self._pair_index]

    @staticmethod
    def _held(keep: np.ndarray, codes: np.ndarray, documents: np.ndarray, chosen: np.ndarray):
        """How many documents hold each of ``chosen`` (``codes[keep]`` found at ``documents``)."""
        span = int(codes.max()) + 1 if len(codes) else 1
        found, held = _tally(distinct(documents[keep] * span + codes[keep]) % span)
        result = np.zeros(len(chosen), np.int64)
        result[np.searchsorted(chosen, found)] = held
        return result

    def word_documents(self, chosen: np.ndarray) -> np.ndarray:
        """Articles holding each word id of ``chosen`` (ascending)."""
        at = self._ids >= 0
        table = np.zeros(self.size, bool)
        table[chosen] = True
        ids = self._ids[at]
        return self._held(table[ids], ids, self._documents[at], chosen)

    def pair_documents(self, chosen: np.ndarray) -> np.ndarray:
        """Articles holding each pair code of ``chosen`` (ascending)."""
        documents = self._documents[self._pair_starts]
        return self._held(self._pairs_among(chosen), self._pairs, documents, chosen)

    def triples_around(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Codes and counts of the triples whose first two or last two words are one of the
        pair codes ``chosen`` (only those places are looked at)."""
        ids, size = self._ids, self.size
        if not len(chosen) or size**3 >= MAX_CODE:
            return _tally(ids[:0])
        at = self._pair_starts[self._pairs_among(chosen)]  # where such a pair starts
        after = at[(at + 2 < len(ids))]
        after = after[ids[after + 2] >= 0]
        before = at[at >= 1]
        before = before[ids[before - 1] >= 0] - 1
        starts = distinct(np.concatenate([after, before]))
        codes = (ids[starts] * size + ids[starts + 1]) * size + ids[starts + 2]
        return _tally(codes)


TOKEN = re.compile(r"\w+|\n")  # words as the index finds them (``WORD``), and line breaks


def count_terms(texts: Iterable[str]) -> TermCounts:
    """The words and pairs of adjacent words (within a paragraph) of ``texts``."""
    vocabulary = Vocabulary()
    ids: list[int | None] = []
    lengths = []
    for text in texts:
        found = vocabulary.ids(TOKEN.findall(ensure_nfc(text)))
        ids.extend(found)
        ids.append(BREAK)
        lengths.append(len(found) + 1)
    stream = np.array(ids, np.int64) if ids else np.zeros(0, np.int64)
    documents = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    return TermCounts(vocabulary, stream, documents)
