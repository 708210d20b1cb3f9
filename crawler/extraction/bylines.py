"""Authors and source credits: CMS fields and trailing bylines, never the site's name.

What counts as a byline, a credit or a non-person is data: the label lists, the
accounts CMSs fill in, and the tags newspapers put before a lead ("(QTO) - ").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.vietnamese import fold

AUTHOR_LABELS = (
    "Tác giả bài viết",
    "Tác giả",
    "Bài và ảnh",
    "Bài, ảnh",
    "Bài",
    "Người viết",
    "Phóng viên",
    "Viết bởi",
    "Tin, ảnh",
    "Tin và ảnh",
)
SOURCE_LABELS = ("Nguồn tin", "Nguồn")
# Labels CMSs print without a colon: "Viết bởi Quản trị viên", WordPress's "Bởi admin".
UNCOLONED_AUTHOR_LABELS = ("Viết bởi", "Đăng bởi", "Bởi")
# Values a CMS puts in the author field that name no person.
NOT_AUTHORS = frozenset(
    fold(name).lower()
    for name in (
        "admin",
        "administrator",
        "quản trị viên",
        "quản trị",
        "quản trị hệ thống",
        "ban biên tập",
        "biên tập viên",
        "webmaster",
        "super user",
    )
)
# Byline tags of provincial papers opening a reposted lead: "(QTO) - Chiều nay …".
LEAD_TAGS = {
    "QTO": "Báo Quảng Trị",
    "QBĐT": "Báo Quảng Bình",
    "ĐTO": "Báo Đồng Tháp",
    "LSO": "Báo Lạng Sơn",
    "BĐT": "Báo Bình Thuận",
    "NDO": "Báo Nhân Dân",
    "TTXVN": "TTXVN",
    "ĐCSVN": "Báo điện tử Đảng Cộng sản Việt Nam",
}

_LABELLED = re.compile(
    r"^(?P<label>" + "|".join(re.escape(label) for label in AUTHOR_LABELS + SOURCE_LABELS) + r")"
    r"\s*:\s*(?P<value>.+?)\.?$",
    re.IGNORECASE,
)
_UNCOLONED = re.compile(
    r"^(?:"
    + "|".join(re.escape(label) for label in UNCOLONED_AUTHOR_LABELS)
    + r")\s+(?P<value>.+)$",
    re.IGNORECASE,
)
_THEO = re.compile(r"^\(?Theo\s+(?P<value>[^.]{2,80}?)\)?\.?$")
_LEAD_TAG = re.compile(r"^\((?P<tag>[A-ZĐ]{2,6})\)\s*[-–—:]")
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)\s*$")
MAX_NAME_WORDS = 5
MAX_NAME_CHARS = 80


@dataclass(frozen=True)
class Credit:
    author: str | None = None
    source: str | None = None

    def __or__(self, other: Credit) -> Credit:
        """This credit, completed by ``other`` where it says nothing."""
        return Credit(self.author or other.author, self.source or other.source)


def _key(name: str) -> str:
    return " ".join(fold(_PARENTHETICAL.sub("", name)).lower().split())


def clean_author(value: str, site_name: str | None = None) -> str | None:
    """A person's name from a byline, or None for a site name or an admin account."""
    name = _PARENTHETICAL.sub("", value).strip(" .,-–:")
    if not name or len(name) > MAX_NAME_CHARS:
        return None
    key = _key(name)
    if key in NOT_AUTHORS or key.startswith("viet boi quan tri"):
        return None
    if site_name and key == _key(site_name):
        return None
    return name


def looks_like_name(text: str) -> bool:
    """A bare byline: one to five capitalised words ("Huỳnh Hương", "THANH MAI", "Thuý Nhi (…)")."""
    words = _PARENTHETICAL.sub("", text).strip(" .").split()
    if not 1 <= len(words) <= MAX_NAME_WORDS or len(text) > MAX_NAME_CHARS:
        return False
    return all(
        word[0].isupper() and word.replace("-", "").replace(".", "").isalpha() for word in words
    )


def parse_credit(line: str, site_name: str | None = None) -> Credit | None:
    """Read one byline or credit line; None when the line is not one."""
    text = " ".join(line.split())
    labelled = _LABELLED.match(text)
    if labelled:
        label = labelled.group("label").lower()
        value = labelled.group("value").strip()
        if label.startswith("nguồn"):
            return Credit(source=value.strip(" .")) if value else None
        author = clean_author(value, site_name)
        return Credit(author=author) if author else None
    uncoloned = _UNCOLONED.match(text)
    if uncoloned:
        author = clean_author(uncoloned.group("value"), site_name)
        return Credit(author=author) if author and looks_like_name(author) else None
    theo = _THEO.match(text)
    if theo:
        return Credit(source=theo.group("value").strip())
    if looks_like_name(text):
        author = clean_author(text, site_name)
        return Credit(author=author) if author else None
    return None


def field_credit(lines: list[str], site_name: str | None = None) -> Credit:
    """Author and source from a CMS's fields ("Tác giả bài viết:", "Nguồn tin:", "Viết bởi")."""
    credit = Credit()
    for line in lines:
        found = parse_credit(line, site_name)
        if found:
            credit = credit | found
    return credit


def trailing_credit(paragraphs: list[str], site_name: str | None = None) -> Credit:
    """Author and source from the last paragraphs of the text (bylines close articles)."""
    credit = Credit()
    for line in reversed(paragraphs[-3:]):
        found = parse_credit(line, site_name)
        if found is None:
            break
        credit = credit | found
    return credit


def lead_tag_source(paragraphs: list[str]) -> str | None:
    """The paper a lead credits with its tag: "(QTO) - Chiều nay …" is Báo Quảng Trị."""
    if not paragraphs:
        return None
    match = _LEAD_TAG.match(paragraphs[0])
    return LEAD_TAGS.get(match.group("tag")) if match else None
