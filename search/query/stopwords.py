"""Vietnamese function syllables: left out of distinctive terms, and never the first or
last syllable of a recognised word.

Conjunctions, prepositions, aspect and degree markers, classifiers and
quantifiers, pronouns and demonstratives that carry grammar rather than a
subject. Words that merely look like English stop words (``an`` in "an
ninh", ``y`` in "y tế") are not here; neither are nouns, however common
(``đảng``, ``tỉnh``, ``năm``), which keyness weighs like any other word.
The list is data: one place to change it (``docs/research.md`` explains it).
"""

from __future__ import annotations

from search.analysis import exact_form

_LISTED = """
    à ạ ai ấy bao bấy bị bởi cả các cái càng cho chỉ chiếc chứ chưa có còn của cùng và
    cũng dù đã đang đâu để đến đều đó đây được gì giữa hay hơn hoặc khi không kia là
    lại lên mà mấy mình mỗi mọi một nào này nên nếu ngay nhau nhằm như nhưng những nhiều phải
    nữa ở qua ra rằng rất rồi sau sẽ sự tại thì theo thêm tới trên trong từ từng vẫn
    vào vậy về vì với vừa xong
"""
STOP_SYLLABLES: frozenset[str] = frozenset(exact_form(word) for word in _LISTED.split())


def is_stop(word: str) -> bool:
    """Whether ``word`` (an exact form) is a function syllable."""
    return word in STOP_SYLLABLES
