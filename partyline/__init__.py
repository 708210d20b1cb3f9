"""The command-line layer: orchestrates crawler, archive and search."""

from archive.version import SOFTWARE_VERSION as __version__

__all__ = ["__version__"]
