"""Renderers of the extraction sites (data/sites-extraction.yaml), by theme name."""

from __future__ import annotations

from sampleweb.families.baonamdinh import BaoNamDinh
from sampleweb.families.base import Family
from sampleweb.families.joomla import Joomla
from sampleweb.families.joomla1 import Joomla1
from sampleweb.families.k2 import K2
from sampleweb.families.tuyengiao import TuyenGiao
from sampleweb.families.unknown import Unknown
from sampleweb.families.websphere import WebSphere
from sampleweb.families.wordpress import WordPress

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
