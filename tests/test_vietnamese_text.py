"""Vietnamese normalisation: NFC, tone placement, folding."""

from __future__ import annotations

import unicodedata

import pytest

from archive.vietnamese import fold, has_diacritics, nfc, unify_tone_placement


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("hoà", "hòa"),
        ("khoá", "khóa"),
        ("thuỷ", "thủy"),
        ("Thuý", "Thúy"),
        ("xoà", "xòa"),
        ("khoẻ", "khỏe"),
        ("tuỳ", "tùy"),
        ("UỶ BAN", "ỦY BAN"),
    ],
)
def test_old_and_new_tone_placement_unify(old_style: str, new_style: str) -> None:
    assert unify_tone_placement(old_style) == unify_tone_placement(new_style) == new_style


@pytest.mark.parametrize("word", ["quý", "quỳnh", "hoàn", "tuyết", "khuya", "người", "Đảng", "thế"])
def test_syllables_without_two_conventions_are_untouched(word: str) -> None:
    assert unify_tone_placement(word) == word


def test_nfd_input_comes_out_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Tỉnh uỷ Bình Phước")
    assert unify_tone_placement(decomposed) == "Tỉnh ủy Bình Phước"
    assert nfc(decomposed) == "Tỉnh uỷ Bình Phước"


def test_fold_strips_every_mark_and_maps_d_stroke() -> None:
    assert fold("Đảng bộ Tỉnh uỷ") == "dang bo tinh uy"
    assert fold(unicodedata.normalize("NFD", "Đảng")) == "dang"
    assert has_diacritics("tuyên") and not has_diacritics("tuyen") and has_diacritics("đi")
