"""Article texts for a site: its handwritten articles, then drafts composed from the bank.

A draft is an article before it has an id, a spelling, a byline or a place on
a page; ``compose.py`` decides those. Drafting is deterministic for a given
``random.Random`` and never repeats a title or a text within a site.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sampleweb.specs import SiteSpec
from sampleweb.texts import Bank, Handwritten, Kind, bank, handwritten
from sampleweb.vndates import VN_TZ

FIRST_DAY = datetime(2019, 1, 2, tzinfo=VN_TZ)
LAST_DAY = datetime(2025, 6, 28, tzinfo=VN_TZ)


@dataclass
class Draft:
    """An article before ids, spelling and presentation are decided."""

    published: datetime
    topic: str
    title: str
    lead: str
    body: list[str]
    author: str | None = None
    byline_form: str | None = None
    source: str | None = None
    special: str | None = None
    category: str = ""
    district: str = ""


@dataclass
class _Used:
    titles: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)


def parse_local(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


_DISTRICT_COMMITTEES = (
    ("huyện ", "Huyện ủy "),
    ("thị xã ", "Thị ủy "),
    ("thành phố ", "Thành ủy "),
)


def _committee(district: str) -> str:
    """``huyện Bù Đốp`` -> ``Huyện ủy Bù Đốp``; thị xã -> Thị ủy; thành phố -> Thành ủy."""
    for kind, committee in _DISTRICT_COMMITTEES:
        if district.startswith(kind):
            return committee + district.removeprefix(kind)
    return district


def _place_name(district: str) -> str:
    """``thành phố Đồng Xoài`` -> ``Đồng Xoài``."""
    for kind, _ in _DISTRICT_COMMITTEES:
        district = district.removeprefix(kind)
    return district


def _periods(when: datetime) -> tuple[str, str]:
    """The period a report published at ``when`` reviews, and the one it plans for."""
    year, month = when.year, when.month
    fixed = {
        1: (f"năm {year - 1}", f"năm {year}"),
        4: (f"quý I/{year}", f"quý II/{year}"),
        7: (f"6 tháng đầu năm {year}", "6 tháng cuối năm"),
        10: (f"9 tháng đầu năm {year}", "những tháng cuối năm"),
        12: (f"năm {year}", f"năm {year + 1}"),
    }
    return fixed.get(month, (f"tháng {month - 1}/{year}", f"tháng {month}/{year}"))


def _day_phrase(rng: random.Random, when: datetime) -> str:
    """The seed texts' relative opening, e.g. "Sáng 14/6" (the event, not the posting)."""
    event = when - timedelta(days=1) if rng.random() < 0.4 else when
    if event.date() == when.date() and when.hour < 17:
        part = rng.choice(("Sáng", "Ngày", "Sáng ngày"))
    else:
        part = rng.choice(("Sáng", "Chiều", "Ngày", "Sáng ngày", "Chiều ngày"))
    day = f"{event.day}/{event.month}"
    return f"{part} {day}/{event.year}" if rng.random() < 0.2 else f"{part} {day}"


def _situated(title: str, values: dict[str, str], rng: random.Random) -> str:
    """``title`` made more specific with the period, the year or the commune."""
    suffixes = [] if values["commune"] in title else [f"tại {values['commune']}"]
    if values["year"] not in title:
        suffixes += [values["period"], f"năm {values['year']}"]
    if not suffixes:
        return title
    head, colon, tail = title.partition(":")
    return f"{head} {rng.choice(suffixes)}{colon}{tail}"


