"""Build a site's articles, deterministically, from the handwritten corpus and the bank.

The first copy of a site starts from its handwritten articles; the drafting
module fills the rest (and every later copy) from the bank, so a site can hold
thousands of distinct articles. Everything a page shows about an article
beyond its words (id, byline form, source credit, tone style, NFD, figures)
is decided here, once, from one seeded ``random.Random``.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sampleweb.article import Article, Figure
from sampleweb.body_tables import with_table
from sampleweb.boilerplate import leaked
from sampleweb.drafting import Draft, draft_site, parse_local
from sampleweb.orthography import ToneStyle, restyle, slugify
from sampleweb.specs import SiteSpec
from sampleweb.texts import bank

TONE_PHRASE = "Tỉnh ủy"  # new style; at least 3 articles per style must contain it
MIN_PER_STYLE = 3
MIN_NFD = 2

# Listed like articles; fetched, they fail (see site.py). Titles are new style.
SPECIALS = (
    ("error-500", "2024-09-12 10:20", "Hội nghị tổng kết công tác khoa giáo năm 2023"),
    ("slow", "2024-03-18 15:05", "Tọa đàm về công tác thông tin đối ngoại của tỉnh"),
    ("malformed", "2023-12-01 09:40", "Tập huấn quản trị trang thông tin điện tử cho cơ sở"),
)


def _special_drafts(spec: SiteSpec) -> list[Draft]:
    return [
        Draft(
            published=parse_local(when),
            topic="tuyen-giao",
            title=title,
            lead=f"{title}: nội dung đang được cập nhật.",
            body=[],
            special=kind,
            category=spec.categories[index % len(spec.categories)].alias,
        )
        for index, (kind, when, title) in enumerate(SPECIALS)
    ]


def _tone_styles(site_drafts: list[Draft], share: float, rng: random.Random) -> list[ToneStyle]:
    """Old or new per article; at least 3 texts of each contain "Tỉnh ủy" when possible."""
    styles: list[ToneStyle] = ["old" if rng.random() < share else "new" for _ in site_drafts]
    with_phrase = [
        i for i, d in enumerate(site_drafts) if TONE_PHRASE in " ".join([d.lead, *d.body])
    ]
    rng.shuffle(with_phrase)
    for position, index in enumerate(with_phrase[: 2 * MIN_PER_STYLE]):
        styles[index] = "old" if position < MIN_PER_STYLE else "new"
    return styles


def _byline(
    spec: SiteSpec, draft: Draft, rng: random.Random
) -> tuple[str | None, list[str], str | None]:
    """(author, lines at the end of the body, author printed outside the body)."""
    forms = {
        form: weight
        for form, weight in spec.byline_forms.items()
        if not draft.author or form != "none"
    }
    form = draft.byline_form or rng.choices(list(forms), weights=list(forms.values()))[0]
    if form == "none":
        return None, [], None
    name = draft.author or rng.choice(spec.reporters)
    lines = {
        "meta": [],
        "tac-gia": [f"Tác giả: {name}."],
        "name": [name],
        "bai-va-anh": [f"Bài và ảnh: {name}"],
        "name-place": [f"{name} ({draft.district})"],
    }[form]
    return name, lines, name if form == "meta" else None


def _source(spec: SiteSpec, draft: Draft, rng: random.Random) -> str | None:
    if draft.source:
        return draft.source
    return rng.choice(spec.sources) if spec.sources and rng.random() < spec.source_share else None


def _figures(rng: random.Random, paragraphs: int, captions: tuple[str, ...]) -> tuple[Figure, ...]:
    count = rng.choices((0, 1, 2), weights=(3, 5, 2))[0] if paragraphs else 0
    places = sorted(rng.sample(range(paragraphs), k=min(count, paragraphs)))
    return tuple(Figure(rng.choice(captions), place) for place in places)


def _ids(spec: SiteSpec, count: int, rng: random.Random) -> list[int]:
    """Ids grow with time; Liferay's asset entry ids jump, NukeViet's barely."""
    low, high = (37, 2400) if spec.family == "liferay" else (1, 3)
    ids, current = [], spec.id_start
    for _ in range(count):
        ids.append(current)
        current += rng.randint(low, high)
    return ids


def _article(
    spec: SiteSpec, draft: Draft, article_id: int, style: ToneStyle, nfd: bool, rng: random.Random
) -> Article:
    author, trailer, meta_author = _byline(spec, draft, rng)
    source = _source(spec, draft, rng)
    meta_source = source if source and spec.source_placement == "meta" else None
    if source and spec.source_placement == "body":
        trailer.append(f"Nguồn: {source}" if source == "TTXVN" else f"Theo {source}")
    lead = spec.source_lead_tags.get(source or "", "") + draft.lead
    title = restyle(draft.title, style)
    body = draft.body
    if spec.table_share and rng.random() < spec.table_share:
        body = with_table(body, rng)
    votes = rng.randint(0, 6)
    article = Article(
        id=article_id,
        site_id=spec.id,
        category=draft.category,
        slug=slugify(title),
        title=title,
        lead=restyle(lead, style),
        paragraphs=tuple(restyle(p, style) for p in body),
        trailer=tuple(restyle(line, style) for line in trailer),
        author=restyle(author, style) if author else None,
        source=source,
        meta_author=restyle(meta_author, style) if meta_author else None,
        meta_source=meta_source,
        published=draft.published,
        edited=draft.published + timedelta(days=rng.randint(1, 20), minutes=rng.randint(5, 600)),
        shows_time=not (spec.date_only_before and draft.published.year < spec.date_only_before),
        tone_style=style,
        nfd=nfd,
        figures=tuple(
            Figure(restyle(f.caption, style), f.before)
            for f in _figures(rng, len(body), bank().captions)
        ),
        hits=rng.randint(60, 2500),
        rating=(votes * rng.choice((4, 5)), votes),
        url_title=spec.family == "liferay" and rng.random() < 0.25,
    )
    found = leaked(article.text + article.title)
    if found:
        raise ValueError(f"{spec.id} article {article_id} contains page furniture: {found}")
    return article


def _special(spec: SiteSpec, draft: Draft, article_id: int) -> Article:
    return Article(
        id=article_id,
        site_id=spec.id,
        category=draft.category,
        slug=slugify(draft.title),
        title=draft.title,
        lead=draft.lead,
        paragraphs=(),
        trailer=(),
        author=None,
        source=None,
        meta_author=None,
        meta_source=None,
        published=draft.published,
        edited=draft.published,
        shows_time=True,
        tone_style="new",
        nfd=False,
        special=draft.special,
    )


def compose_site(
    spec: SiteSpec, count: int, seed: int = 0, specials: bool = False
) -> list[Article]:
    """``count`` articles of ``spec`` (plus the special pages), oldest first."""
    rng = random.Random(f"{seed}/{spec.id}")
    site_drafts = draft_site(spec, count, rng)
    styles = _tone_styles(site_drafts, spec.old_style_share, rng)
    nfd_count = min(len(site_drafts), max(MIN_NFD, len(site_drafts) // 40))
    nfd_indexes = set(rng.sample(range(len(site_drafts)), k=nfd_count))
    if specials:
        site_drafts += _special_drafts(spec)
        styles += ["new"] * len(SPECIALS)
    order = sorted(range(len(site_drafts)), key=lambda i: site_drafts[i].published)
    ids = _ids(spec, len(site_drafts), rng)
    articles = []
    for article_id, index in zip(ids, order, strict=True):
        draft = site_drafts[index]
        if draft.special:
            articles.append(_special(spec, draft, article_id))
        else:
            articles.append(
                _article(spec, draft, article_id, styles[index], index in nfd_indexes, rng)
            )
    return articles
