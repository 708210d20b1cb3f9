"""Where Partyline keeps its data: one directory holding database, index and site."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = "partyline-data"


@dataclass(frozen=True)
class Home:
    """The data directory and the well-known paths inside it."""

    root: Path

    @classmethod
    def resolve(cls, explicit: str | os.PathLike[str] | None = None) -> Home:
        """``--home`` wins, then ``PARTYLINE_HOME``, then ``./partyline-data``."""
        chosen = explicit or os.environ.get("PARTYLINE_HOME") or DEFAULT_HOME
        return cls(Path(chosen).expanduser().resolve())

    @property
    def database_path(self) -> Path:
        return self.root / "archive.db"

    @property
    def database_url(self) -> str:
        """``PARTYLINE_DB_URL`` (e.g. PostgreSQL) or the SQLite file in the home."""
        return os.environ.get("PARTYLINE_DB_URL") or f"sqlite:///{self.database_path}"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def state_dir(self) -> Path:
        """Crawl job state and locks."""
        return self.root / "state"

    def ensure(self) -> Home:
        self.check()
        for path in (self.root, self.logs_dir, self.state_dir):
            path.mkdir(parents=True, exist_ok=True)
        return self

    def check(self) -> Home:
        """Refuse a data directory that is a file, in words (not ``[Errno 17]``)."""
        if self.root.exists() and not self.root.is_dir():
            raise NotADirectoryError(
                f"the data directory {self.root} is a file, not a folder: choose another "
                "with --home or PARTYLINE_HOME"
            )
        return self
