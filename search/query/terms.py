"""Distinctive terms: the words and two-syllable words a selection of articles uses far more
than the rest of the archive (or than another selection).

The selection's words and pairs are counted from its texts
(``termcounts.py``); the reference's are the archive's totals from the index
(``reference.py``) minus the selection's, or another selection counted the
same way. Candidates are words and recognised two-syllable words
(``collocations.py``) seen at least ``min_count`` times, function syllables
and numbers left out (``stopwords.py``), and by default the query's own
words. Each is scored by log-likelihood and log ratio (``keyness.py``); those
significant at p < 0.001 and more frequent in the selection are listed,
strongest first. A word is left out when most of its occurrences are inside
a listed two-syllable word, and a listed pair that nearly always stands in
one longer phrase says so (``phrase``).

A selection larger than ``sample`` articles is counted from a fixed random
sample (the same every time for the same articles); the rest of the archive
is then the archive minus the selection as the sample estimates it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from archive.db import Archive
from search.analysis import PAIR_SEPARATOR, folded_form
from search.query import syntax
from search.query.collocations import neighbours, plausible, recognised_words
from search.query.keyness import SIGNIFICANT, log_likelihood, log_ratio
from search.query.masks import ResearchError, Snapshot, measure
from search.query.reference import pair_counts, running_words, word_counts
from search.query.stopwords import is_stop
from search.query.termcounts import TermCounts, article_texts, count_terms

DEFAULT_TOP = 40
DEFAULT_MIN_COUNT = 5
COVERED = 0.6  # a word this much inside one listed pair is left out
PHRASE_SHARE = 0.6  # a pair this much inside one triple names the phrase
SAMPLE_SEED = 20_250_701
PER = 10_000  # frequencies are given per 10,000 running words
MAX_CANDIDATES = 2_500  # words, and as many pairs, scored at most (the most frequent)


@dataclass
class Corpus:
    """Articles to count: a query's (or a topic's) matches."""

    label: str
    query: str  # what finds them (links, query words left out)
    ids: list[int]
    notes: list[str] = field(default_factory=list)


def query_corpus(snapshot: Snapshot, query: str, label: str | None = None) -> Corpus:
    """The articles ``query`` matches."""
    measured = measure(snapshot, query)
    ids = np.sort(snapshot.facts.article_ids[measured.matches]).tolist()
    return Corpus(label or query, query, ids, measured.notes)


def sampled(ids: Sequence[int], sample: int | None) -> list[int]:
    """``ids`` or, above ``sample``, a fixed random sample of them (sorted)."""
    ordered = sorted(ids)
    if not sample or len(ordered) <= sample:
        return ordered
    chosen = np.random.default_rng(SAMPLE_SEED).choice(len(ordered), sample, replace=False)
    return [ordered[i] for i in sorted(chosen.tolist())]


def query_words(query: str) -> set[str]:
    """The folded forms of the words a query searches (not those it excludes)."""
    return {folded_form(word.text) for word in syntax.parse(query).words()}


@dataclass
class Candidates:
    """Terms to score: words then pairs, with their counts and codes in the selection."""

    terms: list[str]
    syllables: list[int]
    count: np.ndarray
    codes: np.ndarray  # word ids, then pair codes (each part ascending)
    documents: np.ndarray | None = None  # articles holding each, once known

    def subset(self, keep: np.ndarray) -> Candidates:
        return Candidates(
            [t for t, k in zip(self.terms, keep, strict=True) if k],
            [n for n, k in zip(self.syllables, keep, strict=True) if k],
            self.count[keep],
            self.codes[keep],
        )

    def count_documents(self, counts: TermCounts) -> None:
        single = np.array([n == 1 for n in self.syllables], bool)
        held = np.zeros(len(self.terms), np.int64)
        held[single] = counts.word_documents(self.codes[single])
        held[~single] = counts.pair_documents(self.codes[~single])
        self.documents = held


def _candidates(counts: TermCounts, min_count: int, leave_out: set[str]) -> Candidates:
    words = [
        (code, counts.word(code)) for code in np.flatnonzero(counts.words >= min_count).tolist()
    ]
    words = [
        (code, word)
        for code, word in words
        if word.isalpha() and not is_stop(word) and folded_form(word) not in leave_out
    ]
    pairs = [
        (int(code), counts.pair(code))
        for code in counts.pair_codes[counts.pair_counts >= min_count].tolist()
    ]
    pairs = [
        (code, pair)
        for code, pair in pairs
        if not all(folded_form(part) in leave_out for part in pair.split(PAIR_SEPARATOR))
    ]
    words, pairs = _most_frequent(words, counts.words), _most_frequent(pairs, counts)
    pair_codes = np.array([code for code, _ in pairs], np.int64)
    pair_totals = counts.pair_counts[np.searchsorted(counts.pair_codes, pair_codes)]
    word_codes = np.array([code for code, _ in words], np.int64)
    return Candidates(
        [word for _, word in words] + [pair for _, pair in pairs],
        [1] * len(words) + [2] * len(pairs),
        np.concatenate([counts.words[word_codes], pair_totals]).astype(np.int64),
        np.concatenate([word_codes, pair_codes]),
    )


def _most_frequent(chosen: list[tuple[int, str]], counts: Any) -> list[tuple[int, str]]:
    """The ``MAX_CANDIDATES`` most frequent of ``chosen`` (in code order): each costs a look-up
    in the index, so the rare tail of a large selection is not scored."""
    if len(chosen) <= MAX_CANDIDATES:
        return chosen
    if isinstance(counts, np.ndarray):  # word counts by id
        tally = counts[[code for code, _ in chosen]]
    else:
        tally = counts.pair_counts[np.searchsorted(counts.pair_codes, [c for c, _ in chosen])]
    keep = np.sort(np.argsort(-tally, kind="stable")[:MAX_CANDIDATES])
    return [chosen[i] for i in keep.tolist()]


def _keep_words(snapshot: Snapshot, found: Candidates, counts: TermCounts) -> np.ndarray:
    """Single words, and the pairs the archive's statistics recognise as words."""
    keep = np.array([syllables == 1 for syllables in found.syllables], bool)
    pair_at = np.flatnonzero(~keep)
    if len(pair_at):
        pairs = [found.terms[i] for i in pair_at.tolist()]
        rivals = neighbours(counts, [pair for pair in pairs if plausible(pair)])
        keep[pair_at] = recognised_words(snapshot.facts, pairs, rivals)
    return keep


