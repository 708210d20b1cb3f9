"""The text of documents attached to articles: PDF, DOCX and ODT; legacy .doc kept as is.

Pure functions over capture bytes, run in the extraction processes like article
extraction. Readers: pypdf (pure Python, maintained by the py-pdf project),
python-docx and odfdo (both maintained, both on lxml, which Partyline already
uses). A PDF whose pages carry no text layer (a scan) is recorded as such, not
as an empty text. A Word 97-2003 ``.doc`` is kept as captured with a note: no
maintained pure-Python reader of its text exists (antiword and catdoc are
unmaintained C programs), and a guess at its piece table is not a reading.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from archive.vietnamese import nfc

# Bigger documents are kept as captured but not read (a 300-page scan reads to nothing).
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
MAX_PDF_PAGES = 400
MAX_TEXT_CHARS = 1_000_000
# Fewer characters than this on a page: the page has no text layer (a scan).
MIN_PAGE_CHARS = 16

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The name of a Word 97-2003 file's main stream, in its OLE directory (UTF-16).
WORD_STREAM = "WordDocument".encode("utf-16-le")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class DocumentText:
    """What reading one document gave: ``status`` is ``text``, ``no_text_layer``,
    ``not_extracted`` or ``failed``; ``note`` says why when it is not ``text``."""

    kind: str
    status: str
    text: str = ""
    pages: int | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def document_kind(body: bytes) -> str | None:
    """``pdf``, ``docx``, ``odt`` or ``doc`` from the bytes themselves; None for anything else."""
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if body.startswith(OLE_MAGIC):
        return "doc" if WORD_STREAM in body else None
    if body.startswith(b"PK\x03\x04"):
        return _zip_kind(body)
    return None


def _zip_kind(body: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def read_document(body: bytes, kind: str) -> DocumentText:
    """The text of a document of ``kind`` (see ``document_kind``), or why there is none."""
    if len(body) > MAX_DOCUMENT_BYTES:
        size = len(body) / 2**20
        return DocumentText(kind, "not_extracted", note=f"{size:.0f} MB: kept, too large to read")
    if kind == "doc":
        return DocumentText(
            kind,
            "not_extracted",
            note="a Word 97-2003 document: kept as captured; no maintained reader of its text",
        )
    reader = {"pdf": _read_pdf, "docx": _read_docx, "odt": _read_odt}[kind]
    try:
        return reader(body)
    except Exception as exc:  # a damaged file is a fact about the document, not a crash
        return DocumentText(kind, "failed", note=f"unreadable {kind}: {type(exc).__name__}: {exc}")


def _tidy(lines: Iterator[str] | list[str]) -> str:
    """NFC lines, spaces collapsed, at most one blank line between blocks."""
    text = "\n".join(_SPACES.sub(" ", nfc(line)).strip() for line in lines)
    return _BLANK_LINES.sub("\n\n", text).strip()[:MAX_TEXT_CHARS]


def _read_pdf(body: bytes) -> DocumentText:
    from pypdf import PdfReader  # imported where used: most captures are HTML

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged xref tables are common
    reader = PdfReader(io.BytesIO(body))
    if reader.is_encrypted and not reader.decrypt(""):
        return DocumentText("pdf", "failed", pages=None, note="encrypted with a password")
    count = len(reader.pages)
    texts = []
    for page in reader.pages[:MAX_PDF_PAGES]:
        texts.append(page.extract_text() or "")
    empty = sum(1 for text in texts if len(text.strip()) < MIN_PAGE_CHARS)
    text = _tidy("\n\n".join(texts).splitlines())
    if empty == len(texts):
        note = f"no text layer on any of its {count} page(s): a scan, not searchable"
        return DocumentText("pdf", "no_text_layer", pages=count, note=note)
    note = f"{empty} of {count} page(s) have no text layer (scanned)" if empty else None
    if count > MAX_PDF_PAGES:
        note = f"only the first {MAX_PDF_PAGES} of {count} pages read"
    return DocumentText("pdf", "text", text=text, pages=count, note=note)


def _read_docx(body: bytes) -> DocumentText:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(body))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += [" | ".join(cell.text.strip() for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
        lines.append("")
    return DocumentText("docx", "text", text=_tidy(lines))


def _read_odt(body: bytes) -> DocumentText:
    from odfdo import Document

    document = Document(io.BytesIO(body))
    text = document.get_formatted_text()
    return DocumentText("odt", "text", text=_tidy(text.splitlines()))
