"""Text handling shared by the local store: the accent-insensitive search key and bilingual errors.

Vietnamese text reaches the app in several shapes (NFC from most keyboards, NFD from macOS and
PDF copy-paste, upper or lower case, "Hòa" or "Hoà" tone placement). :func:`fold` turns all of
them into one ASCII-like key so that search and matching do not depend on how a name was typed;
the user's own spelling is always kept for display and submission (domain.md §2.6).
:class:`BilingualError` is the base of every error a volunteer may read: each carries its message
in Vietnamese and in English.
"""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
"""Letters with no decomposition that fold to ``d``: Vietnamese Đ/đ, and the Icelandic eth
Ð/ð (U+00D0/U+00F0), which looks the same and which CSV files from other tools contain."""


def fold(text: str) -> str:
    """The accent-insensitive search key of ``text``.

    NFC -> casefold -> NFD -> drop combining marks -> đ/Đ (and the look-alike Ð/ð) -> d ->
    collapse whitespace. ``đ`` has no Unicode decomposition, so it must be mapped explicitly;
    ``ư``/``ơ`` lose their horn with the other marks. Tone placement variants ("Hoà"/"Hòa")
    fold to the same key. The residents' stored keys are folded again by schema step 1.5 when
    this function changes (see :mod:`helper_app.store.migrations`).

    Args:
        text: any string, in any normalization form.

    Returns:
        The key: lower case, no combining marks, no ``đ``, single spaces, trimmed.
    """
    lowered = unicodedata.normalize("NFC", text).casefold()
    decomposed = unicodedata.normalize("NFD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub(" ", stripped.translate(_D_MAP)).strip()


_CONSONANTS = frozenset("bcdghklmnpqrstvx")


def _i_or_y_final(word: str) -> bool:
    """True when the folded ``word`` ends in an ``i``/``y`` written either way (Lý/Lí, Sỹ/Sĩ,
    Kỳ/Kì, Mỹ/Mĩ, Quý/Quí, Vy/Vi): the last letter after a consonant or after ``qu``.

    Not after another vowel: ``uy`` in Thúy, Huy, Duy is a different sound, never ``ui``.
    """
    return len(word) >= 2 and word[-1] in "iy" and (word[-2] in _CONSONANTS or word[-3:-1] == "qu")


def spelling_twin(word: str) -> str | None:
    """The other spelling of a folded word ending in an i/y written either way, else None.

    "si" → "sy", "quy" → "qui", "ly" → "li"; "thuy", "huy", "linh" → None. A search accepts the
    twin only as a *whole* word: "my" may find "Mĩ" but never "Minh", and "quy" keeps finding
    "Quỳnh" through its own spelling.
    """
    if not _i_or_y_final(word):
        return None
    return word[:-1] + ("y" if word[-1] == "i" else "i")


def name_matches(query: str, text: str) -> bool:
    """True when every word of ``query`` is in ``text`` (both folded): as a part of a word, or
    as its whole-word i/y twin (see :func:`spelling_twin`). The console's search does this in
    Python; the dossier list's does the same in SQL."""
    words = fold(query).split()
    if not words:
        return False
    folded = fold(text)
    padded = f" {folded} "
    for word in words:
        twin = spelling_twin(word)
        if word not in folded and (twin is None or f" {twin} " not in padded):
            return False
    return True


def clean_name(text: str) -> str:
    """A person's name as stored: NFC, trimmed, inner whitespace collapsed (case kept)."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


class BilingualError(Exception):
    """An error a volunteer reads, in Vietnamese first and English second.

    ``str(error)`` gives both, so a CLI or a log line shows the whole message. Never put personal
    data (names, ID numbers, phones) in the message: errors may be logged.

    Attributes:
        message_vi: the Vietnamese message.
        message_en: the English message.
    """

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(f"{message_vi} / {message_en}")
        self.message_vi = message_vi
        self.message_en = message_en