class _Composer:
    def __init__(self, spec: SiteSpec, rng: random.Random, used: _Used, texts: Bank) -> None:
        self.spec, self.rng, self.used, self.bank = spec, rng, used, texts

    def context(self, when: datetime) -> dict[str, str]:
        rng, spec = self.rng, self.spec
        district = rng.choice(spec.districts)
        period, next_period = _periods(when)
        values = {
            "province": spec.province,
            "district": district,
            "district_short": _place_name(district),
            "district_committee": _committee(district),
            "commune": rng.choice(spec.communes),
            "leader": rng.choice(spec.leaders),
            "day": _day_phrase(rng, when),
            "period": period,
            "next_period": next_period,
            "year": str(when.year),
            "prev_year": str(when.year - 1),
            "n1": str(rng.randint(3, 15)),
            "n2": str(rng.randint(20, 200)),
            "n3": _thousands(rng.randint(300, 2000)),
            "big": _thousands(rng.randint(1000, 20000)),
            "pct": str(rng.randint(85, 99)),
            "income": str(rng.randint(45, 95)),
        }
        # Patterns may open a sentence with a place or a person: offer those capitalised.
        return values | {
            key.capitalize(): _capitalised(values[key]) for key in ("district", "commune", "leader")
        }

    def kinds_for(self, category_topics: tuple[str, ...], when: datetime) -> list[Kind]:
        fitting = [k for k in self.bank.kinds if k.fits(when.year, when.month)]
        return [k for k in fitting if k.topic in category_topics] or fitting

    def draft(self, when: datetime, category_topics: tuple[str, ...]) -> Draft:
        """A new article for ``when``; title and text never repeat within the site."""
        kinds = self.kinds_for(category_topics, when)
        for attempt in range(60):
            kind = self.rng.choice(kinds)
            values = self.context(when)
            title = self.rng.choice(kind.titles).format(**values)
            if attempt >= 15:  # the plain patterns are taken: say where or when
                title = _situated(title, values, self.rng)
            if attempt >= 50:  # even those are taken: number the event
                title = f"{title} (đợt {attempt - 49})"
            if title in self.used.titles:
                continue
            lead = self.rng.choice(kind.leads).format(**values)
            body = [p.format(**values) for p in self.body_parts(kind)]
            text = "\n".join([lead, *body])
            if text in self.used.texts:
                continue
            self.used.titles.add(title)
            self.used.texts.add(text)
            return Draft(when, kind.topic, title, lead, body, district=values["District"])
        raise RuntimeError(f"{self.spec.id}: cannot compose a unique article for {when:%Y-%m}")

    def body_parts(self, kind: Kind) -> list[str]:
        rng, texts = self.rng, self.bank
        own = rng.sample(kind.paragraphs, k=min(len(kind.paragraphs), rng.choice((1, 2, 2))))
        parts = list(own)
        if rng.random() < 0.5:
            parts.append(rng.choice(texts.limits[kind.topic]))
        parts.append(rng.choice(texts.directions[kind.topic]))
        if rng.random() < 0.4 or len(parts) < 3:
            parts.append(rng.choice(texts.closings))
        return parts


def _handwritten_drafts(spec: SiteSpec, count: int, rng: random.Random) -> list[Draft]:
    if spec.copy != 1:
        return []
    own: list[Handwritten] = [a for a in handwritten() if a.site_id == spec.id][:count]
    return [
        Draft(
            published=parse_local(a.published),
            topic=a.topic,
            title=a.title,
            lead=a.lead,
            body=list(a.body),
            author=a.author,
            byline_form=a.byline_form,
            source=a.source,
            district=_capitalised(rng.choice(spec.districts)),
        )
        for a in own
    ]


def _category_for_topic(spec: SiteSpec, topic: str) -> str:
    return next((c.alias for c in spec.categories if topic in c.topics), spec.categories[0].alias)


def _random_moment(rng: random.Random) -> datetime:
    span = (LAST_DAY - FIRST_DAY).days
    day = FIRST_DAY + timedelta(days=rng.randrange(span))
    return day.replace(hour=rng.randint(7, 22), minute=rng.randrange(60))


def draft_site(spec: SiteSpec, count: int, rng: random.Random) -> list[Draft]:
    """``count`` drafts: the site's handwritten articles first, composed ones after."""
    drafts = _handwritten_drafts(spec, count, rng)
    for draft in drafts:
        draft.category = _category_for_topic(spec, draft.topic)
    used = _Used({d.title for d in drafts}, {"\n".join([d.lead, *d.body]) for d in drafts})
    composer = _Composer(spec, rng, used, bank())
    counts = {c.alias: 0 for c in spec.categories}
    for draft in drafts:
        counts[draft.category] += 1
    for when in sorted(_random_moment(rng) for _ in range(count - len(drafts))):
        # Fill the emptiest category, so every listing paginates alike.
        category = min(spec.categories, key=lambda c: (counts[c.alias], rng.random()))
        counts[category.alias] += 1
        draft = composer.draft(when, category.topics)
        draft.category = category.alias
        drafts.append(draft)
    return drafts
