"""Counting words and pairs of adjacent words in a set of articles, as the index counts them.

Distinctive terms compare a selection of articles with the rest of the
archive. The archive's counts come free from the index (a term's total
frequency, ``reference.py``); the selection's are counted here, from the
article texts in the database, with the index's own analysis
(``search/analysis.py``): the title and the text, exact forms (lowercase,
tone placement unified), pairs of adjacent words within one paragraph,
punctuation between them ignored. So a selection's count of a term is never
read differently from the archive's.

Words become small integers as they are met; the counting itself is NumPy
(``bincount`` for words, ``unique`` over pair and triple codes), so 5,000
articles of 500 words are counted in about a second, in memory that grows
with the vocabulary, not with the number of articles.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import bindparam, select

from archive.db import Archive
from archive.models import Article
from search.analysis import PAIR_SEPARATOR, WORD, ensure_nfc, exact_form

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
        self._seen: dict[str, int] = {}

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

    def ids(self, words: list[str]) -> list[int]:
        seen = self._seen
        return [seen[w] if w in seen else self.id_of(w) for w in words]

    def code(self, word: str) -> int | None:
        return self._ids.get(word)


@dataclass
class TermCounts:
    """A selection's words and pairs: occurrences and the number of articles holding each."""

    vocabulary: Vocabulary
    words: np.ndarray  # occurrences per word id
    word_documents: np.ndarray  # articles holding each word id
    pair_codes: np.ndarray  # first * size + second, ascending
    pair_counts: np.ndarray
    pair_documents: np.ndarray
    triple_codes: np.ndarray  # (first * size + second) * size + third, ascending
    triple_counts: np.ndarray
    tokens: int
    documents: int

    @property
    def size(self) -> int:
        return max(len(self.vocabulary.words), 1)

    def word(self, code: int) -> str:
        return self.vocabulary.words[code]

    def pair(self, code: int) -> str:
        first, second = divmod(int(code), self.size)
        return self.word(first) + PAIR_SEPARATOR + self.word(second)

    def triple(self, code: int) -> str:
        pair, third = divmod(int(code), self.size)
        return self.pair(pair) + PAIR_SEPARATOR + self.word(third)

    def pair_count(self, pair: str) -> int:
        """Occurrences of a pair written as text (0 when absent)."""
        first, _, second = pair.partition(PAIR_SEPARATOR)
        a, b = self.vocabulary.code(first), self.vocabulary.code(second)
        if a is None or b is None:
            return 0
        where = np.searchsorted(self.pair_codes, a * self.size + b)
        found = where < len(self.pair_codes) and self.pair_codes[where] == a * self.size + b
        return int(self.pair_counts[where]) if found else 0


def _stream(texts: Iterable[str], vocabulary: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """Every word id of every paragraph with BREAK between paragraphs, and each one's
    article (its position in ``texts``)."""
    ids, documents = array("q"), array("q")
    for number, text in enumerate(texts):
        start = len(ids)
        for paragraph in ensure_nfc(text).split("\n"):
            found = WORD.findall(paragraph)
            if found:
                ids.extend(vocabulary.ids(found))
                ids.append(BREAK)
        documents.extend([number] * (len(ids) - start))
    return _array(ids), _array(documents)


def _array(values: array) -> np.ndarray:
    return np.frombuffer(values, np.int64) if len(values) else np.zeros(0, np.int64)


def _grams(ids: np.ndarray, size: int, order: int) -> tuple[np.ndarray, np.ndarray]:
    """Each run of ``order`` adjacent words within a paragraph as a code, and where it starts;
    nothing when the codes would not fit in an integer."""
    if len(ids) < order or size**order >= MAX_CODE:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    parts = [ids[shift : len(ids) - order + 1 + shift] for shift in range(order)]
    valid = np.logical_and.reduce([part >= 0 for part in parts])
    codes = parts[0][valid]
    for part in parts[1:]:
        codes = codes * size + part[valid]
    return codes, np.flatnonzero(valid)


def _documents_per_code(codes: np.ndarray, documents: np.ndarray, span: int) -> np.ndarray:
    """For each distinct code (ascending), how many different documents hold it."""
    if not len(codes) or (int(documents.max()) + 1) * span >= MAX_CODE:
        return np.zeros(len(np.unique(codes)), np.int64)
    held = np.unique(documents * span + codes) % span
    return np.unique(held, return_counts=True)[1]


def count_terms(texts: Iterable[str]) -> TermCounts:
    """Words, pairs and triples of adjacent words in ``texts``."""
    vocabulary = Vocabulary()
    ids, documents = _stream(texts, vocabulary)
    size = max(len(vocabulary.words), 1)
    words_at = ids >= 0
    words = np.bincount(ids[words_at], minlength=size)
    word_documents = np.zeros(size, np.int64)
    held = _documents_per_code(ids[words_at], documents[words_at], size)
    word_documents[np.unique(ids[words_at])] = held
    pairs, starts = _grams(ids, size, 2)
    pair_codes, pair_counts = np.unique(pairs, return_counts=True)
    pair_documents = _documents_per_code(pairs, documents[starts], size * size)
    triples, _ = _grams(ids, size, 3)
    triple_codes, triple_counts = np.unique(triples, return_counts=True)
    return TermCounts(
        vocabulary=vocabulary,
        words=words,
        word_documents=word_documents,
        pair_codes=pair_codes,
        pair_counts=pair_counts,
        pair_documents=pair_documents,
        triple_codes=triple_codes,
        triple_counts=triple_counts,
        tokens=int(words.sum()),
        documents=int(documents.max()) + 1 if len(documents) else 0,
    )
