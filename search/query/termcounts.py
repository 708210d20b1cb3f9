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
from array import array
from collections.abc import Iterable, Iterator, Sequence

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

    def ids(self, tokens: list[str]) -> list[int]:
        """The ids of words as found (and BREAK for line breaks): a dictionary look-up each,
        in C, once the new spellings are added."""
        for new in set(tokens).difference(self._seen):
            self.id_of(new)
        return list(map(self._seen.__getitem__, tokens))

    def code(self, word: str) -> int | None:
        return self._ids.get(word)


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
        self.pair_codes, self.pair_counts = _tally(self._pairs)  # first * size + second

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

    def _held(self, codes: np.ndarray, chosen: np.ndarray, documents: np.ndarray, span: int):
        """How many documents hold each of ``chosen`` (codes found at ``documents``)."""
        keep = np.isin(codes, chosen)
        pairs = np.unique(documents[keep] * span + codes[keep]) % span
        found, held = _tally(pairs)
        result = np.zeros(len(chosen), np.int64)
        result[np.searchsorted(chosen, found)] = held
        return result

    def word_documents(self, chosen: np.ndarray) -> np.ndarray:
        """Articles holding each word id of ``chosen`` (ascending)."""
        at = self._ids >= 0
        return self._held(self._ids[at], chosen, self._documents[at], self.size)

    def pair_documents(self, chosen: np.ndarray) -> np.ndarray:
        """Articles holding each pair code of ``chosen`` (ascending)."""
        documents = self._documents[self._pair_starts]
        return self._held(self._pairs, chosen, documents, self.size * self.size)

    def triples_around(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Codes and counts of the triples whose first two or last two words are one of the
        pair codes ``chosen``."""
        triples, _ = _codes(self._ids, self.size, 3)
        keep = np.isin(triples // self.size, chosen) | np.isin(
            triples % (self.size * self.size), chosen
        )
        return _tally(triples[keep])


TOKEN = re.compile(r"\w+|\n")  # words as the index finds them (``WORD``), and line breaks


def count_terms(texts: Iterable[str]) -> TermCounts:
    """The words and pairs of adjacent words (within a paragraph) of ``texts``."""
    vocabulary = Vocabulary()
    ids, lengths = array("q"), []
    for text in texts:
        found = vocabulary.ids(TOKEN.findall(ensure_nfc(text)))
        ids.extend(found)
        ids.append(BREAK)
        lengths.append(len(found) + 1)
    stream = np.frombuffer(ids, np.int64) if len(ids) else np.zeros(0, np.int64)
    documents = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    return TermCounts(vocabulary, stream, documents)
