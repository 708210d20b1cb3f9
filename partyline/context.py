"""What every command is handed: the data directory, the settings, and the archive.

One ``Context`` per process, the way Datasette hands its ``Datasette`` object to
every view and Scrapy its ``Crawler`` to every component: the archive is opened
on first use (its engine and the migration check cost 10 to 20 ms, and many
commands never need it) and closed when the command ends.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from archive.db import Archive
from archive.home import Home
from crawler.frontier import DEFAULT_PREFIX


@dataclass(frozen=True)
class Settings:
    """What the environment says beyond the data directory (docs/operations.md)."""

    contact_url: str | None = None  # PARTYLINE_CONTACT_URL: named in the User-Agent
    redis_url: str | None = None  # PARTYLINE_REDIS_URL: the shared frontier of --workers
    redis_prefix: str = DEFAULT_PREFIX  # PARTYLINE_REDIS_PREFIX

    @classmethod
    def from_environment(cls) -> Settings:
        return cls(
            contact_url=os.environ.get("PARTYLINE_CONTACT_URL") or None,
            redis_url=os.environ.get("PARTYLINE_REDIS_URL") or None,
            redis_prefix=os.environ.get("PARTYLINE_REDIS_PREFIX", DEFAULT_PREFIX),
        )


@dataclass
class Context:
    home: Home
    settings: Settings = field(default_factory=Settings.from_environment)
    _archive: Archive | None = field(default=None, repr=False)

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> Context:
        """``--home`` wins, then ``PARTYLINE_HOME``, then ``./partyline-data``."""
        return cls(Home.resolve(home))

    @property
    def archive(self) -> Archive:
        """The archive, opened (and its schema brought up to date) on first use."""
        if self._archive is None:
            # Only a new archive needs its folder made: a read-only one must open as it is.
            self.home.check().root.mkdir(parents=True, exist_ok=True)
            self._archive = Archive(self.home.database_url)
        return self._archive

    @property
    def index_dir(self) -> Path:
        return self.home.index_dir

    @property
    def site_dir(self) -> Path:
        return self.home.site_dir

    def close(self) -> None:
        if self._archive is not None:
            self._archive.dispose()
            self._archive = None

    def __enter__(self) -> Context:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