def _archive_counts(snapshot: Snapshot, terms: list[str], syllables: list[int]):
    """(occurrences, documents) of each term in the whole archive."""
    occurrences = np.zeros(len(terms), np.int64)
    documents = np.zeros(len(terms), np.int64)
    for size, lookup in ((1, word_counts), (2, pair_counts)):
        at = [i for i, n in enumerate(syllables) if n == size]
        if at:
            found, held = lookup(snapshot.facts, [terms[i] for i in at])
            occurrences[at], documents[at] = found, held
    return occurrences, documents


def _reference_counts(terms: list[str], syllables: list[int], counts: TermCounts) -> np.ndarray:
    """Occurrences of each term in another selection."""
    found = []
    for term, size in zip(terms, syllables, strict=True):
        if size == 2:
            found.append(counts.pair_count(term))
            continue
        code = counts.vocabulary.code(term)
        found.append(0 if code is None else int(counts.words[code]))
    return np.array(found, np.int64)


@dataclass
class Reference:
    label: str
    articles: int
    tokens: int
    occurrences: np.ndarray
    archive_documents: np.ndarray | None = None  # None: not counted per article
    scale: float = 1.0  # the selection's articles per article counted

    def documents(self, index: int, study_documents: int) -> int | None:
        """Articles of the reference holding candidate ``index`` (the archive's minus the
        selection's, as counted or estimated); None when not known."""
        if self.archive_documents is None:
            return None
        return max(int(self.archive_documents[index]) - round(study_documents * self.scale), 0)


