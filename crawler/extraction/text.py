"""From an HTML element to the paragraphs a reader sees."""

from __future__ import annotations

import re

from lxml import html

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "figure",
        "address",
        "center",
        "hr",
        "form",
        "fieldset",
        "details",
        "summary",
        # trafilatura's output tree (generic extraction)
        "head",
        "list",
        "item",
        "quote",
    ]
)
BREAK_TAGS = frozenset({"br", "lb"})
TABLE_ROWS = ("tr", "row")
TABLE_CELLS = frozenset({"td", "th", "cell"})
SKIPPED_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "iframe",
        "button",
        "input",
        "select",
        "textarea",
        "svg",
        "object",
        "embed",
        "video",
        "audio",
        "figcaption",
        "caption",
        "map",
        "template",
    ]
)
# Image captions are dropped rather than merged into a paragraph: figcaption, and
# classes such as wp-caption, mosimage_caption, MsoCaption, image_desc, chuthich.
_CAPTION_CLASS = re.compile(r"caption|chu-?thich|(?:image|img|photo|anh)[-_]?desc", re.I)
_SPACES = re.compile(r"\s+")


def clean_line(text: str) -> str:
    """Collapse whitespace (including no-break spaces) to single spaces."""
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()


def is_caption(element: html.HtmlElement) -> bool:
    """An image caption, by its tag or by the class or id editors give it."""
    if element.tag in ("figcaption", "caption"):
        return True
    return bool(_CAPTION_CLASS.search(element.get("class", "") + " " + element.get("id", "")))


class _Collector:
    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def flush(self) -> None:
        line = clean_line("".join(self.buffer))
        if line:
            self.paragraphs.append(line)
        self.buffer.clear()

    def walk(self, element: html.HtmlElement) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in SKIPPED_TAGS or is_caption(element):
            self.add(element.tail)
            return
        if tag in BREAK_TAGS:
            self.flush()
        elif tag == "table":
            self.flush()
            self.table(element)
        else:
            block = tag in BLOCK_TAGS
            if block:
                self.flush()
            self.add(element.text)
            for child in element:
                self.walk(child)
            if block:
                self.flush()
        self.add(element.tail)

    def table(self, table: html.HtmlElement) -> None:
        """Data tables become one paragraph per row, cells joined by " | "."""
        for row in table.iter(*TABLE_ROWS):
            cells = []
            for cell in row:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in TABLE_CELLS:
                    continue
                inner = _Collector()
                inner.add(cell.text)
                for child in cell:
                    inner.walk(child)
                inner.flush()
                if inner.paragraphs:
                    cells.append(" ".join(inner.paragraphs))
            if cells:
                self.paragraphs.append(" | ".join(cells))


def element_paragraphs(element: html.HtmlElement) -> list[str]:
    """The element's text split into paragraphs at block boundaries and line breaks."""
    collector = _Collector()
    collector.add(element.text)
    for child in element:
        collector.walk(child)
    collector.flush()
    return collector.paragraphs
