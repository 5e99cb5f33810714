"""Vietnamese text folding for matching and search.

``fold("Phòng Tài chính – Kế hoạch")`` → ``"phong tai chinh - ke hoach"``: diacritics
removed (đ → d), lower case, dashes unified, whitespace collapsed. Stored folded
columns make accent-insensitive search work the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00d0", "Đ").replace("\u00f0", "đ")  # legacy-font Eth
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = _DASHES.sub("-", stripped)
    return _SPACES.sub(" ", stripped).strip().lower()
