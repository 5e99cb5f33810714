"""One class per delivery channel. The in-app channel needs no delivery (the row is the
message); email sends one digest per person listing all their items."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from notifications.models import Notification

logger = logging.getLogger("dondoc.notifications")

#: an email lists at most this many tasks per section (most urgent first) and links the rest
SECTION_LIMIT = 30

#: sections of the digest, most urgent first
KIND_ORDER = [
    Notification.Kind.ESCALATION,
    Notification.Kind.WEEKLY_DIGEST,
    Notification.Kind.OVERDUE,
    Notification.Kind.DUE_TODAY,
    Notification.Kind.BEFORE_DEADLINE,
    Notification.Kind.REPORT_DUE,
]


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def task_link(task) -> str:
    """The task's page as an absolute link for emails."""
    try:
        return absolute(task.get_absolute_url())
    except NoReverseMatch:  # the task pages are not installed: point at the notification list
        logger.warning("no URL for task %s; linking the notification list", task.pk)
        return absolute(reverse("notifications:list"))


def _note(row: Notification) -> str:
    """The figure after the deadline: days left, days late, the report date."""
    kind = row.kind
    if kind == Notification.Kind.BEFORE_DEADLINE:
        return ngettext("còn %(n)d ngày làm việc", "còn %(n)d ngày làm việc", row.days) % {"n": row.days}
    if kind == Notification.Kind.DUE_TODAY:
        return gettext("hôm nay là hạn cuối")
    if kind == Notification.Kind.REPORT_DUE:
        return gettext("kỳ báo cáo %(day)s") % {"day": row.for_date.strftime("%d/%m/%Y")}
    return ngettext("quá hạn %(n)d ngày làm việc", "quá hạn %(n)d ngày làm việc", row.days) % {"n": row.days}


def digest_sections(items: Sequence[Notification], links: dict[int, str] | None = None) -> list[dict]:
    """The digest's sections, most urgent first; ``links`` caches task URLs across digests."""
    links = {} if links is None else links
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    ordered = sorted(
        items, key=lambda n: (rank.get(n.kind, 99), n.task.deadline or dt.date.max, n.task.title, n.pk)
    )
    sections = []
    for kind, group in groupby(ordered, key=lambda n: n.kind):
        # reminders left over from missed days: each task once, with its latest figures
        latest: dict[int, Notification] = {}
        for row in group:
            if row.task_id not in latest or row.for_date > latest[row.task_id].for_date:
                latest[row.task_id] = row
        rows = list(latest.values())
        shown = rows[:SECTION_LIMIT]
        for row in shown:
            if row.task_id not in links:
                links[row.task_id] = task_link(row.task)
            row.link = links[row.task_id]
            row.note = _note(row)
        sections.append(
            {
                "kind": kind,
                "label": Notification.Kind(kind).label,
                "items": shown,
                "total": len(rows),
                "more": len(rows) - len(shown),
            }
        )
    return sections


class InAppTransport:
    channel = Notification.Channel.IN_APP

    def send_digest(self, *, user, items: Sequence[Notification], today: dt.date) -> None:
        """Nothing to deliver: the bell shows the rows."""


class EmailTransport:
    channel = Notification.Channel.EMAIL

    def __init__(self) -> None:
        self._links: dict[int, str] = {}

    def build_digest(self, *, user, items: Sequence[Notification], today: dt.date) -> EmailMessage:
        with translation.override(settings.LANGUAGE_CODE):
            sections = digest_sections(items, self._links)
            context = {
                "user": user,
                "name": user.get_full_name() or user.username,
                "today": today,
                "sections": sections,
                "count": sum(section["total"] for section in sections),
                "list_url": absolute(reverse("notifications:list")),
                "profile_url": absolute(reverse("units:profile")),
                "organization": settings.ORGANIZATION["name"],
            }
            subject = gettext("[Đôn đốc] Nhắc việc ngày %(day)s: %(count)d nội dung cần chú ý") % {
                "day": today.strftime("%d/%m/%Y"),
                "count": context["count"],
            }
            body = render_to_string("notifications/email/digest.txt", context)
        return EmailMessage(subject=subject, body=body, to=[user.email])

    def send_digest(self, *, user, items: Sequence[Notification], today: dt.date) -> None:
        self.build_digest(user=user, items=items, today=today).send(fail_silently=False)


def transport_for(channel: str):
    return EmailTransport() if channel == Notification.Channel.EMAIL else InAppTransport()
