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
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """The accent-insensitive search key of ``text``.

    NFC -> casefold -> NFD -> drop combining marks -> đ/Đ -> d -> collapse whitespace. ``đ`` has
    no Unicode decomposition, so it must be mapped explicitly; ``ư``/``ơ`` lose their horn with the
    other marks. Tone placement variants ("Hoà"/"Hòa") fold to the same key.

    Args:
        text: any string, in any normalization form.

    Returns:
        The key: lower case, no combining marks, no ``đ``, single spaces, trimmed.
    """
    lowered = unicodedata.normalize("NFC", text).casefold()
    decomposed = unicodedata.normalize("NFD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub(" ", stripped.translate(_D_MAP)).strip()


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
