"""Decoding page bytes to NFC text: declared charsets honoured, lies detected.

Vietnamese sites lie in two ways: UTF-8 bytes under a Western label (PHP's and
IIS's iso-8859-1 / windows-1252 defaults, Joomla 1.0's English language file),
and windows-1258 bytes under a UTF-8 label or none. windows-1258 writes the
five tone marks as combining characters, which NFC joins to their letters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from archive.vietnamese import nfc

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
HEAD_BYTES = 4096

# Labels that servers put on UTF-8 pages by mistake (the PHP and IIS defaults).
_OFTEN_WRONG = frozenset({"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "ascii"})
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

# Bytes that, in windows-1258, are the combining tone marks or letters only
# Vietnamese uses (ă ơ ư đ and capitals): common in Vietnamese text, rare elsewhere.
_CP1258_MARKERS = frozenset(b"\xcc\xec\xde\xd2\xf2\xe3\xc3\xf5\xd5\xfd\xdd\xf0\xd0")
CP1258_MIN_SHARE = 0.3
# A UTF-8 page with a few broken bytes stays UTF-8 (one bad byte per this many).
UTF8_MAX_BROKEN_SHARE = 0.002


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str
    note: str | None = None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset the server claims: the HTTP header, the meta tag, the XML declaration."""
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            return match.group(1)
    head = body[:HEAD_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _utf8(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def looks_like_windows_1258(body: bytes) -> bool:
    """True when the non-ASCII bytes read as windows-1258 Vietnamese."""
    high = [byte for byte in body if byte >= 0x80]
    if not high:
        return False
    return sum(byte in _CP1258_MARKERS for byte in high) / len(high) >= CP1258_MIN_SHARE


def _undeclared_or_broken(body: bytes, label: str | None) -> DecodedPage:
    """Bytes that are not valid in their declared charset (or declare none)."""
    said = f"declared {label}" if label else "no charset declared"
    if looks_like_windows_1258(body):
        text = body.decode("cp1258", "replace")
        return DecodedPage(nfc(text), "cp1258", f"{said}; the bytes are windows-1258")
    text = body.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    note = f"{said}; {broken} undecodable byte sequence(s) replaced"
    if broken <= max(1, len(body) * UTF8_MAX_BROKEN_SHARE):
        return DecodedPage(nfc(text), "utf-8", note)
    return DecodedPage(nfc(text), "utf-8", note + " (the page may be in an unknown charset)")


def decode_html(body: bytes, content_type: str | None = None) -> DecodedPage:
    """Text of ``body`` in NFC, with a note whenever the declaration was not the truth."""
    if body.startswith(codecs.BOM_UTF8):
        return DecodedPage(nfc(body[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")), "utf-8")
    for bom, codec in _UTF16_BOMS:
        if body.startswith(bom):
            return DecodedPage(nfc(body[len(bom) :].decode(codec, "replace")), codec)
    label = declared_charset(body, content_type)
    codec = _codec_name(label)
    utf8_text = _utf8(body)
    if utf8_text is not None and (codec is None or codec == "utf-8"):
        return DecodedPage(nfc(utf8_text), "utf-8")
    if utf8_text is not None and label and label.lower() in _OFTEN_WRONG and not body.isascii():
        return DecodedPage(nfc(utf8_text), "utf-8", f"declared {label} but the bytes are UTF-8")
    if codec is None or codec == "utf-8":
        return _undeclared_or_broken(body, label)
    if label and label.lower() in _OFTEN_WRONG and looks_like_windows_1258(body):
        text = body.decode("cp1258", "replace")
        return DecodedPage(nfc(text), "cp1258", f"declared {label} but the bytes are windows-1258")
    try:
        return DecodedPage(nfc(body.decode(codec)), codec)
    except UnicodeDecodeError:
        note = f"bytes are not valid {codec}; undecodable bytes replaced"
        return DecodedPage(nfc(body.decode(codec, "replace")), codec, note)
