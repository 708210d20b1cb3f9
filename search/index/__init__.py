"""Writing the search index: article rows into Whoosh documents, segments and commits.

``update_index`` (``update.py``) is the one entry point: it compares what the
database holds with what the index holds and writes the difference.
"""
