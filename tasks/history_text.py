"""History text is stored once, in Vietnamese (the record of what happened), and shown in
the reader's language: the automatic notes and the status words inside stored values are
recognised when shown and translated then. Typed text (reasons, notes) is shown as written.

Services build automatic notes with :func:`stored`; the task page shows them through the
``history_value`` / ``history_note`` filters (tasks_tags), which call :func:`shown_value` /
:func:`shown_note`.
"""

from __future__ import annotations

import functools
import re

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

#: automatic notes written by tasks.services (msgids; placeholders %(name)s or %(name)d / %(name)+d)
NOTES = [
    gettext_noop("Gia hạn theo đề nghị ngày %(date)s."),
    gettext_noop("Gia hạn theo đề nghị ngày %(date)s, đến ngày khác ngày đề nghị (%(asked)s): %(why)s"),
    gettext_noop("Chuyên viên không thuộc đơn vị chủ trì mới."),
    gettext_noop("Nhiệm vụ đã hoàn thành."),
    gettext_noop("Nhiệm vụ đã bị hủy."),
    gettext_noop("Báo cáo hoàn thành."),
    gettext_noop("%(reason)s (dời %(days)+d ngày, thao tác hàng loạt)"),
    gettext_noop("%(note)s (kèm %(n)d tệp)"),
]

_PLACEHOLDER = re.compile(r"%\((\w+)\)(\+?)([sd])")


def stored(msgid: str, **params: object) -> str:
    """The Vietnamese text of an automatic note, whatever language the actor reads."""
    with translation.override("vi"):
        return gettext(msgid) % params if params else gettext(msgid)


@functools.cache
def _patterns() -> list[tuple[re.Pattern, str, dict[str, str]]]:
    compiled = []
    for msgid in NOTES:
        kinds: dict[str, str] = {}
        parts, last = [], 0
        for m in _PLACEHOLDER.finditer(msgid):
            parts.append(re.escape(msgid[last : m.start()]))
            name, sign, kind = m.groups()
            kinds[name] = kind
            parts.append(rf"(?P<{name}>[+-]?\d+)" if kind == "d" else rf"(?P<{name}>.*?)")
            last = m.end()
        parts.append(re.escape(msgid[last:]))
        compiled.append((re.compile("^" + "".join(parts) + "$", re.S), msgid, kinds))
    return compiled


def shown_note(text: str) -> str:
    """A stored note in the reader's language when it is an automatic one."""
    if not text:
        return text
    for pattern, msgid, kinds in _patterns():
        m = pattern.match(text)
        if m:
            params = {k: int(v) if kinds[k] == "d" else v for k, v in m.groupdict().items()}
            if "note" in params:
                params["note"] = shown_note(params["note"])
            return gettext(msgid) % params
    return text


@functools.cache
def _labels() -> dict[str, object]:
    """{Vietnamese label as stored: the lazy label} for the status words history values hold."""
    from tasks.models import ExtensionRequest, Task

    labels: dict[str, object] = {}
    with translation.override("vi"):
        for choices in (Task.Status, ExtensionRequest.Status, Task.Kind):
            for member in choices:
                labels[str(member.label)] = member.label
        labels[gettext("không thời hạn")] = gettext_noop("không thời hạn")
    return labels


def shown_value(value: str) -> str:
    """A stored old/new value with its leading status word in the reader's language
    ("Đồng ý: 31/01/2027", "Hoàn thành (20/11/2026)", "Tạm dừng")."""
    if not value:
        return value
    labels = _labels()
    for sep in (": ", " ("):
        head, found, rest = value.partition(sep)
        if found and head in labels:
            return f"{_translated(labels[head])}{found}{rest}"
    if value in labels:
        return _translated(labels[value])
    return value


def _translated(label: object) -> str:
    return gettext(label) if isinstance(label, str) else str(label)
