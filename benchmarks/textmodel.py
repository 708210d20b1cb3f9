"""Realistic Vietnamese article text: a Markov chain over the sample web's own texts.

The chain is trained on articles composed by the sample web (its handwritten
articles and the composer's bank, ``sampleweb/data``), so generated
text has the syllable frequencies and the two-syllable word frequencies of
those texts: the same common syllables ("các", "và", "đảng"), the same common
words ("tuyên giáo", "tổ chức", "tỉnh ủy"), and a long tail of place names,
people and figures. Sentences are drawn from a pool the chain fills once,
which keeps generating 100,000 articles fast.

The sample texts use about 1,200 distinct syllables; real Vietnamese news uses
6,000 to 7,000, the rarer ones mostly in names, places and subject words. So
the pool also draws from a *tail*: two-syllable words made of the other
syllables Vietnamese spelling allows (``benchmarks/syllables.py``), with
Zipf frequencies, about one syllable in ten of running text. Vocabulary then
grows with the archive as it does in real collections, and a "mid-frequency
term" is as rare as it is in practice.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from benchmarks.syllables import tail_words
from sampleweb.compose import compose_site
from sampleweb.orthography import restyle
from sampleweb.specs import site_specs

# Composed articles per sample site and copy used for training.
TRAINING_ARTICLES = 150
TRAINING_COPIES = 3
MAX_SENTENCE_TOKENS = 60
TAIL_WORDS = 40_000
TAIL_WORDS_PER_SENTENCE = 3.5
PROPER_NOUN_SHARE = 0.3
START, END = "\x02", "\x03"
PUNCTUATION = frozenset(",;:?!")

_TOKEN = re.compile(r"\w+(?:[./,]\d+)*%?|[,;:?!]")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[^\W\d_])")


def _tokens(sentence: str) -> list[str]:
    return _TOKEN.findall(sentence.rstrip(". "))


class Chain:
    """A first-order Markov chain over tokens (syllables and punctuation)."""

    def __init__(self) -> None:
        self._successors: dict[str, list[str]] = defaultdict(list)

    def learn(self, tokens: list[str]) -> None:
        for previous, current in zip([START, *tokens], [*tokens, END], strict=True):
            self._successors[previous].append(current)

    def walk(self, rng: random.Random, limit: int = MAX_SENTENCE_TOKENS) -> list[str]:
        tokens: list[str] = []
        current = rng.choice(self._successors[START])
        choice, successors = rng.choice, self._successors
        while current != END and len(tokens) < limit:
            tokens.append(current)
            current = choice(successors[current])
        while tokens and tokens[-1] in PUNCTUATION:
            tokens.pop()
        return tokens


def render(tokens: list[str]) -> str:
    """Tokens as text: punctuation against the word before it, first letter capitalised."""
    text = " ".join(tokens)
    text = re.sub(r" ([,;:?!])", r"\1", text)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class TextModel:
    sentences: Chain
    titles: Chain
    reporters: tuple[str, ...]
    tail: tuple[str, ...]  # two-syllable words, most frequent first


# The sample sites the chains learn from, fixed: a site added to the sample web must
# not change the generated corpus (the benchmark figures and the tests built on it).
TRAINING_SITES = (
    "mau-nukeviet",
    "mau-egov",
    "mau-liferay",
    "mau-baolongan",
    "mau-joomla",
    "mau-k2",
    "mau-joomla1",
    "mau-websphere",
    "mau-wordpress",
    "mau-baonamdinh",
    "mau-tuyengiao",
    "mau-unknown",
)


@cache
def text_model() -> TextModel:
    """The chains trained on the sample web's composed articles (three copies each)."""
    sentences, titles = Chain(), Chain()
    reporters: set[str] = set()
    known: set[str] = set()
    specs = site_specs()
    for spec in (specs[site_id] for site_id in TRAINING_SITES):
        reporters.update(spec.reporters)
        for copy in range(1, TRAINING_COPIES + 1):
            for article in compose_site(spec.copied(copy), TRAINING_ARTICLES, seed=copy):
                titles.learn(_tokens(restyle(article.title, "new")))
                for paragraph in (article.lead, *article.paragraphs):
                    for sentence in _SENTENCE_END.split(restyle(paragraph, "new")):
                        tokens = _tokens(sentence)
                        if tokens:
                            sentences.learn(tokens)
                            known.update(token.lower() for token in tokens)
    tail = tail_words(known, TAIL_WORDS, random.Random("tail"))
    return TextModel(sentences, titles, tuple(sorted(reporters)), tuple(tail))


class SentencePool:
    """A pool of generated sentences and titles to draw articles from."""

    def __init__(self, model: TextModel, size: int, rng: random.Random) -> None:
        self.tail = model.tail
        self.tail_weights = list(accumulate(1 / rank for rank in range(1, len(model.tail) + 1)))
        walks = (model.sentences.walk(rng) for _ in range(size))
        self.sentences = [render(self.with_tail(t, rng)) + "." for t in walks if t]
        titles = (self.with_tail(model.titles.walk(rng, limit=22), rng) for _ in range(size))
        self.titles = [render(t) for t in titles if len(t) >= 4] or ["Tin hoạt động"]

    def with_tail(self, tokens: list[str], rng: random.Random) -> list[str]:
        """``tokens`` with a few rarer words inserted (Zipf: a handful are common)."""
        count = sum(rng.random() < TAIL_WORDS_PER_SENTENCE / 5 for _ in range(5))
        for word in rng.choices(self.tail, cum_weights=self.tail_weights, k=count):
            if rng.random() < PROPER_NOUN_SHARE:
                word = word.title()
            tokens.insert(rng.randrange(len(tokens) + 1), word)
        return tokens

    def paragraph(self, rng: random.Random, sentences: int) -> str:
        return " ".join(rng.choices(self.sentences, k=sentences))

    def body(self, rng: random.Random) -> list[str]:
        """A lead and 2 to 9 paragraphs: about 150 to 1,300 words, 500 typical."""
        paragraphs = [self.paragraph(rng, rng.randint(1, 2))]
        for _ in range(min(9, max(2, round(rng.lognormvariate(1.75, 0.45))))):
            paragraphs.append(self.paragraph(rng, rng.randint(1, 4)))
        return paragraphs

    def title(self, rng: random.Random) -> str:
        return rng.choice(self.titles)