def _rest_of_archive(
    snapshot: Snapshot, found: Candidates, study: TermCounts, scale: float, articles: int
) -> Reference:
    total, held = _archive_counts(snapshot, found.terms, found.syllables)
    rest = np.maximum(total - np.rint(found.count * scale).astype(np.int64), 0)
    tokens = max(running_words(snapshot.facts) - round(study.tokens * scale), 1)
    live = int(np.count_nonzero(snapshot.facts.live))
    return Reference("the rest of the archive", max(live - articles, 0), tokens, rest, held, scale)


Triples = tuple[np.ndarray, np.ndarray]  # codes and counts


def _phrase(counts: TermCounts, triples_around: Triples, pair: str, count: int):
    """The three-word phrase ``pair`` nearly always stands in, with the share (or None)."""
    code = counts.pair_code(pair)
    triples, tallies = triples_around
    if code is None or not len(triples) or count <= 0:
        return None
    size = counts.size
    starts = triples // size == code  # pair + next word
    ends = triples % (size * size) == code  # previous word + pair
    best, best_count = None, 0
    for mask in (starts, ends):
        if mask.any():
            top = int(np.argmax(np.where(mask, tallies, 0)))
            if tallies[top] > best_count:
                best, best_count = int(triples[top]), int(tallies[top])
    if best is None or best_count < PHRASE_SHARE * count:
        return None
    return counts.triple(best), round(best_count / count, 3)


def _listed(counts: TermCounts, found: Candidates, order: list[int], top: int) -> list[int]:
    """The candidates to list, strongest first: ``top`` of them, words mostly inside a
    listed pair left out."""
    pairs = [found.terms[i] for i in order if found.syllables[i] == 2][: 2 * top]
    chosen = []
    for i in order:
        if found.syllables[i] == 1 and _covered(counts, found.terms[i], int(found.count[i]), pairs):
            continue
        chosen.append(i)
        if len(chosen) == top:
            break
    return chosen


def _rows(
    counts: TermCounts,
    found: Candidates,
    reference: Reference,
    study: Corpus,
    top: int,
) -> list[dict[str, Any]]:
    g2 = log_likelihood(found.count, reference.occurrences, counts.tokens, reference.tokens)
    ratio = log_ratio(found.count, reference.occurrences, counts.tokens, reference.tokens)
    over = found.count / max(counts.tokens, 1) > reference.occurrences / max(reference.tokens, 1)
    order = [int(i) for i in np.argsort(-g2, kind="stable") if over[i] and g2[i] >= SIGNIFICANT]
    chosen = _listed(counts, found, order, top)
    listed = found.subset(np.isin(np.arange(len(found.terms)), chosen))
    listed.count_documents(counts)
    documents = dict(zip(sorted(chosen), listed.documents.tolist(), strict=True))
    codes = [counts.pair_code(found.terms[i]) for i in chosen if found.syllables[i] == 2]
    triples = counts.triples_around(np.array(sorted(c for c in codes if c is not None)))
    rows = []
    for i in chosen:
        phrase = None
        if found.syllables[i] == 2:
            phrase = _phrase(counts, triples, found.terms[i], int(found.count[i]))
        scores = (float(g2[i]), float(ratio[i]))
        rows.append(_row(found, reference, study, i, scores, phrase, counts.tokens, documents[i]))
    return rows


def _covered(counts: TermCounts, word: str, count: int, pairs: list[str]) -> bool:
    """Whether most of the word's occurrences are inside one listed pair."""
    for pair in pairs:
        if word in pair.split(PAIR_SEPARATOR) and counts.pair_count(pair) >= COVERED * count:
            return True
    return False


def _per(count: int, tokens: int) -> float:
    return round(PER * count / max(tokens, 1), 3)


