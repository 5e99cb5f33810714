"""Unit names as written in a directive → Unit records, through names, aliases and groups,
accent- and case-insensitively (``units.text.fold``). What does not resolve is returned
flagged for the reviewer, never dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from units.models import Unit, UnitAlias, UnitGroup
from units.selectors import active_units
from units.text import fold

# "Thủ trưởng các phòng" addresses the head of the unit; the unit is what gets the task
_PERSON = re.compile(
    r"^(?:thu truong|nguoi dung dau|truong|pho truong|giam doc|chu tich|pho chu tich|lanh dao|chanh van phong|chanh thanh tra)\s+"
)
_SYNONYMS = [
    (re.compile(r"\buy ban nhan dan\b"), "ubnd"),
    (re.compile(r"\bhoi dong nhan dan\b"), "hdnd"),
    (re.compile(r"\s*&\s*"), " va "),
    (re.compile(r"[,;]"), " "),
]
_TRAILING = re.compile(
    r"\s+(?:huyen|thuoc ubnd huyen|truc thuoc ubnd huyen|cua huyen|co lien quan|lien quan)$"
)


def _key(name: str) -> str:
    key = fold(name).strip(" .;,:-")
    for rx, repl in _SYNONYMS:
        key = rx.sub(repl, key)
    return re.sub(r"\s+", " ", key).strip()


def _variants(name: str) -> list[str]:
    key = _key(name)
    out = [key]
    stripped = _PERSON.sub("", key)
    if stripped != key:
        out.append(stripped)
    for k in list(out):
        t = _TRAILING.sub("", k)
        if t != k:
            out.append(t)
        if k.startswith("cac ") and "," not in k:
            out.append(k[4:])
    return list(dict.fromkeys(out))


@dataclass
class Resolution:
    name: str  # as written
    units: list[Unit] = field(default_factory=list)
    via: str = ""  # "unit" | "alias" | "group" | "fuzzy" | ""
    group: UnitGroup | None = None

    @property
    def resolved(self) -> bool:
        return bool(self.units)


class UnitResolver:
    """Loads the unit catalogue once; resolves many names without more queries."""

    FUZZY_CUTOFF = 0.9

    def __init__(self) -> None:
        units = list(active_units())
        self.by_key: dict[str, Unit] = {}
        for u in units:
            self.by_key.setdefault(_key(u.name), u)
            self.by_key.setdefault(_key(u.short_name), u)
        self.alias_key: dict[str, Unit] = {}
        for alias in UnitAlias.objects.select_related("unit").filter(unit__is_active=True):
            self.alias_key.setdefault(_key(alias.name), alias.unit)
        self.groups: dict[str, UnitGroup] = {}
        for group in UnitGroup.objects.prefetch_related("units"):
            self.groups.setdefault(_key(group.name), group)
        self._units = units

    def _expand(self, group: UnitGroup) -> list[Unit]:
        members = {u.pk for u in group.units.all()}
        kinds = set(group.kinds or [])
        return [u for u in self._units if u.pk in members or u.kind in kinds]

    def resolve(self, name: str) -> Resolution:
        res = Resolution(name=name)
        for key in _variants(name):
            if key in self.by_key:
                res.units, res.via = [self.by_key[key]], "unit"
                return res
            if key in self.alias_key:
                res.units, res.via = [self.alias_key[key]], "alias"
                return res
            if key in self.groups:
                res.group = self.groups[key]
                res.units, res.via = self._expand(res.group), "group"
                return res
        # "UBND các xã" for a group "UBND các xã, thị trấn": the name is the start of a group's name
        for key in _variants(name):
            if len(key) >= 8:
                for gkey, group in self.groups.items():
                    if gkey.startswith(key + " "):
                        res.group = group
                        res.units, res.via = self._expand(group), "group"
                        return res
        # a typo or a small variant ("Công thông tin điện tử huyện")
        key = _variants(name)[-1]
        best, best_ratio = None, 0.0
        for candidate, unit in [*self.by_key.items(), *self.alias_key.items()]:
            ratio = SequenceMatcher(None, key, candidate).ratio()
            if ratio > best_ratio:
                best, best_ratio = unit, ratio
        if best is not None and best_ratio >= self.FUZZY_CUTOFF:
            res.units, res.via = [best], "fuzzy"
        return res

    def resolve_many(self, names: list[str]) -> list[Resolution]:
        return [self.resolve(n) for n in names]
