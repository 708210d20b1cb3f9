"""Index segments read in place from their memory map (search/mapped_files.py)."""

from __future__ import annotations

import io
import os

from hypothesis import given
from hypothesis import strategies as st

from search.mapped_files import MemoryReader, ZeroCopyBufferFile

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("read"), st.integers(-1, 40)),
        st.tuples(st.just("readline"), st.integers(-1, 40)),
        st.tuples(st.just("readinto"), st.integers(0, 40)),
        st.tuples(st.just("seek"), st.integers(0, 80)),
        st.tuples(st.just("seek_cur"), st.integers(-10, 10)),
        st.tuples(st.just("seek_end"), st.integers(-20, 0)),
    ),
    max_size=30,
)


def _apply(stream, operation: tuple[str, int]) -> object:
    name, value = operation
    if name == "readinto":
        target = bytearray(value)
        count = stream.readinto(target)
        return count, bytes(target[:count])
    if name in ("seek_cur", "seek_end"):
        whence = os.SEEK_CUR if name == "seek_cur" else os.SEEK_END
        target = value + (stream.tell() if name == "seek_cur" else len(DATA))
        return stream.seek(value, whence) if target >= 0 else None
    return getattr(stream, name)(value)


DATA = b"first line\nsecond\n\x00\x01binary\xff tail without newline"


@given(OPERATIONS)
def test_memory_reader_reads_like_a_file(operations) -> None:
    reference, reader = io.BytesIO(DATA), MemoryReader(memoryview(DATA))
    for operation in operations:
        assert _apply(reader, operation) == _apply(reference, operation), operation
        assert reader.tell() == reference.tell()


def test_index_parts_are_read_in_place(search_corpus) -> None:
    from search.store import open_searcher

    index_dir = search_corpus[1]
    reader = open_searcher(index_dir).reader()
    parts = [leaf._terms._postfile for leaf, _ in reader.leaf_readers()]
    assert parts and all(isinstance(part, ZeroCopyBufferFile) for part in parts)
    assert all(isinstance(part.file, MemoryReader) for part in parts)
