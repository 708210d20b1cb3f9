"""A faster Whoosh segment writer for Partyline's schema: same index format, same postings.

Whoosh spends most of an indexing run in generic per-posting machinery: a
token object per word per field, a sorting pool of 5-tuples, and a field
length read back from disk for every posting. This writer keeps Whoosh's
codec, so the result is an ordinary Whoosh index, and replaces those steps
for the fields analysed by ``VietnameseTokenizer``: a text is split into words
once and counted in C, postings wait in memory grouped by term (no global
sort), and lengths come from memory. Other fields (id, site, date) take
Whoosh's own path.

It relies on ``SegmentWriter`` internals of the pinned whoosh3 version
(``perdocwriter``, ``fieldwriter``, ``pool``); ``tests/test_search_index.py``
checks that it writes exactly the terms and postings Whoosh's own writer does.
Merging segments (``add_reader``) stays with Whoosh's writer.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from typing import Any

from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from search.analysis import VietnameseTokenizer, ensure_nfc, pair_spans, spans, word_position


class _Postings:
    """One term's postings in the segment being written, in document order."""

    __slots__ = ("docs", "freqs", "values")

    def __init__(self, positional: bool) -> None:
        self.docs = array("I")
        self.freqs = array("I")
        self.values: list[bytes] | None = [] if positional else None


class _Pool:
    """Stands in for Whoosh's sorting pool; holds the postings of the other fields."""

    def __init__(self) -> None:
        self.fieldnames: set[str] = set()
        self.items: list[tuple] = []

    def add(self, item: tuple) -> None:
        self.fieldnames.add(item[0])
        self.items.append(item)

    def cleanup(self) -> None:
        self.items.clear()


def _fast(field: Any) -> bool:
    return (
        isinstance(getattr(field, "analyzer", None), VietnameseTokenizer)
        and type(field.format) in (Frequency, Positions)
        and field.format.field_boost == 1.0
        and not field.vector
        and not field.separate_spelling()
    )


class FastSegmentWriter(SegmentWriter):
    """``SegmentWriter`` with the fast path described above (documents and commit only)."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool = _Pool()
        self._fast = {name for name, field in self.schema.items() if _fast(field)}
        self._terms: dict[str, dict[bytes, _Postings]] = defaultdict(dict)
        # Per fast field, per document of this segment: the length a reader will see.
        self._lengths: dict[str, array] = {name: array("I") for name in self._fast}

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        perdoc, docnum = self.perdocwriter, self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(self.schema, names)
        perdoc.start_doc(docnum)
        for name in self._fast:
            self._lengths[name].append(0)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            length = 0
            if name in self._fast:
                length = self._index_text(name, field, value, docnum) if value else 0
                self._lengths[name][-1] = byte_to_length(length_to_byte(length)) if length else 0
            elif field.indexed:
                for btext, freq, weight, vbytes in field.index(value):
                    length += freq if field.scorable else 0
                    self.pool.add((name, btext, docnum, weight, vbytes))
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _index_text(self, name: str, field: Any, value: str, docnum: int) -> int:
        """Count the words (or pairs) of ``value`` into the postings; the field length."""
        analyzer: VietnameseTokenizer = field.analyzer
        found = spans(ensure_nfc(value), analyzer.form)
        if analyzer.pairs:
            found = pair_spans(found)
        terms = self._terms[name]
        positional = type(field.format) is Positions
        if positional:
            places: dict[str, list[int]] = defaultdict(list)
            for index, span in enumerate(found):
                places[span[0]].append(word_position(index, span[3]))
            counts = {word: len(where) for word, where in places.items()}
        else:
            counts = Counter(span[0] for span in found)
        for word, count in counts.items():
            key = word.encode("utf-8")
            postings = terms.get(key)
            if postings is None:
                postings = terms[key] = _Postings(positional)
            postings.docs.append(docnum)
            postings.freqs.append(count)
            if positional:
                postings.values.append(field.format.encode(places[word]))
        return len(found)

    def add_reader(self, reader: Any) -> None:
        raise NotImplementedError("merging is left to Whoosh's SegmentWriter")

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        items = sorted(self.pool.items)
        other = sorted({item[0] for item in items})
        lengths = self.per_document_reader() if items else None
        for fieldname in sorted(set(self._terms) | set(other)):
            if fieldname in self._terms:
                self._write_field(fieldname)
            else:
                mine = iter([item for item in items if item[0] == fieldname])
                self.fieldwriter.add_postings(self.schema, lengths, mine)
        self.fieldwriter.close()
        if lengths:
            lengths.close()

    def _write_field(self, fieldname: str) -> None:
        writer = self.fieldwriter
        field = self.schema[fieldname]
        positional = type(field.format) is Positions
        lengths, docbase = self._lengths[fieldname], self.docbase
        writer.start_field(fieldname, field)
        terms = self._terms[fieldname]
        for key in sorted(terms):
            postings = terms[key]
            writer.start_term(key)
            values = postings.values
            for index, docnum in enumerate(postings.docs):
                freq = postings.freqs[index]
                value = values[index] if positional else pack_uint(freq)
                writer.add(docnum, float(freq), value, lengths[docnum - docbase])
            writer.finish_term()
        writer.finish_field()
