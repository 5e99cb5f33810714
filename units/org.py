"""Who "we" are: the organisation that runs this installation.

The identity comes from the profile chosen at set-up (``seed_demo --profile …`` stores an
``Organization`` row); an ``ORG_*`` environment variable overrides a single field
(``settings.ORGANIZATION_OVERRIDES``); with neither, ``settings.ORGANIZATION_DEFAULTS`` apply.
``settings.ORGANIZATION`` is a read-only view of ``current_org()`` (``OrganizationSetting``).

    org = current_org()
    org.name, org.level, org["header_name"]   # attribute or key access (reports use keys)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields

from django.conf import settings
from django.db import DatabaseError

LEVELS = ("province", "commune", "ward", "district")

# The phrases higher levels use for all bodies of our level ("UBND các xã, phường, đặc khu"
# is matched by rule in directives.relevance; these are shown in the admin as a starting point).
DEFAULT_GROUPS = {
    "province": ["UBND các tỉnh, thành phố trực thuộc Trung ương", "UBND cấp tỉnh", "các địa phương"],
    "commune": ["UBND các xã, phường, đặc khu", "UBND cấp xã", "các địa phương"],
    "ward": ["UBND các xã, phường, đặc khu", "UBND cấp xã", "các địa phương"],
    "district": ["UBND các huyện, thị xã, thành phố", "UBND cấp huyện", "các địa phương"],
}


@dataclass(frozen=True)
class Org:
    name: str
    level: str
    header_parent: str
    header_name: str
    place: str
    symbol: str
    profile: str = ""
    parent_name: str = ""
    unit_id: int | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    groups: tuple[str, ...] = field(default_factory=tuple)

    def __getitem__(self, key: str):
        """``org["header_name"]``, as code written against ``settings.ORGANIZATION`` reads it."""
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def get(self, key: str, default=None):
        return getattr(self, key, default)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that denotes us: the official name and the aliases."""
        return (self.name, *self.aliases)

    def as_dict(self) -> dict:
        return asdict(self)


def _split(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(";")
    return tuple(v.strip() for v in value or () if v and v.strip())


def current_org() -> Org:
    """The organisation as configured now: settings defaults < stored profile < ORG_* env."""
    from units.models import Organization

    configured = getattr(settings, "ORGANIZATION", None)
    if isinstance(configured, dict):  # a plain dict (tests, older settings) is the fallback
        values: dict = dict(configured)
    else:
        values = dict(getattr(settings, "ORGANIZATION_DEFAULTS", {}))
    try:
        row = Organization.objects.filter(pk=1).first()
    except DatabaseError:  # before migrate: the defaults still describe someone
        row = None
    if row is not None:
        values.update(
            name=row.name,
            level=row.level,
            header_parent=row.header_parent,
            header_name=row.header_name,
            place=row.place,
            symbol=row.symbol,
            profile=row.profile,
            parent_name=row.parent_name,
            unit_id=row.unit_id,
            aliases=row.aliases,
            groups=row.groups,
        )
    values.update(getattr(settings, "ORGANIZATION_OVERRIDES", {}))
    level = values.get("level") or "district"
    return Org(
        name=values.get("name", ""),
        level=level if level in LEVELS else "district",
        header_parent=values.get("header_parent", ""),
        header_name=values.get("header_name", ""),
        place=values.get("place", ""),
        symbol=values.get("symbol", "UBND"),
        profile=values.get("profile", ""),
        parent_name=values.get("parent_name", ""),
        unit_id=values.get("unit_id"),
        aliases=_split(values.get("aliases")),
        groups=_split(values.get("groups")) or tuple(DEFAULT_GROUPS.get(level, ())),
    )


class OrganizationSetting(Mapping):
    """``settings.ORGANIZATION``: reads ``current_org()`` on every access, so code written
    against the settings dict (``settings.ORGANIZATION["header_name"]``) prints the profile."""

    def __getitem__(self, key: str):
        return current_org()[key]

    def __iter__(self) -> Iterator[str]:
        return iter([f.name for f in fields(Org)])

    def __len__(self) -> int:
        return len(fields(Org))

    def __repr__(self) -> str:
        return "<OrganizationSetting: units.org.current_org()>"
