"""An article's body as HTML: paragraphs, figures, tables and byline lines, in the theme's markup.

The markup is the theme's body macros (``theme.body["macros"]``): ``paragraph(text,
number)``, ``figure(article, figure, number)``, ``trailer(line)`` and, when the
theme shows data tables as tables, ``table(rows)``; they see the article's lists
(``lists``) and ``fam``. This module only decides the order, and where CKEditor
left ``&nbsp;`` and empty paragraphs behind (seeded by the article id).
"""

from __future__ import annotations

import itertools
import random
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from sampleweb.article import Article
from sampleweb.body_tables import is_row
from sampleweb.rendering import environment

if TYPE_CHECKING:
    from sampleweb.theme import Theme

BLANK = Markup("&nbsp;")


def _with_nbsp(text: str, rng: random.Random) -> Markup:
    """Real CKEditor bodies are littered with &nbsp;: put one between two words."""
    words = text.split(" ")
    if len(words) < 4 or rng.random() > 0.3:
        return escape(text)
    cut = rng.randrange(1, len(words) - 1)
    return escape(" ".join(words[:cut])) + BLANK + escape(" ".join(words[cut:]))


def body_html(theme: Theme, article: Article, context: dict[str, Any]) -> Markup:
    """The body: paragraphs with figures between them, then the byline/source lines.

    A figure never splits a table (a run of ``tables.is_row`` paragraphs): it goes
    before it. Without a ``table`` macro, table rows stay paragraphs.
    """
    macros = environment().get_template(theme.body["macros"]).make_module(context)
    table = getattr(macros, "table", None)
    blank_paragraphs = theme.body.get("blank_paragraphs", False)
    rng = random.Random(article.id)
    figures = {f.before: (f, number) for number, f in enumerate(article.figures, start=1)}
    numbers = itertools.count(1)  # the paragraph macro may add something after the n-th
    parts: list[Markup] = []
    rows: list[str] = []
    for index, text in enumerate(article.paragraphs):
        if table is not None and is_row(text):
            if index in figures:
                parts.append(macros.figure(article, *figures[index]))
            rows.append(text)
            continue
        if rows:
            parts.append(table(rows))
            rows = []
        if index in figures:
            parts.append(macros.figure(article, *figures[index]))
        parts.append(macros.paragraph(_with_nbsp(text, rng), next(numbers)))
        if blank_paragraphs and rng.random() < 0.25:
            parts.append(macros.paragraph(BLANK, next(numbers)))
    if rows:
        parts.append(table(rows))  # type: ignore[misc]
    parts += [macros.trailer(line) for line in article.trailer]
    return Markup(theme.body.get("separator", "\n")).join(parts)
