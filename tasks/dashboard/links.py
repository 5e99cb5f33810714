"""Links from a number to the filtered task list that it counts.

Only the GET parameters of the task list's contract are used: ``unit``, ``unit_kind``,
``category`` (repeatable), ``directive``, ``kind``, ``deadline_after``,
``deadline_before``, ``completed_after``, ``completed_before``, ``q``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from tasks.status import StatusCategory

ALLOWED = frozenset(
    {
        "unit",
        "unit_kind",
        "category",
        "directive",
        "kind",
        "deadline_after",
        "deadline_before",
        "completed_after",
        "completed_before",
        "q",
    }
)

# Everything a unit was given and still answers for: all categories but "cancelled".
ASSIGNED = (
    StatusCategory.IN_TIME,
    StatusCategory.DUE_SOON,
    StatusCategory.OVERDUE,
    StatusCategory.DONE_ON_TIME,
    StatusCategory.DONE_LATE,
    StatusCategory.PAUSED,
)
IN_PROGRESS = (StatusCategory.IN_TIME, StatusCategory.DUE_SOON)
DUE = (StatusCategory.DONE_ON_TIME, StatusCategory.DONE_LATE, StatusCategory.OVERDUE)
NEW_OVERDUE = (StatusCategory.OVERDUE, StatusCategory.DONE_LATE)
DONE = (StatusCategory.DONE_ON_TIME, StatusCategory.DONE_LATE)


_BASES: dict[tuple, str | None] = {}


def _base(name: str) -> str | None:
    """reverse(name), remembered per URLconf and script prefix (a page builds ~100 links)."""
    key = (name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    if key not in _BASES:
        try:
            _BASES[key] = reverse(name)
        except NoReverseMatch:  # the task list is not installed (yet): show plain numbers
            _BASES[key] = None
    return _BASES[key]


def _value(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def task_list_url(**params: object) -> str | None:
    """``/nhiem-vu/?category=overdue&unit=3`` or None when the list view does not exist."""
    unknown = set(params) - ALLOWED
    if unknown:
        raise ValueError(f"not a task-list parameter: {', '.join(sorted(unknown))}")
    base = _base("tasks:list")
    if base is None:
        return None
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None or value == "":
            continue
        if isinstance(value, Iterable) and not isinstance(value, str):
            pairs.extend((key, _value(v)) for v in value)
        else:
            pairs.append((key, _value(value)))
    return f"{base}?{urlencode(pairs)}" if pairs else base


def extensions_url() -> str | None:
    return _base("tasks:extensions")


_PK_MARK = 987654321


def task_path_pattern() -> str | None:
    """The task page's path with ``{pk}`` to fill in, reversed once per URLconf and script
    prefix (a list builds one link per row; the calendar feed one per event); None when
    there is no task page."""
    key = ("tasks:detail#pk", get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    if key not in _BASES:
        try:
            _BASES[key] = reverse("tasks:detail", args=[_PK_MARK]).replace(str(_PK_MARK), "{pk}")
        except NoReverseMatch:
            _BASES[key] = None
    return _BASES[key]


def task_detail_url(pk: int) -> str | None:
    """reverse("tasks:detail", args=[pk]) without reversing it again."""
    pattern = task_path_pattern()
    return pattern.replace("{pk}", str(pk)) if pattern else None


def url_or_none(name: str, *args: object) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