def _row(
    found: Candidates,
    reference: Reference,
    study: Corpus,
    i: int,
    scores: tuple[float, float],
    phrase: tuple[str, float] | None,
    tokens: int,
    documents: int,
) -> dict[str, Any]:
    term, count = found.terms[i], int(found.count[i])
    g2, ratio = scores
    reference_count = int(reference.occurrences[i])
    quoted = f'"{term}"' if found.syllables[i] == 2 else term
    return {
        "term": term,
        "syllables": found.syllables[i],
        "count": count,
        "documents": documents,
        "per_10k": _per(count, tokens),
        "reference_count": reference_count,
        "reference_documents": reference.documents(i, documents),
        "reference_per_10k": _per(reference_count, reference.tokens),
        "log_likelihood": round(g2, 2),
        "log_ratio": round(ratio, 3),
        "phrase": phrase[0] if phrase else None,
        "phrase_share": phrase[1] if phrase else None,
        "query": f"{study.query.strip()} {quoted}".strip(),
    }


def distinctive_terms(
    archive: Archive,
    snapshot: Snapshot,
    study: Corpus,
    *,
    reference: Corpus | None = None,
    top: int = DEFAULT_TOP,
    min_count: int = DEFAULT_MIN_COUNT,
    sample: int | None = None,
    keep_query_words: bool = False,
) -> dict[str, Any]:
    """The terms over-represented in ``study`` (against the rest of the archive, or
    against ``reference``), strongest first."""
    if not study.ids:
        return _nothing_to_count(study, min_count)
    counted = sampled(study.ids, sample)
    counts = count_terms(article_texts(archive, counted))
    leave_out = set() if keep_query_words else query_words(study.query)
    found = _candidates(counts, min_count, leave_out)
    found = found.subset(_keep_words(snapshot, found, counts))
    scale = len(study.ids) / max(len(counted), 1)
    if reference is None:
        against = _rest_of_archive(snapshot, found, counts, scale, len(study.ids))
    else:
        other = count_terms(article_texts(archive, sampled(reference.ids, sample)))
        occurrences = _reference_counts(found.terms, found.syllables, other)
        against = Reference(reference.label, other.documents, max(other.tokens, 1), occurrences)
    notes = list(study.notes)
    if len(counted) < len(study.ids):
        notes.append(
            f"Counted a fixed random sample of {len(counted):,} of the {len(study.ids):,} "
            "matching articles (the same sample every time)."
        )
    if leave_out:
        notes.append("The query's own words are left out.")
    return {
        "study": {
            "label": study.label,
            "query": study.query,
            "articles": len(study.ids),
            "counted": len(counted),
            "tokens": counts.tokens,
        },
        "reference": {
            "label": against.label,
            "articles": against.articles,
            "tokens": against.tokens,
        },
        "min_count": min_count,
        "terms": _rows(counts, found, against, study, top),
        "notes": notes,
    }


def _nothing_to_count(study: Corpus, min_count: int) -> dict[str, Any]:
    return {
        "study": {
            "label": study.label,
            "query": study.query,
            "articles": 0,
            "counted": 0,
            "tokens": 0,
        },
        "reference": None,
        "min_count": min_count,
        "terms": [],
        "notes": [*study.notes, "No article matches: nothing to count."],
    }


TERM_COLUMNS = (
    "term",
    "syllables",
    "count",
    "documents",
    "per_10k",
    "reference_count",
    "reference_documents",
    "reference_per_10k",
    "log_likelihood",
    "log_ratio",
    "phrase",
    "phrase_share",
    "query",
)


def terms_for_queries(
    archive: Archive,
    index_dir: Path,
    queries: list[str],
    *,
    against: str | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Distinctive terms of each query side by side (each against the rest of the archive,
    or against the articles of ``against``)."""
    if not queries or len(queries) > 5:
        raise ResearchError("Give one to five queries to compare.")
    snapshot = Snapshot.open(archive, index_dir)
    reference = query_corpus(snapshot, against) if against else None
    columns = [
        distinctive_terms(
            archive, snapshot, query_corpus(snapshot, q), reference=reference, **options
        )
        for q in queries
    ]
    return {"against": against, "columns": columns}


def term_rows(result: dict[str, Any]) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """Every column's terms as one table (tidy: a ``selection`` column names the query)."""
    rows = [
        {"selection": column["study"]["label"], **term}
        for column in result["columns"]
        for term in column["terms"]
    ]
    return rows, ("selection", *TERM_COLUMNS)
