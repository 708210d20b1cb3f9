"""The slice a query is counted in: its filters without its words.

A share of articles needs a denominator: every article in the same slice of
the archive (the same sites, provinces, dates, authors, sources) whether or
not it has the words. ``slice_of`` keeps a query's filters and drops its words
so that every article the query matches is in its slice (the share is never
above one):

- a word or a phrase is no restriction (every article);
- ``a b`` (AND) is the slice of ``a`` and the slice of ``b``;
- ``a OR b`` is the slice of ``a`` or the slice of ``b``;
- ``NOT a`` keeps ``a``'s exclusion only when ``a`` is filters alone
  (``-site:x`` narrows the slice; ``-covid`` does not).

``covid province:"Long An" date:2021`` is counted against every 2021 article
of Long An's sites; ``(covid site:a) OR (dịch site:b)`` against every
article of sites a and b.
"""

from __future__ import annotations

from search.query import syntax


def has_words(node: syntax.Node | None) -> bool:
    """Whether ``node`` searches words (anywhere under it)."""
    match node:
        case syntax.Word() | syntax.Phrase():
            return True
        case syntax.Not(node=inner):
            return has_words(inner)
        case syntax.And(nodes=nodes) | syntax.Or(nodes=nodes):
            return any(has_words(child) for child in nodes)
    return False


def slice_of(node: syntax.Node | None) -> syntax.Node | None:
    """The filters of ``node`` without its words; None: every article."""
    match node:
        case syntax.Word() | syntax.Phrase() | None:
            return None
        case syntax.Filter() | syntax.DateRange():
            return node
        case syntax.Not(node=inner):
            return None if has_words(inner) else node
        case syntax.And(nodes=nodes):
            kept = [part for part in map(slice_of, nodes) if part is not None]
            return _combine(syntax.And, kept)
        case syntax.Or(nodes=nodes):
            parts = [slice_of(child) for child in nodes]
            if any(part is None for part in parts):
                return None  # one side is unrestricted, so the union is everything
            return _combine(syntax.Or, parts)
    raise TypeError(f"unknown query node {node!r}")


def _combine(kind: type[syntax.And] | type[syntax.Or], parts: list) -> syntax.Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(tuple(parts))
