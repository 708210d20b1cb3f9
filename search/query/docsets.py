"""Which documents a query matches: its tree evaluated into sets of document numbers.

Counting, facets, date sorting and the ids for topics and exports all need the
complete set of matches, not the top ten. A set of documents is a boolean
array over the snapshot's document numbers (``facts.Mask``): intersection,
union and difference are array operations in C, so the tree is evaluated
here rather than by Whoosh's matchers one document at a time; Whoosh only
answers the leaves (a term's postings) and phrases longer than two words.

Matching rules (``docs/search.md``): a word typed with diacritics matches that
exact word (tone placement unified); one typed without matches every spelling
that folds to it. A phrase matches its words adjacent within one paragraph,
punctuation between them ignored.
"""

from __future__ import annotations

from functools import reduce
from itertools import pairwise
from operator import and_, or_

import numpy as np
from whoosh.searching import Searcher

from archive.vietnamese import has_diacritics
from search.analysis import exact_form, folded_form
from search.query import syntax
from search.query.facts import Facts, Mask, Postings
from search.query.phrases import phrase_matches
from search.query.variants import pair_spellings, word_spellings
from search.schema import PAIR_FIELD, WORD_FIELDS
from search.site_filters import SiteInfo, provinces_matching, sites_matching


def word_term(word: str) -> tuple[str, str]:
    """The field and term a query word searches."""
    if has_diacritics(word):
        return WORD_FIELDS["exact"], exact_form(word)
    return WORD_FIELDS["folded"], folded_form(word)


class DocSets:
    """Evaluates a query tree against one index snapshot."""

    def __init__(self, searcher: Searcher, facts: Facts, sites: list[SiteInfo]) -> None:
        self.searcher = searcher
        self.facts = facts
        self.postings = Postings(facts)
        self.sites = sites
        self.notes: list[str] = []

    def matches(self, tree: syntax.Node) -> Mask:
        """The live documents ``tree`` matches."""
        return self._eval(tree) & self.facts.live

    def _eval(self, node: syntax.Node) -> Mask:
        """The documents ``node`` matches (deleted ones may be in it). The result may be
        shared with the query's postings: combine it into new arrays, never in place."""
        match node:
            case syntax.Word(text=text):
                return self.postings.documents(*word_term(text))
            case syntax.Phrase(words=words):
                return self.phrase([word.text for word in words])
            case syntax.Filter(name=name, value=value):
                return self.filter(name, value)
            case syntax.DateRange(first=first, last=last):
                return self.facts.dated_between(first, last)
            case syntax.Not(node=inner):
                return self.facts.live & ~self._eval(inner)
            case syntax.Or(nodes=nodes):
                return reduce(or_, (self._eval(child) for child in nodes), self.facts.nothing())
            case syntax.And(nodes=nodes):
                return self.conjunction(nodes)
        raise TypeError(f"unknown query node {node!r}")

    def conjunction(self, nodes: tuple[syntax.Node, ...]) -> Mask:
        positive = [child for child in nodes if not isinstance(child, syntax.Not)]
        negative = [child.node for child in nodes if isinstance(child, syntax.Not)]
        found = reduce(and_, (self._eval(child) for child in positive), self.facts.live)
        for child in negative:
            if not found.any():
                break
            found = found & ~self._eval(child)
        return found

    def phrase(self, words: list[str]) -> Mask:
        if len(words) == 1:
            return self.postings.documents(*word_term(words[0]))
        reader = self.searcher.reader()
        candidates = self.facts.live
        for first, second in pairwise(words):
            pairs = [term for term, _ in pair_spellings(reader, first, second)]
            candidates = candidates & self.postings.any_of(PAIR_FIELD, pairs)
            if not candidates.any():
                return candidates
        if len(words) == 2:
            return candidates
        spellings = [[term for term, _ in word_spellings(reader, word)] for word in words]
        found = phrase_matches(self.facts, spellings, set(np.flatnonzero(candidates).tolist()))
        matched = self.facts.nothing()
        matched[list(found)] = True
        return matched

    def filter(self, name: str, value: str) -> Mask:
        if name in ("author", "source"):
            words = [folded_form(word) for word in syntax.words_of(value)]
            if not words:
                return self.facts.nothing()
            return reduce(and_, (self.postings.documents(name, word) for word in words))
        if name == "province":
            site_ids, provinces = provinces_matching(self.sites, value)
            if not site_ids:
                self.notes.append(f"No site is in a province matching {value!r}.")
            elif len(provinces) > 1:
                self.notes.append(f"province:{value} matched {', '.join(provinces)}.")
        else:
            site_ids = sites_matching(self.sites, value)
            if not site_ids:
                self.notes.append(f"No site matches {value!r} (see `partyline sites list`).")
        return self.facts.of_sites(site_ids)
