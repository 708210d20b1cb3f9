"""The index schema: what each article contributes to the Whoosh index.

Searched text is the article's title and body, nothing else (boilerplate never
reaches the archive's text). Each is indexed as words in two forms and as
pairs of adjacent words:

- ``text`` (title + body) and ``title``: exact words (tone placement unified);
  ``text`` keeps word positions for phrases of three words or more;
- ``text_f`` and ``title_f``: folded words (no diacritics, đ -> d);
- ``pairs``: exact pairs of adjacent words, so a phrase of two syllables (the
  common case) is one term. A phrase typed without diacritics looks up the
  exact pairs whose folded form it is.

Filters and facets use ``site``, ``date`` (yyyymmdd, 0 when undated),
``author`` and ``source`` (folded words). ``id`` is the article id, and
``stamp`` says which version of the article was indexed, so an incremental
run can compare the index with the database.
"""

from __future__ import annotations

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, NUMERIC, TEXT, Schema

from search.analysis import ANALYSIS_VERSION, exact_analyzer, folded_analyzer, pair_analyzer

# Bump when the fields change. Indexes written with another version are rebuilt.
SCHEMA_VERSION = 2
INDEX_VERSION = f"{SCHEMA_VERSION}.{ANALYSIS_VERSION}"

WORD_FIELDS = {"exact": "text", "folded": "text_f"}
TITLE_FIELDS = {"exact": "title", "folded": "title_f"}
PAIR_FIELD = "pairs"


def build_schema() -> Schema:
    return Schema(
        id=ID(unique=True, sortable=True),
        stamp=COLUMN(VarBytesColumn()),
        site=ID(sortable=True),
        date=NUMERIC(int, bits=32, signed=False, sortable=True),
        title=TEXT(analyzer=exact_analyzer(), phrase=False),
        title_f=TEXT(analyzer=folded_analyzer(), phrase=False),
        text=TEXT(analyzer=exact_analyzer()),
        text_f=TEXT(analyzer=folded_analyzer(), phrase=False),
        pairs=TEXT(analyzer=pair_analyzer(), phrase=False),
        author=TEXT(analyzer=folded_analyzer(), phrase=False),
        source=TEXT(analyzer=folded_analyzer(), phrase=False),
    )
