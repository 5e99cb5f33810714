"""Writes for the office's documents: đôn đốc letters, requests for an explanation and the
units' replies, templates uploaded by administrators. Each letter is stored as a .docx through
the storage API, recorded on every task it names (TaskEvent) and optionally attached to a
directive; its PDF is made in the worker (jobs.letter_pdf)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks.dashboard.exports import _d
from tasks.dashboard.pages import working_days_since
from tasks.dashboard.selectors import last_progress_note
from tasks.documents.models import DocumentKind, DocumentTemplate, ExplanationReply, OfficeLetter
from tasks.documents.render import org_context, render
from tasks.models import Task, TaskEvent
from tasks.services.history import task_event_record
from tasks.status import StatusCategory, StatusContext, category_q

logger = logging.getLogger("dondoc.reports")

MAX_TASKS = 2000


def _directive_code(task: Task) -> str:
    directive = task.directive
    if directive is None:
        return ""
    return f"{directive.get_kind_display()} {directive.reference_code}".strip()


def letter_tasks(task_ids) -> list[Task]:
    """The chosen open tasks with what a letter shows, by unit then deadline."""
    return list(
        Task.objects.filter(pk__in=list(task_ids)[:MAX_TASKS])
        .exclude(status__in=[Task.Status.DONE, Task.Status.CANCELLED])
        .select_related("lead_unit", "directive")
        .annotate(last_note=last_progress_note())
        .order_by("lead_unit__ordering", "lead_unit__name", "deadline", "pk")
    )


def days_late(tasks, today: dt.date, calendar) -> dict[dt.date, int]:
    """Working days overdue for each past deadline of ``tasks``, in one walk back from today."""
    return working_days_since((t.deadline for t in tasks), today, calendar)


def _task_line(task: Task, late: dict[dt.date, int]) -> dict:
    overdue = late.get(task.deadline, 0) if task.deadline else 0
    return {
        "title": task.title,
        "directive": _directive_code(task),
        "deadline": _d(task.deadline) or task.deadline_text,
        "days_overdue": overdue or "–",
        "note": task.last_note or "Chưa báo cáo tiến độ",
    }


def _record(letter: OfficeLetter, tasks: list[Task], actor: Any, kind: str, note: str) -> None:
    letter.tasks.set(tasks)
    for task in tasks:
        task_event_record(task=task, actor=actor, kind=kind, new=letter.title, note=note)


def _save(letter: OfficeLetter, data: bytes, name: str) -> None:
    letter.docx.save(name, ContentFile(data), save=True)


@transaction.atomic
def reminder_letters_create(
    *, actor: Any, task_ids, one_per_unit: bool, reply_by: dt.date | None, directive=None, today=None
) -> list[OfficeLetter]:
    """One Công văn đôn đốc listing each unit's tasks, or one per unit."""
    today = today or timezone.localdate()
    tasks = letter_tasks(task_ids)
    if not tasks:
        raise ValidationError(_("Chọn ít nhất một nhiệm vụ chưa hoàn thành để đôn đốc."))
    if reply_by is not None and reply_by <= today:
        raise ValidationError(_("Hạn báo cáo phải sau ngày hôm nay."))
    late = days_late(tasks, today, StatusContext.for_date(today).working_calendar())
    by_unit: OrderedDict[int, tuple[Any, list[Task]]] = OrderedDict()
    for task in tasks:
        by_unit.setdefault(task.lead_unit_id, (task.lead_unit, []))[1].append(task)
    groups = (
        [[(unit, unit_tasks)] for unit, unit_tasks in by_unit.values()]
        if one_per_unit
        else [list(by_unit.values())]
    )
    letters = []
    for group in groups:
        group_tasks = [t for _unit, unit_tasks in group for t in unit_tasks]
        context = org_context(today)
        context.update(
            {
                "count": len(group_tasks),
                "units": [
                    {"name": unit.name, "tasks": [_task_line(t, late) for t in unit_tasks]}
                    for unit, unit_tasks in group
                ],
                "reply_by": _d(reply_by) or "…",
                "signer": "",
                "recipients": [
                    "- Như trên;",
                    "- Chủ tịch, các Phó Chủ tịch UBND (để b/c);",
                    "- Lưu: VT, VP.",
                ],
            }
        )
        unit = group[0][0] if len(group) == 1 else None
        title = _("Đôn đốc thực hiện nhiệm vụ được giao – %(who)s") % {
            "who": unit.name if unit else _("%(n)d đơn vị") % {"n": len(group)}
        }
        letter = OfficeLetter.objects.create(
            kind=OfficeLetter.Kind.REMINDER,
            title=title[:255],
            unit=unit,
            reply_by=reply_by,
            directive=directive,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _save(
            letter,
            render(DocumentKind.REMINDER_LETTER, context),
            f"cong-van-don-doc-{today:%Y%m%d}-{letter.pk}.docx",
        )
        _record(
            letter,
            group_tasks,
            actor,
            TaskEvent.Kind.LETTER,
            _("Công văn đôn đốc số …, ngày %(d)s") % {"d": _d(today)},
        )
        letters.append(letter)
    logger.info(
        "reminder letters %s created for %s tasks by user %s",
        [letter.pk for letter in letters],
        len(tasks),
        getattr(actor, "pk", None),
    )
    return letters


def explanation_candidates(*, threshold: int, today: dt.date | None = None) -> list[dict]:
    """Units with open tasks overdue by more than ``threshold`` working days, worst first."""
    today = today or timezone.localdate()
    ctx = StatusContext.for_date(today)
    rows: dict[int, dict] = {}
    overdue = list(
        Task.objects.filter(category_q(StatusCategory.OVERDUE, ctx))
        .select_related("lead_unit")
        .only("pk", "deadline", "lead_unit__name", "lead_unit__ordering")
    )
    late = days_late(overdue, today, ctx.working_calendar())
    for task in overdue:
        days = late[task.deadline]
        row = rows.setdefault(
            task.lead_unit_id, {"unit": task.lead_unit, "overdue": 0, "beyond": 0, "worst": 0}
        )
        row["overdue"] += 1
        row["worst"] = max(row["worst"], days)
        if days > threshold:
            row["beyond"] += 1
    return sorted(
        (r for r in rows.values() if r["beyond"]), key=lambda r: (-r["beyond"], -r["worst"], r["unit"].name)
    )


@transaction.atomic
def explanation_request_create(
    *, actor: Any, unit, threshold: int, reply_by: dt.date, today: dt.date | None = None
) -> OfficeLetter:
    today = today or timezone.localdate()
    if reply_by <= today:
        raise ValidationError(_("Hạn giải trình phải sau ngày hôm nay."))
    ctx = StatusContext.for_date(today)
    ids = Task.objects.filter(category_q(StatusCategory.OVERDUE, ctx), lead_unit=unit).values_list(
        "pk", flat=True
    )
    tasks = letter_tasks(ids)
    late = days_late(tasks, today, ctx.working_calendar())
    if not any(late.get(t.deadline, 0) > threshold for t in tasks if t.deadline):
        raise ValidationError(
            _("%(unit)s không có nhiệm vụ quá hạn trên %(n)d ngày làm việc.")
            % {"unit": unit.name, "n": threshold}
        )
    from units.permissions import unit_head_ids

    head_id = unit_head_ids([unit.pk]).get(unit.pk)
    context = org_context(today)
    context.update(
        {
            "unit": unit.name,
            "addressee": f"Thủ trưởng {unit.name}",
            "count": len(tasks),
            "threshold": threshold,
            "tasks": [_task_line(t, late) for t in tasks],
            "reply_by": _d(reply_by),
            "signer": "",
            "recipients": ["- Như trên;", "- Chủ tịch, các Phó Chủ tịch UBND (để b/c);", "- Lưu: VT, VP."],
        }
    )
    letter = OfficeLetter.objects.create(
        kind=OfficeLetter.Kind.EXPLANATION,
        title=(_("Giải trình việc chậm thực hiện nhiệm vụ – %(unit)s") % {"unit": unit.name})[:255],
        unit=unit,
        reply_by=reply_by,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _save(
        letter,
        render(DocumentKind.EXPLANATION_REQUEST, context),
        f"yeu-cau-giai-trinh-{today:%Y%m%d}-{letter.pk}.docx",
    )
    _record(
        letter,
        tasks,
        actor,
        TaskEvent.Kind.EXPLANATION,
        _("Yêu cầu giải trình, hạn %(d)s") % {"d": _d(reply_by)},
    )
    logger.info("explanation request %s to unit %s (head user %s)", letter.pk, unit.pk, head_id)
    return letter


@transaction.atomic
def explanation_reply_record(*, actor: Any, letter: OfficeLetter, text: str, upload=None) -> ExplanationReply:
    if letter.kind != OfficeLetter.Kind.EXPLANATION:
        raise ValidationError(_("Chỉ trả lời được yêu cầu giải trình."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Nhập nội dung giải trình.")})
    reply = ExplanationReply(letter=letter, text=text, submitted_by=actor)
    if upload is not None:
        from tasks.evidence import evidence_validate

        evidence_validate(upload)
        reply.file.save(upload.name, upload, save=False)
    reply.save()
    for task in letter.tasks.all():
        task_event_record(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.EXPLANATION,
            new=_("Đơn vị đã giải trình"),
            note=text[:1000],
        )
    return reply


def letter_attach(*, letter: OfficeLetter, directive) -> OfficeLetter:
    letter.directive = directive
    letter.save(update_fields=["directive"])
    return letter


@transaction.atomic
def template_upload(*, actor: Any, kind: str, upload, note: str = "") -> DocumentTemplate:
    """Make an uploaded .docx the template in force for ``kind`` (the previous upload is kept,
    switched off, so the office can go back)."""
    from tasks.documents.preview import sample_context
    from tasks.documents.render import check_template

    data = upload.read()
    check_template(kind, data, sample_context(kind))
    DocumentTemplate.objects.filter(kind=kind, is_active=True).update(is_active=False)
    row = DocumentTemplate(
        kind=kind, note=note[:255], uploaded_by=actor if getattr(actor, "pk", None) else None
    )
    row.file.save(f"{kind}.docx", ContentFile(data), save=False)
    row.save()
    return row


def template_revert(*, kind: str) -> int:
    """Back to the shipped template."""
    return DocumentTemplate.objects.filter(kind=kind, is_active=True).update(is_active=False)
