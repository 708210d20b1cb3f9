"""The query language, parsed into a small tree; never raises.

    tuyên giáo                 both words (AND is the default)
    "tuyên giáo"               the exact phrase (punctuation between the words ignored)
    covid OR dịch              either
    NOT covid, -covid          without
    (a OR b) c                 grouping
    site:ID  province:NAME  author:NAME  source:NAME
    date:2023  date:2023-06  date:2022-01..2023-06  date:..2019  date:2020..
    sort:date  sort:oldest  sort:relevance

Anything malformed (an unbalanced quote or parenthesis, a dangling operator, an
unknown filter, an impossible date) is answered as well as it can be and
explained in ``notes``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from archive.vietnamese import nfc

FILTERS = ("site", "province", "author", "source", "date")
SORTS = {
    "relevance": "relevance",
    "date": "newest",
    "newest": "newest",
    "oldest": "oldest",
}
OPERATORS = ("AND", "OR", "NOT")
MAX_DEPTH = 16
EARLIEST = 10101  # 1 January of year 1: open ranges never include undated articles (0)
MAX_WORDS = 64

_WORD = re.compile(r"\w+")
_FIELD = re.compile(r"([A-Za-z_]+):(.*)", re.DOTALL)
_DATE_BOUND = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


# The tree --------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One word as typed (NFC), with where it sits in the query text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Phrase:
    words: tuple[Word, ...]


@dataclass(frozen=True)
class Filter:
    name: str  # one of FILTERS except date
    value: str


@dataclass(frozen=True)
class DateRange:
    first: int  # yyyymmdd, inclusive
    last: int


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Word | Phrase | Filter | DateRange | Not | And | Or


@dataclass
class ParsedQuery:
    text: str
    tree: Node | None
    sort: str | None = None
    notes: list[str] = field(default_factory=list)
    # Where the text has a quote or parenthesis that was ignored (unbalanced), so a
    # rewritten query ("did you mean") can leave it out.
    dropped: list[int] = field(default_factory=list)

    def words(self) -> list[Word]:
        """Every searched word (in phrases too), in query order."""
        return sorted(_words(self.tree), key=lambda word: word.start)


def _words(node: Node | None) -> list[Word]:
    if isinstance(node, Word):
        return [node]
    if isinstance(node, Phrase):
        return list(node.words)
    if isinstance(node, Not):
        return []  # excluded words are not suggestions material
    if isinstance(node, And | Or):
        return [word for child in node.nodes for word in _words(child)]
    return []


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


# Dates -------------------------------------------------------------------------


def _date_bound(text: str, *, end: bool) -> int | None:
    """``2023``, ``2023-06`` or ``2023-06-14`` as yyyymmdd, the first or last day it covers."""
    match = _DATE_BOUND.fullmatch(text)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if month is None:
            return year * 10000 + (1231 if end else 101)
        if day is None:
            if end:
                following = dt.date(year + month // 12, month % 12 + 1, 1)
                last = following - dt.timedelta(days=1)
                return int(last.strftime("%Y%m%d"))
            dt.date(year, month, 1)
            return year * 10000 + month * 100 + 1
        return int(dt.date(year, month, day).strftime("%Y%m%d"))
    except ValueError:
        return None


def parse_date_range(value: str) -> DateRange | None:
    """``2023``, ``2022-01..2023-06``, ``..2019`` or ``2020..``; None when malformed."""
    if ".." not in value:
        first, last = _date_bound(value, end=False), _date_bound(value, end=True)
    else:
        low, _, high = value.partition("..")
        first = _date_bound(low, end=False) if low else EARLIEST
        last = _date_bound(high, end=True) if high else 99991231
    if first is None or last is None or first > last:
        return None
    return DateRange(first, last)


# Lexing ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # word, phrase, field, lparen, rparen, op, not
    text: str
    start: int
    value: str = ""
    value_start: int = 0


def _lex(text: str, notes: list[str], dropped: list[int]) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
        elif char in "()":
            tokens.append(_Token("lparen" if char == "(" else "rparen", char, position))
            position += 1
        elif char == '"':
            closing = text.find('"', position + 1)
            if closing == -1:
                notes.append("Unbalanced quote ignored: searched the words without it.")
                dropped.append(position)
                position += 1
                continue
            tokens.append(_Token("phrase", text[position + 1 : closing], position + 1))
            position = closing + 1
        elif char == "-" and position + 1 < len(text) and not text[position + 1].isspace():
            tokens.append(_Token("not", "-", position))
            position += 1
        else:
            position = _lex_bare(text, position, tokens, notes)
    return tokens


def _lex_bare(text: str, start: int, tokens: list[_Token], notes: list[str]) -> int:
    """A bare word, operator or ``field:value`` (the value may be quoted)."""
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in '()"':
        end += 1
    bare = text[start:end]
    match = _FIELD.fullmatch(bare)
    if match and match.group(1).lower() in (*FILTERS, "sort"):
        name, value, value_start = match.group(1).lower(), match.group(2), start + match.start(2)
        if not value and end < len(text) and text[end] == '"':
            closing = text.find('"', end + 1)
            if closing != -1:
                value, value_start, end = text[end + 1 : closing], end + 1, closing + 1
        tokens.append(_Token("field", name, start, value, value_start))
    elif bare in OPERATORS:
        tokens.append(_Token("not" if bare == "NOT" else "op", bare, start))
    else:
        if match and match.group(2):
            notes.append(
                f"Unknown filter {match.group(1)}: (filters are {', '.join(FILTERS)}): "
                "searched as words."
            )
        tokens.append(_Token("word", bare, start))
    return end


# Parsing -----------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[_Token], notes: list[str], dropped: list[int]) -> None:
        self.tokens = tokens
        self.position = 0
        self.notes = notes
        self.dropped = dropped
        self.sort: str | None = None
        self.word_count = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def parse(self) -> Node | None:
        tree = self.disjunction(0)
        while self.peek() is not None:  # a stray ")" ends a group early: go on after it
            self.dropped.append(self.take().start)
            self.note("Unbalanced parenthesis ignored.")
            rest = self.disjunction(0)
            tree = _combine(And, [tree, rest])
        return tree

    def disjunction(self, depth: int) -> Node | None:
        parts = [self.conjunction(depth)]
        while (token := self.peek()) is not None and token.kind == "op" and token.text == "OR":
            self.take()
            right = self.conjunction(depth)
            if right is None or parts[-1] is None:
                self.note("OR needs something on both sides: the lone side was searched.")
            parts.append(right)
        return _combine(Or, parts)

    def conjunction(self, depth: int) -> Node | None:
        parts: list[Node | None] = []
        while (token := self.peek()) is not None and token.kind != "rparen":
            if token.kind == "op":
                if token.text == "OR":
                    break
                self.take()  # AND is the default anyway
                continue
            parts.append(self.unary(depth))
        return _combine(And, parts)

    def unary(self, depth: int) -> Node | None:
        token = self.peek()
        if token is not None and token.kind == "not":
            self.take()
            following = self.peek()
            operand = None
            if following is not None and following.kind not in ("rparen", "op"):
                operand = self.unary(depth)
            if operand is None:
                self.note(f"{token.text} needs something to exclude: it was ignored.")
                return None
            return operand.node if isinstance(operand, Not) else Not(operand)
        return self.primary(depth)

    def primary(self, depth: int) -> Node | None:
        token = self.take()
        if token.kind == "lparen":
            if depth >= MAX_DEPTH:
                self.note("Parentheses nested too deeply: the inner ones were ignored.")
                return None
            inner = self.disjunction(depth + 1)
            if self.peek() is not None and self.peek().kind == "rparen":
                self.take()
            else:
                self.dropped.append(token.start)
                self.note("Unbalanced parenthesis ignored.")
            return inner
        if token.kind == "field":
            return self.field(token)
        return self.words(token.text, token.start)

    def words(self, text: str, start: int) -> Node | None:
        found = [Word(m.group(), start + m.start(), start + m.end()) for m in _WORD.finditer(text)]
        room = MAX_WORDS - self.word_count
        if len(found) > room:
            self.note(f"Only the first {MAX_WORDS} words were searched.")
            found = found[: max(room, 0)]
        self.word_count += len(found)
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        # A hyphenated or slashed token ("COVID-19", "05-CT/TW") is a phrase, like a quoted one.
        return Phrase(tuple(found))

    def field(self, token: _Token) -> Node | None:
        name, value = token.text, token.value.strip()
        if not value:
            self.note(f"{name}: needs a value (e.g. {name}:…): it was ignored.")
            return None
        if name == "sort":
            if value.lower() not in SORTS:
                self.note(f"Unknown sort {value!r}: use sort:relevance, sort:date or sort:oldest.")
            else:
                self.sort = SORTS[value.lower()]
            return None
        if name == "date":
            found = parse_date_range(value)
            if found is None:
                self.note(
                    f"Date {value!r} not understood (try date:2023, date:2023-06 or "
                    "date:2022-01..2023-06): it was ignored."
                )
            return found
        return Filter(name, value)


def _combine(kind: type[And] | type[Or], parts: list[Node | None]) -> Node | None:
    kept = [part for part in parts if part is not None]
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    flat: list[Node] = []
    for part in kept:
        flat.extend(part.nodes if isinstance(part, kind) else (part,))
    return kind(tuple(flat))


def parse(text: str) -> ParsedQuery:
    """The query's tree, its sort order (if it names one) and notes on what was repaired."""
    text = nfc(text or "")
    notes: list[str] = []
    dropped: list[int] = []
    parser = _Parser(_lex(text, notes, dropped), notes, dropped)
    tree = parser.parse()
    if tree is None and not notes:
        notes.append("The query has no searchable words.")
    return ParsedQuery(text, tree, parser.sort, notes, sorted(dropped))
