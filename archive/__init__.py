"""The archive: SQLAlchemy models and storage for sites, captures, articles and runs.

This package is the base layer: it imports neither ``crawler`` nor ``search``.
"""
