"""The command-line layer: orchestrates crawler, archive and search."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("partyline")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
