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

from notifications.models import Notification

logger = logging.getLogger("dondoc.notifications")

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


def digest_sections(items: Sequence[Notification]) -> list[dict]:
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
        for row in rows:
            row.link = task_link(row.task)
        sections.append({"kind": kind, "label": Notification.Kind(kind).label, "items": rows})
    return sections


class InAppTransport:
    channel = Notification.Channel.IN_APP

    def send_digest(self, *, user, items: Sequence[Notification], today: dt.date) -> None:
        """Nothing to deliver: the bell shows the rows."""


class EmailTransport:
    channel = Notification.Channel.EMAIL

    def build_digest(self, *, user, items: Sequence[Notification], today: dt.date) -> EmailMessage:
        with translation.override(settings.LANGUAGE_CODE):
            sections = digest_sections(items)
            context = {
                "user": user,
                "name": user.get_full_name() or user.username,
                "today": today,
                "sections": sections,
                "count": sum(len(section["items"]) for section in sections),
                "list_url": absolute(reverse("notifications:list")),
                "profile_url": absolute(reverse("units:profile")),
                "organization": settings.ORGANIZATION["name"],
            }
            subject = " ".join(render_to_string("notifications/email/digest_subject.txt", context).split())
            body = render_to_string("notifications/email/digest.txt", context)
        return EmailMessage(subject=subject, body=body, to=[user.email])

    def send_digest(self, *, user, items: Sequence[Notification], today: dt.date) -> None:
        self.build_digest(user=user, items=items, today=today).send(fail_silently=False)


def transport_for(channel: str):
    return EmailTransport() if channel == Notification.Channel.EMAIL else InAppTransport()
