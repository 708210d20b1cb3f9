"""Jinja2 rendering shared by the families, and the article body as HTML.

Templates live flat in ``templates/`` as ``{family}-{page}.html.j2``; autoescape
is on, so only ``Markup`` built here (escaped piece by piece) is inserted raw.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from sampleweb import vndates
from sampleweb.article import Article, Figure
from sampleweb.tables import is_row

TEMPLATES_DIR = Path(__file__).parent / "templates"
NEWLINE = Markup("\n")


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
    )
    env.globals.update(nv_meta_date=vndates.nukeviet_meta_bug, average=rating_average)
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


def _with_nbsp(text: str, rng: random.Random) -> Markup:
    """Real CKEditor bodies are littered with &nbsp;: put one between two words."""
    words = text.split(" ")
    if len(words) < 4 or rng.random() > 0.3:
        return escape(text)
    cut = rng.randrange(1, len(words) - 1)
    return escape(" ".join(words[:cut])) + Markup("&nbsp;") + escape(" ".join(words[cut:]))


def body_html(
    article: Article,
    figure: Callable[[Article, Figure, int], Markup],
    trailer: Callable[[str], Markup],
    paragraph_attrs: str = "",
    blank_paragraphs: bool = False,
    *,
    paragraph: Callable[[Markup], Markup] | None = None,
    table: Callable[[list[str]], Markup] | None = None,
    separator: Markup = NEWLINE,
) -> Markup:
    """The body: paragraphs with figures between them, then the byline/source lines.

    ``figure`` and ``trailer`` give each family its own markup; ``blank_paragraphs``
    adds the empty ``<p>&nbsp;</p>`` NukeViet editors leave behind. ``paragraph``
    wraps one paragraph's (escaped) text, ``table`` renders a run of table rows
    (``tables.is_row``), ``separator`` joins the parts (``<br><br>`` on old CMSs).
    """
    rng = random.Random(article.id)
    figures = {f.before: (f, number) for number, f in enumerate(article.figures, start=1)}
    wrap = paragraph or (lambda text: Markup(f"<p{paragraph_attrs}>{text}</p>"))
    parts: list[Markup] = []
    rows: list[str] = []
    for index, text in enumerate(article.paragraphs):
        if table is not None and is_row(text):
            if index in figures:  # a figure never splits a table: it goes before it
                parts.append(figure(article, *figures[index]))
            rows.append(text)
            continue
        if rows:
            parts.append(table(rows))  # type: ignore[misc]
            rows = []
        if index in figures:
            parts.append(figure(article, *figures[index]))
        parts.append(wrap(_with_nbsp(text, rng)))
        if blank_paragraphs and rng.random() < 0.25:
            parts.append(wrap(Markup("&nbsp;")))
    if rows:
        parts.append(table(rows))  # type: ignore[misc]
    parts += [trailer(line) for line in article.trailer]
    return separator.join(parts)


def image_name(article: Article, number: int) -> str:
    return f"{article.slug[:40].rstrip('-')}-{number}.jpg"
