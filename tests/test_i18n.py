"""The English catalog: pages switch to English with the language cookie, stay Vietnamese
without it, and locale/en is complete (nothing untranslated or fuzzy, placeholders kept,
the committed .mo matches the .po)."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"


def english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- Pages ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_in_english_with_the_cookie(client):
    english(client)
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en"' in html
    assert "Sign in" in html
    assert "Username" in html and "Password" in html
    assert "Đăng nhập" not in html
    assert "Mật khẩu" not in html


@pytest.mark.django_db
def test_login_page_in_vietnamese_without_the_cookie_even_if_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in html and "Mật khẩu" in html
    assert "Sign in" not in html


def test_home_page_in_english_for_the_office(client, cast):
    client.force_login(cast.office)
    english(client)
    html = client.get(reverse("home")).content.decode()
    assert "Tracking and follow-up" in html
    for nav in ("Home", "Tasks", "Units", "Sign out"):
        assert f">{nav}<" in html, nav
    assert "Theo dõi, đôn đốc" not in html
    assert "Đăng xuất" not in html


def test_home_page_in_vietnamese_for_the_office_without_the_cookie(client, cast):
    client.force_login(cast.office)
    html = client.get(reverse("home")).content.decode()
    assert "Theo dõi, đôn đốc" in html
    assert "Đăng xuất" in html
    assert "Tracking and follow-up" not in html


def test_units_list_in_english(client, cast):
    client.force_login(cast.office)
    english(client)
    html = client.get(reverse("units:list")).content.decode()
    assert "<h1" in html and ">Units</h1>" in html
    assert "Search by name" in html
    assert "Short name" in html
    assert "Tìm theo tên" not in html
    assert "Viết tắt" not in html
    # unit names are data, not UI: they stay as entered
    assert "Phòng Nội vụ" in html


def test_units_list_in_vietnamese_without_the_cookie(client, cast):
    client.force_login(cast.office)
    html = client.get(reverse("units:list")).content.decode()
    assert ">Đơn vị</h1>" in html
    assert "Tìm theo tên" in html
    assert "Search by name" not in html


def test_the_language_switch_turns_the_pages_english_and_back(client, cast):
    client.force_login(cast.head_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("units:list")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert ">Units</h1>" in client.get(reverse("units:list")).content.decode()

    client.post(reverse("set_language"), {"language": "vi", "next": reverse("units:list")})
    assert ">Đơn vị</h1>" in client.get(reverse("units:list")).content.decode()


def test_english_keeps_day_first_dates():
    """Switching to English must not turn 05/03/2026 into 3 May (Django's en default is m/d/Y)."""
    with translation.override("en"):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
        assert formats.date_format(dt.date(2026, 3, 5)) == "05/03/2026"


# --- The catalog ---------------------------------------------------------------------


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    line: int = 0

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')
_CONTINUATION = re.compile(r'^"(.*)"$')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader (gettext tools and polib are not available everywhere):
    entries with their flags, context, msgid(s) and msgstr(s); obsolete (#~) ones skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            continue
        keyword = _KEYWORD.match(line)
        starts_entry = line.startswith("#") or (keyword and keyword.group(1) in ("msgctxt", "msgid"))
        if not line or (starts_entry and current is not None and current.msgstr):
            if current is not None:
                entries.append(current)
            current, target = None, None
        if not line:
            continue
        if current is None:
            current = Entry(line=number)
        if line.startswith("#"):
            if line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if keyword:
            name, index, text = keyword.groups()
            if name.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                current.msgstr[target[1]] = ""
            else:
                target = (name, 0)
                setattr(current, name, "")
        else:
            continuation = _CONTINUATION.match(line)
            assert continuation and target, f"{path}:{number}: cannot read {raw!r}"
            text = continuation.group(1)
        name, slot = target
        if name == "msgstr":
            current.msgstr[slot] += _unescape(text)
        else:
            setattr(current, name, getattr(current, name) + _unescape(text))
    if current is not None:
        entries.append(current)
    return entries


@pytest.fixture(scope="module")
def catalog() -> tuple[Entry, list[Entry]]:
    assert PO_PATH.exists(), "run makemessages -l en"
    header, *entries = parse_po(PO_PATH)
    assert header.msgid == "", "the .po must start with its header"
    return header, entries


def test_po_header_is_english_utf8_and_not_fuzzy(catalog):
    header, _entries = catalog
    assert "fuzzy" not in header.flags
    assert "charset=UTF-8" in header.msgstr[0]
    assert "Language: en\n" in header.msgstr[0]
    assert "nplurals=2; plural=(n != 1);" in header.msgstr[0]


def test_po_has_no_untranslated_entries(catalog):
    _header, entries = catalog
    assert len(entries) > 500  # the whole UI, not a stub
    untranslated = [
        f"line {e.line}: {e.msgid!r}"
        for e in entries
        if not e.msgstr or any(not text.strip() for text in e.msgstr.values())
    ]
    assert untranslated == []


def test_po_has_no_fuzzy_entries(catalog):
    _header, entries = catalog
    assert [f"line {e.line}: {e.msgid!r}" for e in entries if "fuzzy" in e.flags] == []


def test_po_plural_entries_have_both_forms(catalog):
    _header, entries = catalog
    plurals = [e for e in entries if e.msgid_plural is not None]
    assert plurals
    assert [e.msgid for e in plurals if sorted(e.msgstr) != [0, 1]] == []


_PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0-9.]*[sdif]|%%")
_BRACES = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def test_po_translations_keep_every_placeholder(catalog):
    _header, entries = catalog
    wrong = []
    for e in entries:
        sources = [e.msgid] + ([e.msgid_plural] if e.msgid_plural is not None else [])
        expected = {tuple(sorted(_PLACEHOLDER.findall(s))) for s in sources}
        for text in e.msgstr.values():
            found = tuple(sorted(_PLACEHOLDER.findall(text)))
            # a singular may drop the count (“one task”), a plural may not
            if found not in expected and not (e.msgid_plural and found == ()):
                wrong.append((e.msgid, text))
            if _BRACES.findall(text) != _BRACES.findall(e.msgid):
                wrong.append((e.msgid, text))
    assert wrong == []


def test_mo_is_compiled_from_the_current_po(catalog):
    """The .mo is committed so a fresh clone needs no gettext tools; it must match the .po."""
    _header, entries = catalog
    assert MO_PATH.exists(), "run compilemessages -l en and commit django.mo"
    with MO_PATH.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)._catalog
    stale = []
    for e in entries:
        if e.msgid_plural is None:
            if compiled.get(e.key) != e.msgstr[0]:
                stale.append(e.msgid)
        elif any(compiled.get((e.key, i)) != text for i, text in e.msgstr.items()):
            stale.append(e.msgid)
    assert stale == [], "django.mo is out of date: run compilemessages -l en"
    compiled_keys = {key[0] if isinstance(key, tuple) else key for key in compiled} - {""}
    assert compiled_keys == {e.key for e in entries}, "django.mo has entries the .po no longer has"
