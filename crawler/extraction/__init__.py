"""Extraction: captures in, clean articles out (title, date, author, source, text).

Family selectors first, trafilatura as the fallback, then Vietnamese filters.
Pure functions over bytes (``extractor.extract_article``), run in worker
processes by ``batches.py``; see docs/extraction.md.
"""
