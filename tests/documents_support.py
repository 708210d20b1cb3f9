"""Real documents for the attachment tests, written by the libraries offices use.

A PDF with an embedded TrueType font (as Word's "Save as PDF" writes one, so the
text layer maps glyphs back to Vietnamese letters), a scanned PDF (one image per
page, no text layer), a DOCX and an ODT.
"""

from __future__ import annotations

import io
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

RESOLUTION = [
    "NGHỊ QUYẾT số 12-NQ/TU",
    "về tăng cường sự lãnh đạo của Đảng đối với công tác chuyển đổi số",
    "Ban Thường vụ Tỉnh uỷ quyết nghị: đẩy mạnh chuyển đổi số trong các cơ quan đảng.",
]


def pdf_bytes(lines: list[str] = RESOLUTION, pages: int = 1) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=12)
    for number in range(pages):
        pdf.add_page()
        for line in lines:
            text = line if number == 0 else f"{line} (trang {number + 1})"
            pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf_bytes(pages: int = 2) -> bytes:
    """A PDF of page images only: what a scanner writes."""
    from fpdf import FPDF
    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (200, 280), color=235).save(picture, format="PNG")
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(picture.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


def docx_bytes(lines: list[str] = RESOLUTION, table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(lines: list[str] = RESOLUTION) -> bytes:
    from odfdo import Document, Paragraph

    document = Document("text")
    body = document.body
    for line in lines:
        body.append(Paragraph(line))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def legacy_doc_bytes() -> bytes:
    """The start of a Word 97-2003 file: an OLE2 container naming its WordDocument stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "WordDocument".encode("utf-16-le")
    return header + directory + b"\x00" * 1024
