"""The Jinja2 environment every theme renders with: its filters and globals.

Templates live flat in ``templates/``: a theme's are ``{theme}-{page}.html.j2``
and its body macros (``body.py``); autoescape is on, so markup is written in
templates, never built in Python strings.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from sampleweb import vndates
from sampleweb.article import Article
from sampleweb.body_tables import CELL_SEPARATOR

TEMPLATES_DIR = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.filters.update(
        thousands=lambda number: f"{number:,}",
        dmy=vndates.dmy,
        dmy_hm=vndates.dmy_hm,
        iso=vndates.iso,
        rfc822=vndates.rfc822,
        joomla_date=vndates.joomla_date,
        websphere_date=vndates.websphere_date,
        namdinh_date=vndates.namdinh_date,
        tuyengiao_date=vndates.tuyengiao_date,
        words_date=vndates.words_date,
        nukeviet_detail=vndates.nukeviet_detail,
        newspaper_detail=vndates.newspaper_detail,
    )
    env.globals.update(
        nv_meta_date=vndates.nukeviet_meta_bug,
        average=rating_average,
        image_name=image_name,
        hours_before=hours_before,
        cells=cells,
    )
    return env


def rating_average(rating: tuple[int, int]) -> str:
    """NukeViet's "Xếp hạng: 4.5": points per vote, without a trailing .0."""
    points, votes = rating
    if not votes:
        return "0"
    value = points / votes
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def image_name(article: Article, number: int) -> str:
    return f"{article.slug[:40].rstrip('-')}-{number}.jpg"


def hours_before(moment: datetime, hours: int) -> datetime:
    return moment - timedelta(hours=hours)


def cells(row: str) -> list[str]:
    """A data table's row (one paragraph, ``tables.CELL_SEPARATOR`` between cells)."""
    return row.split(CELL_SEPARATOR)
