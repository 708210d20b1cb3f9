"""Citations that reference managers import cleanly: RIS, BibTeX and CSL-JSON.

Each article is a newspaper article: title, author(s), the site as the
newspaper ("container"), publication date, URL, access date (when Partyline
fetched it) and the archived copy (Partyline and the capture's SHA-256, which
Zotero keeps as "Archive" and "Loc. in Archive").

- RIS follows the RIS specification: ``TAG  - value`` lines ending CRLF, ``TY``
  first and ``ER`` last; a value is one line. Authors carry no comma, so Zotero
  keeps a Vietnamese name whole (family name first) instead of splitting it.
- BibTeX: ``@article`` with ``entrysubtype = {newspaper}`` (biblatex); names in
  braces (kept whole), LaTeX specials escaped, URL verbatim. Zotero imports
  BibTeX ``@article`` as a journal article: use RIS or CSL-JSON to get the
  newspaper-article type.
- CSL-JSON: the CSL 1.0 input schema (``article-newspaper``, literal names).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from archive.exports.rows import ExportRow

ARCHIVE_NAME = "Partyline"
LANGUAGE = "vi"
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:[,;]|\s[-–]\s|\svà\s)\s*")
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_BIBTEX_SPECIAL = re.compile("[" + re.escape("".join(_BIBTEX_SPECIALS)) + "]")
_URL_UNSAFE = re.compile(r"[\s{}\\\"]")


def one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def authors(row: ExportRow) -> list[str]:
    """Bylines naming several people ("Thanh Mai - Duy Khiêm") become several authors."""
    return [name for name in _AUTHOR_SEPARATORS.split(one_line(row.author)) if name]


def citation_key(row: ExportRow) -> str:
    return f"partyline-{row.id}"


def archive_location(row: ExportRow) -> str:
    return f"sha256:{row.capture_sha256}"


def note(row: ExportRow) -> str:
    parts = [
        f"Archived copy: {ARCHIVE_NAME} capture {archive_location(row)}, "
        f"fetched {row.captured_at:%Y-%m-%d %H:%M} UTC; {ARCHIVE_NAME} article {row.id}."
    ]
    if row.source:
        parts.append(f"Source credit: {one_line(row.source)}.")
    if row.cluster_id != row.id:
        parts.append(f"Near-copy of an earlier article: {row.first_seen_url}.")
    if row.copies:
        parts.append(f"Also published at: {' | '.join(row.urls[1:])}.")
    return " ".join(parts)


def _safe_url(url: str) -> str:
    return _URL_UNSAFE.sub(lambda match: f"%{ord(match.group()):02X}", url)


# ---------------------------------------------------------------- RIS


def ris_entry(row: ExportRow) -> str:
    fields: list[tuple[str, str | None]] = [("TY", "NEWS"), ("TI", row.title)]
    fields += [("AU", name) for name in authors(row)]
    fields += [("T2", row.site_name)]
    if row.published_date:
        day = row.published_date
        fields += [("DA", f"{day:%Y/%m/%d}/"), ("PY", f"{day:%Y}")]
    fields += [
        ("UR", row.url),
        ("Y2", f"{row.captured_at:%Y/%m/%d}/"),
        ("DB", ARCHIVE_NAME),
        ("AN", archive_location(row)),
        ("CY", row.province_at_time),
        ("LA", LANGUAGE),
        ("N1", note(row)),
        ("ID", citation_key(row)),
    ]
    lines = [f"{tag}  - {one_line(value)}" for tag, value in fields if one_line(value)]
    return "\r\n".join([*lines, "ER  - ", "", ""])


# ---------------------------------------------------------------- BibTeX


def bibtex_escape(value: str | None) -> str:
    return _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX_SPECIALS[match.group()], one_line(value))


def bibtex_entry(row: ExportRow) -> str:
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(row.title) + "}")]
    names = authors(row)
    if names:
        fields.append(("author", " and ".join("{" + bibtex_escape(n) + "}" for n in names)))
    fields += [("journal", bibtex_escape(row.site_name)), ("entrysubtype", "newspaper")]
    if row.published_date:
        fields += [("date", row.published_date.isoformat()), ("year", f"{row.published_date:%Y}")]
    fields += [
        ("url", _safe_url(row.url)),
        ("urldate", row.captured_at.date().isoformat()),
        ("address", bibtex_escape(row.province_at_time)),
        ("language", LANGUAGE),
        ("langid", "vietnamese"),
        ("note", bibtex_escape(note(row))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@article{{{citation_key(row)},\n{body}\n}}\n\n"


# ---------------------------------------------------------------- CSL-JSON


def _date_parts(day: Any) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(row: ExportRow) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": citation_key(row),
        "type": "article-newspaper",
        "citation-key": citation_key(row),
        "title": one_line(row.title),
    }
    names = authors(row)
    if names:
        item["author"] = [{"literal": name} for name in names]
    item["container-title"] = one_line(row.site_name)
    if row.published_date:
        item["issued"] = _date_parts(row.published_date)
    item.update(
        {
            "URL": row.url,
            "accessed": _date_parts(row.captured_at.date()),
            "archive": ARCHIVE_NAME,
            "archive_location": archive_location(row),
            "language": LANGUAGE,
            "note": note(row),
        }
    )
    if row.province_at_time:
        item["publisher-place"] = one_line(row.province_at_time)
    return item


# ---------------------------------------------------------------- writers


def _write_entries(rows: Iterable[ExportRow], out: Path, render) -> int:
    written = 0
    with out.open("w", encoding="utf-8", newline="") as stream:
        for row in rows:
            stream.write(render(row))
            written += 1
    return written


def write_ris(rows: Iterable[ExportRow], out: Path, **_: object) -> int:
    return _write_entries(rows, out, ris_entry)


def write_bibtex(rows: Iterable[ExportRow], out: Path, **_: object) -> int:
    return _write_entries(rows, out, bibtex_entry)


def write_csl_json(rows: Iterable[ExportRow], out: Path, **_: object) -> int:
    """A JSON array written item by item (never held whole in memory)."""
    written = 0
    with out.open("w", encoding="utf-8", newline="\n") as stream:
        stream.write("[")
        for row in rows:
            stream.write(",\n" if written else "\n")
            stream.write(json.dumps(csl_item(row), ensure_ascii=False))
            written += 1
        stream.write("\n]\n" if written else "]\n")
    return written
