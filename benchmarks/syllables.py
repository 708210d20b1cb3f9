"""The syllables Vietnamese spelling allows, for the rare end of a generated vocabulary.

A syllable is an onset, a rhyme and a tone. Spelling rules applied: ``k``,
``gh`` and ``ngh`` before front vowels (``c``, ``g``, ``ng`` elsewhere);
``qu`` carries the medial ``u``; syllables ending in ``c``, ``ch``, ``p`` or
``t`` take only the sắc or nặng tone. The result (about 12,000 forms) is a
superset of the 6,000 to 7,000 syllables in actual use, which is what a
benchmark tail needs: plausible, varied, never a real sentence.
"""

from __future__ import annotations

import random
import unicodedata
from itertools import accumulate

ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh",
    "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip
_RHYME_LIST = (
    "a ai ao au ay an ang anh ac ach am ap at ăn ăng ăc ăm ăp ăt âu ây ân âng âc âm âp ât "
    "e eo en eng ec em ep et ê êu ên ênh êch êm êp êt i ia iu in inh ich im ip it "
    "iêu iên iêng iêc iêm iêp iêt o oi on ong oc om op ot ô ôi ôn ông ôc ôm ôp ôt "
    "ơ ơi ơn ơm ơp ơt u ua ui un ung uc um up ut uôi uôn uông uôc uôm uôt "
    "ư ưa ưi ưu ưng ưc ưt ươi ươu ươn ương ươc ươm ươp ươt y "
    "oa oai oan oang oanh oac oach oat oay oăn oăng oăt oe oen oet uê uy uya uyên uyêt "
    "uyn uynh uych uyt uân uât"
)
RHYMES = tuple(_RHYME_LIST.split())
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang huyền sắc hỏi ngã nặng
CHECKED_TONES = ("\u0301", "\u0323")
FRONT = ("i", "e", "ê", "y")
MEDIAL = ("oa", "oă", "oe", "uy", "uê", "uâ")
VOWELS = "aăâeêioôơuưy"


def _onset(onset: str, rhyme: str) -> str | None:
    front = rhyme.startswith(FRONT)
    if onset == "c" and rhyme.startswith(MEDIAL):
        return None  # spelled with qu: "qua", "quy"
    if onset == "c":
        return "k" if front else "c"
    if onset in ("g", "ng"):
        return onset + "h" if front else onset
    if onset == "qu" and rhyme.startswith(MEDIAL):
        return "q"  # the rhyme's own u or o is the medial: "quy", "qua" (as "q" + "ua")
    if onset == "qu" and rhyme.startswith(("o", "u")):
        return None
    if onset == "gi" and rhyme.startswith("i"):
        return "g"
    return onset


def _toned(rhyme: str, tone: str) -> str:
    """The tone on the main vowel: the second of a pair, the first before a final glide."""
    positions = [i for i, char in enumerate(rhyme) if char in VOWELS]
    if len(positions) == 1 or rhyme in ("ia", "ua", "ưa"):
        target = positions[0]
    elif rhyme[positions[-1] + 1 :] or rhyme[-1] in "âêôơăư":
        target = positions[-1]
    else:
        target = positions[-2] if rhyme[positions[-1]] in "iouy" else positions[-1]
    letters = list(rhyme)
    letters[target] = unicodedata.normalize("NFC", letters[target] + tone)
    return "".join(letters)


def syllables() -> list[str]:
    """Every onset + rhyme + tone the spelling rules allow, lowercase NFC."""
    found: set[str] = set()
    for rhyme in RHYMES:
        checked = rhyme.endswith(("c", "ch", "p", "t"))
        for tone in CHECKED_TONES if checked else TONES:
            toned = _toned(rhyme, tone)
            for onset in ONSETS:
                spelled = _onset(onset, rhyme)
                if spelled is not None:
                    found.add(unicodedata.normalize("NFC", spelled + toned))
    return sorted(found)


def tail_words(known: set[str], count: int, rng: random.Random) -> list[str]:
    """``count`` distinct two-syllable words, mostly of syllables not in ``known``.

    Most frequent first: callers weight them by rank (Zipf's law).
    """
    rare = [syllable for syllable in syllables() if syllable not in known]
    rng.shuffle(rare)
    weights = list(accumulate(1 / rank for rank in range(1, len(rare) + 1)))
    # Rarer syllables pair with common ones too ("xã Tà Rụt"): a third of partners are known.
    partners = rare + sorted(word for word in known if word.isalpha())[: len(rare) // 2]
    words: dict[str, None] = {}
    while len(words) < count:
        first = rng.choices(rare, cum_weights=weights)[0]
        words.setdefault(f"{first} {rng.choice(partners)}", None)
    return list(words)
