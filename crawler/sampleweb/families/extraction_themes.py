"""Renderers of the extraction sites (data/sites-extraction.yaml), by theme name."""

from __future__ import annotations

from crawler.sampleweb.families.baonamdinh import BaoNamDinh
from crawler.sampleweb.families.base import Family
from crawler.sampleweb.families.joomla import Joomla
from crawler.sampleweb.families.joomla1 import Joomla1
from crawler.sampleweb.families.k2 import K2
from crawler.sampleweb.families.tuyengiao import TuyenGiao
from crawler.sampleweb.families.unknown import Unknown
from crawler.sampleweb.families.websphere import WebSphere
from crawler.sampleweb.families.wordpress import WordPress

EXTRACTION_THEMES: dict[str, type[Family]] = {
    "joomla": Joomla,
    "k2": K2,
    "joomla1": Joomla1,
    "websphere": WebSphere,
    "wordpress": WordPress,
    "baonamdinh": BaoNamDinh,
    "tuyengiao": TuyenGiao,
    "unknown": Unknown,
}
