"""Reads for the office's documents."""

from __future__ import annotations

from django.db.models import Prefetch

from tasks.dashboard.exports import _d
from tasks.documents.models import ExplanationReply, OfficeLetter


def explanations_for_report(report) -> list[dict]:
    """The yêu cầu giải trình sent to the report's unit during its period, with the replies."""
    qs = OfficeLetter.objects.filter(kind=OfficeLetter.Kind.EXPLANATION, unit=report.unit)
    if report.period.start:
        qs = qs.filter(created_at__date__gte=report.period.start)
    if report.period.end:
        qs = qs.filter(created_at__date__lte=report.period.end)
    qs = qs.prefetch_related(Prefetch("replies", queryset=ExplanationReply.objects.order_by("submitted_at")))
    rows = []
    for letter in qs.order_by("created_at"):
        replies = list(letter.replies.all())
        rows.append(
            {
                "request": f"{letter.title} ({letter.created_at:%d/%m/%Y})",
                "reply_by": _d(letter.reply_by),
                "reply": " ".join(f"{r.submitted_at:%d/%m/%Y}: {r.text}" for r in replies)
                or "Chưa giải trình",
            }
        )
    return rows


def letters_visible_to(user):
    """Letters the person may see: the office and leadership all; a unit's people the letters
    sent to their unit, or naming one of its tasks."""
    from django.db.models import Exists, OuterRef, Q

    from tasks.models import Task
    from units.permissions import roles_for

    roles = roles_for(user)
    qs = OfficeLetter.objects.select_related("unit", "created_by", "directive")
    if roles.sees_everything:
        return qs
    units = list(roles.member_unit_ids)
    if not units:
        return qs.none()
    names_our_task = Exists(Task.objects.filter(office_letters=OuterRef("pk"), lead_unit_id__in=units))
    return qs.filter(Q(unit_id__in=units) | Q(unit__isnull=True) & names_our_task)
