"""Text normalisation shared by the parser's stages."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")


_ZW_RX = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_STARS = re.compile(r"\*{1,3}")
_DASH_RX = re.compile("[\u2013\u2014\u2212]")
_SPACES2 = re.compile(r"[ ]{2,}")


def normalize(text: str) -> str:
    """NFC, legacy-font Eth fixed, markdown emphasis removed, dashes and spaces unified."""
    text = unicodedata.normalize("NFC", text)
    text = _ZW_RX.sub("", text)
    if "\u00d0" in text or "\u00f0" in text:
        text = text.replace("\u00d0", "Đ").replace("\u00f0", "đ")
    if "*" in text:
        text = _STARS.sub("", text)
    text = _DASH_RX.sub("-", text)
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return _SPACES2.sub(" ", text).strip()


def superscript_to_digits(s: str) -> str:
    return s.translate(_SUP_TO_DIGIT)


_SUP_MARK = re.compile(f"[{SUPERSCRIPTS}]+")


def strip_footnote_marks(text: str) -> tuple[str, list[str]]:
    if not _SUP_MARK.search(text):
        return text, []
    marks = [superscript_to_digits(m) for m in _SUP_MARK.findall(text)]
    return _SUP_MARK.sub("", text), marks


_MARKS = re.compile("[\u0300-\u036f]")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Accent- and case-insensitive key (đ -> d). Cached: the stages fold the same unit names,
    headings and field labels again and again (a third of a 1 MB parse before the cache)."""
    text = _MARKS.sub("", unicodedata.normalize("NFD", text)).replace("đ", "d").replace("Đ", "D")
    return _WS.sub(" ", text).strip().lower()


def words(text: str) -> list[str]:
    return text.split()


def first_words(text: str, n: int = 12) -> str:
    return " ".join(text.split()[:n])
