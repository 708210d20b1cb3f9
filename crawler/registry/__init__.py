"""The sites registry: a human-edited YAML file listing every site to archive.

``crawler/sites.yaml`` holds the real provincial sites; the bundled sample web
writes its own registry. ``entries.py`` says what a site block holds,
``check.py`` checks a file with line numbers (``partyline sites validate``),
``load.py`` reads it, refusing a file with errors.
"""

from crawler.registry.check import RegistryCheck, check_registry
from crawler.registry.entries import (
    PUBLISHER_TYPES,
    RegistryError,
    SiteConfig,
    article_patterns,
    home_netloc,
    host_key,
)
from crawler.registry.load import DEFAULT_REGISTRY, load_registry, select_sites

__all__ = [
    "DEFAULT_REGISTRY",
    "PUBLISHER_TYPES",
    "RegistryCheck",
    "RegistryError",
    "SiteConfig",
    "article_patterns",
    "check_registry",
    "home_netloc",
    "host_key",
    "load_registry",
    "select_sites",
]
