"""Text normalisation shared by the parser's stages."""

from __future__ import annotations

import re
import unicodedata

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def normalize(text: str) -> str:
    """NFC, legacy-font Eth fixed, markdown emphasis removed, dashes and spaces unified."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_ZERO_WIDTH)
    text = text.replace("\u00d0", "Đ").replace("\u00f0", "đ")
    text = re.sub(r"\*{1,3}", "", text)
    text = re.sub(r"[\u2013\u2014\u2212]", "-", text)
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return re.sub(r"[ ]{2,}", " ", text).strip()


def superscript_to_digits(s: str) -> str:
    return s.translate(_SUP_TO_DIGIT)


_SUP_MARK = re.compile(f"[{SUPERSCRIPTS}]+")


def strip_footnote_marks(text: str) -> tuple[str, list[str]]:
    marks = [superscript_to_digits(m) for m in _SUP_MARK.findall(text)]
    return _SUP_MARK.sub("", text), marks


def fold(text: str) -> str:
    """Accent- and case-insensitive key (đ -> d)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()


def words(text: str) -> list[str]:
    return text.split()


def first_words(text: str, n: int = 12) -> str:
    return " ".join(text.split()[:n])
