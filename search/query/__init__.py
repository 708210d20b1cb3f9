"""Answering queries: the query language, matching, ranking, facets, snippets and
suggestions, over the index that ``search.index`` writes.

``search`` and ``matching_article_ids`` (``engine.py``) are what callers use.
"""
