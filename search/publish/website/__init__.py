"""The static research website: every page of the archive as plain files with
relative links, in Vietnamese (at the root) and English (under ``en/``).

``build_site`` renders what changed since the last build (``build.py``);
``render_search_page`` is the search page the server answers ``/search`` with.
"""

from search.publish.website.build import BuildSummary, build_site
from search.publish.website.search_page import render_search_page
from search.publish.website.templates import template_environment

__all__ = ["BuildSummary", "build_site", "render_search_page", "template_environment"]
