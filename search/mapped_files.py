"""Reading index segments from a memory map without copying them.

whoosh3 3.54.0 opens each part of a compound segment as a ``BufferFile`` over a
slice of the segment's mmap, and ``BufferFile`` wraps that slice in a
``BytesIO``, which copies it: every reader (one per searching thread) held its
own copy of the postings and terms, about 1.7 GB per thread at 100,000
articles. Plain file reads avoid the copy but cost a system call per small read,
which doubles the time of a query whose terms are not cached.

``ZeroCopyBufferFile`` reads the slice in place: the pages are the OS page
cache's, shared by every thread and process, and a read is a slice, not a
system call. ``install()`` makes whoosh's compound storage use it (whoosh3 is
pinned exactly; ``tests/test_search_index.py`` reads indexes through it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile


class MemoryReader:
    """A read-only file over a memoryview: read, readline, readinto, seek, tell."""

    __slots__ = ("_buffer", "_end", "_position")

    def __init__(self, buffer: memoryview) -> None:
        self._buffer = buffer
        self._position = 0
        self._end = len(buffer)

    def read(self, size: int | None = -1) -> bytes:
        start = self._position
        end = self._end if size is None or size < 0 else min(start + size, self._end)
        self._position = max(start, end)
        return self._buffer[start:end].tobytes()

    def readinto(self, target: bytearray | memoryview) -> int:
        start = self._position
        end = min(start + len(target), self._end)
        count = max(0, end - start)
        target[:count] = self._buffer[start:end]
        self._position = start + count
        return count

    def readline(self, size: int | None = -1) -> bytes:
        limit = self._end if size is None or size < 0 else min(self._position + size, self._end)
        rest = self._buffer[self._position : limit].tobytes()
        cut = rest.find(b"\n")
        line = rest if cut < 0 else rest[: cut + 1]
        self._position += len(line)
        return line

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self._position
        elif whence == os.SEEK_END:
            offset += self._end
        if offset < 0:
            raise ValueError(f"negative seek position {offset}")
        self._position = offset
        return offset

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        self._buffer = memoryview(b"")
        self._end = self._position = 0


class ZeroCopyBufferFile(BufferFile):
    """whoosh's ``BufferFile`` reading its buffer in place instead of through a copy."""

    def __init__(self, buf, name=None, onclose=None) -> None:  # whoosh's signature
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = MemoryReader(buf if isinstance(buf, memoryview) else memoryview(buf))


def install() -> None:
    """Make whoosh's compound segments open their parts with ``ZeroCopyBufferFile``."""
    compound.BufferFile = ZeroCopyBufferFile
