"""Opening the archive database: engine set-up, migrations, sessions."""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.exc import DatabaseError as SQLDatabaseError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant will do: PostgreSQL advisory locks are named by a 64-bit number.
MIGRATION_LOCK_KEY = 0x50617274794C696E  # "PartyLin"


class DatabaseError(RuntimeError):
    """The database cannot be opened; the message says what to do."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (search server, exports) work while a crawl writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _read_only_sqlite(path: Path) -> URL | None:
    """A read-only URL for an existing database this process cannot write, else None.

    An archive on a read-only disk, or a shared copy, must still be searchable.
    SQLite opens a WAL database read-only only where it can create the ``-shm``
    file; on a read-only file system nothing can change it, so it is opened as
    immutable (no locks, no side files).
    """
    if not path.is_file():
        return None
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return None
    read_only_disk = bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    mode = "mode=ro&immutable=1" if read_only_disk else "mode=ro"
    return make_url(f"sqlite:///file:{path}?{mode}&uri=true")


def _sqlite_engine(parsed: URL) -> Engine:
    database = parsed.database
    if not database or database == ":memory:":
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    read_only = _read_only_sqlite(Path(database))
    if read_only is not None:
        return create_engine(read_only, connect_args={"timeout": 30})
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite file or PostgreSQL), with SQLite tuned for WAL."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"Invalid database URL {url!r}: {exc}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend != "postgresql":
        raise DatabaseError(
            f"Unsupported database {backend!r} in {parsed.render_as_string()}: Partyline "
            "stores its archive in SQLite (the default) or PostgreSQL "
            "(postgresql://user@host/db)."
        )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except (ImportError, NoSuchModuleError) as exc:
        raise DatabaseError(
            f"PostgreSQL needs its driver ({exc}): install it with "
            "`pip install 'partyline[postgres]'`."
        ) from exc


def alembic_config(engine: Engine) -> Config:
    # Imported here: alembic costs a quarter of a second to import, and processes
    # that open an archive already migrated (extraction workers, the server's
    # search processes) never need it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Held while migrating: one process at a time brings a database up to date.

    Two processes opening a new archive at once (a crawl and the server, or a
    test watching a crawl) would otherwise both create the same tables.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@cache
def schema_head() -> str:
    """The newest migration's revision, read from the migration files (without importing
    alembic: a quarter of a second every process would pay)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision = re.search(r'^revision = "([^"]+)"', source, re.MULTILINE)
        parent = re.search(r'^down_revision = "([^"]+)"', source, re.MULTILINE)
        if revision:
            revisions.add(revision.group(1))
        if parent:
            parents.add(parent.group(1))
    (head,) = revisions - parents
    return head


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: a new, empty database)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_read_only(engine: Engine) -> bool:
    return engine.url.query.get("mode") == "ro"


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (nothing to do, and no lock, when it is)."""
    try:
        revision = schema_revision(engine)
    except SQLDatabaseError as exc:  # OperationalError too: locked, unreachable, not a database
        raise DatabaseError(
            f"Cannot open the archive database {engine.url.render_as_string()} ({exc.orig}): "
            "is it an archive? Check PARTYLINE_DB_URL or --home."
        ) from exc
    if revision == schema_head():
        return
    if is_read_only(engine):
        raise DatabaseError(
            f"The archive {engine.url.database} is read-only and its schema is "
            f"{revision or 'empty'} where this Partyline needs {schema_head()}: open it once "
            "where it can be written, to bring it up to date."
        )
    from alembic import command

    try:
        with migration_lock(engine):
            command.upgrade(alembic_config(engine), "head")
    except OperationalError as exc:
        raise DatabaseError(
            f"Cannot open the archive database ({exc.orig}). Check PARTYLINE_DB_URL or --home."
        ) from exc


class Archive:
    """A migrated database and a session factory: what every stage opens first."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        if migrate:
            upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def read_only(self) -> bool:
        """Opened from a file this process cannot write (reading commands still work)."""
        return is_read_only(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def dialect_insert(backend: Session | str):
    """INSERT with ``on_conflict_do_nothing``/``_do_update`` for a session's backend
    (or a dialect name)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = backend if isinstance(backend, str) else backend.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert
