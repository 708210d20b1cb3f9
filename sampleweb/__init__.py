"""The sample web: a local fixture web of realistic provincial party websites.

Four sites, one per CMS family seen in the wild (NukeViet default theme,
NukeViet egov theme, Liferay Asset Publisher, a Báo Long An-style newspaper),
served by default; eight more (``EXTRACTION_SITE_IDS``: Joomla 3, K2, Joomla 1.x,
WebSphere, WordPress, two newspaper layouts, an unknown CMS) served by id,
with the real pages' furniture and traps, and a ground truth of what a perfect
crawl and extraction would store. Every test and the offline demo use it::

    with SampleWeb() as web:
        web.write_registry("sites.yaml")
        truth = web.expected_articles("mau-nukeviet")

Each CMS theme is its templates plus one table, ``themes/{theme}.yaml``, read by
one generic renderer (``renderer.py``); README.md says how to add a theme.
"""

from sampleweb.boilerplate import BOILERPLATE
from sampleweb.specs import EXTRACTION_SITE_IDS, SITE_IDS
from sampleweb.truth import ErrorPage, ExpectedArticle
from sampleweb.web import SampleWeb

__all__ = [
    "BOILERPLATE",
    "EXTRACTION_SITE_IDS",
    "SITE_IDS",
    "ErrorPage",
    "ExpectedArticle",
    "SampleWeb",
]
