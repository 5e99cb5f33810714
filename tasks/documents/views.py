"""The office's documents: compose a Công văn đôn đốc or a yêu cầu giải trình, list and download
them (Word, PDF), attach one to a directive, and the unit's reply to a request for an explanation."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives.models import Directive
from notifications.models import ReminderPolicy
from tasks.dashboard.selectors import last_progress_note
from tasks.documents import services
from tasks.documents.forms import AttachForm, ExplanationReplyForm, ExplanationRequestForm, ReminderLetterForm
from tasks.documents.models import OfficeLetter
from tasks.documents.selectors import letters_visible_to
from tasks.models import Task
from tasks.status import StatusCategory, StatusContext, category_q
from units.models import Unit
from units.permissions import Action, can, require

logger = logging.getLogger("dondoc.reports")
LIST_LIMIT = 500


def _directive_choices():
    rows = Directive.objects.filter(status=Directive.Status.ACTIVE).order_by("-issued_on", "-pk")[:200]
    return [(d.pk, str(d)[:120]) for d in rows]


def _candidates(request, ctx):
    """Open overdue and due-soon tasks, narrowed by ?category= and ?unit=, most urgent first."""
    category = request.GET.get("category", "")
    wanted = (
        [category]
        if category in (StatusCategory.OVERDUE, StatusCategory.DUE_SOON)
        else [
            StatusCategory.OVERDUE,
            StatusCategory.DUE_SOON,
        ]
    )
    condition = category_q(wanted[0], ctx)
    for extra in wanted[1:]:
        condition |= category_q(extra, ctx)
    qs = Task.objects.filter(condition)
    unit = request.GET.get("unit") or request.GET.get("lead_unit")
    if unit and unit.isdigit():
        qs = qs.filter(lead_unit_id=int(unit))
    return list(
        qs.select_related("lead_unit", "directive")
        .annotate(last_note=last_progress_note())
        .order_by("deadline", "lead_unit__name", "pk")[:LIST_LIMIT]
    )


@login_required
def letter_compose(request):
    require(request.user, Action.LETTER_CREATE)
    ctx = StatusContext.for_today()
    tasks = _candidates(request, ctx)
    late = services.days_late(tasks, ctx.today, ctx.working_calendar())
    for task in tasks:
        task.working_days_late = late.get(task.deadline, 0) if task.deadline else 0
    choices = [(t.pk, t.title) for t in tasks]
    preselected = [int(v) for v in request.GET.getlist("task") if v.isdigit()] or [
        t.pk for t in tasks if t.working_days_late
    ]
    form = ReminderLetterForm(
        request.POST or None,
        task_choices=choices,
        directive_choices=_directive_choices(),
        initial={"task": preselected},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        directive = (
            Directive.objects.filter(pk=data.get("directive")).first() if data.get("directive") else None
        )
        try:
            letters = services.reminder_letters_create(
                actor=request.user,
                task_ids=data["task"],
                one_per_unit=data["one_per_unit"],
                reply_by=data.get("reply_by"),
                directive=directive,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Đã soạn %(n)d công văn đôn đốc; tải về để lấy số, ký và phát hành.") % {"n": len(letters)},
            )
            if len(letters) == 1:
                return redirect(letters[0])
            return redirect(reverse("documents:list"))
    selected = set(int(v) for v in (form["task"].value() or []) if str(v).isdigit())
    return render(
        request,
        "documents/letter_compose.html",
        {"form": form, "tasks": tasks, "selected": selected, "limit": LIST_LIMIT, "today": ctx.today},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def explanation_compose(request):
    require(request.user, Action.LETTER_CREATE)
    default = ReminderPolicy.current().escalate_after_working_days or 10
    try:
        threshold = max(0, min(365, int(request.GET.get("threshold", default))))
    except ValueError:
        threshold = default
    form = ExplanationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = get_object_or_404(Unit, pk=form.cleaned_data["unit"], is_active=True)
        try:
            letter = services.explanation_request_create(
                actor=request.user,
                unit=unit,
                threshold=form.cleaned_data["threshold"],
                reply_by=form.cleaned_data["reply_by"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã soạn yêu cầu giải trình gửi %(unit)s.") % {"unit": unit.name})
            return redirect(letter)
    elif request.method == "POST":
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    rows = services.explanation_candidates(threshold=threshold)
    return render(
        request,
        "documents/explanation_compose.html",
        {"rows": rows, "threshold": threshold, "form": ExplanationRequestForm()},
    )


@login_required
def letter_list(request):
    letters = letters_visible_to(request.user).prefetch_related("replies")[:200]
    return render(
        request,
        "documents/letter_list.html",
        {"letters": letters, "can_create": can(request.user, Action.LETTER_CREATE)},
    )


def _letter_for(request, pk: int) -> OfficeLetter:
    letter = letters_visible_to(request.user).filter(pk=pk).first()
    if letter is None:
        raise Http404
    return letter


@login_required
def letter_detail(request, pk: int):
    letter = _letter_for(request, pk)
    can_reply = letter.kind == OfficeLetter.Kind.EXPLANATION and can(
        request.user, Action.EXPLANATION_REPLY, letter
    )
    return render(
        request,
        "documents/letter_detail.html",
        {
            "letter": letter,
            "tasks": letter.tasks.select_related("lead_unit").order_by("deadline", "pk"),
            "replies": letter.replies.select_related("submitted_by"),
            "can_create": can(request.user, Action.LETTER_CREATE),
            "can_reply": can_reply,
            "reply_form": ExplanationReplyForm() if can_reply else None,
            "attach_form": AttachForm(
                directive_choices=_directive_choices(), initial={"directive": letter.directive_id}
            ),
            "today": timezone.localdate(),
        },
    )


@login_required
def letter_download(request, pk: int, fmt: str):
    letter = _letter_for(request, pk)
    field = letter.docx if fmt == "docx" else letter.pdf if fmt == "pdf" else None
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def letter_pdf(request, pk: int):
    letter = _letter_for(request, pk)
    require(request.user, Action.LETTER_CREATE)
    from django_q.tasks import async_task

    OfficeLetter.objects.filter(pk=letter.pk).exclude(pdf_status=OfficeLetter.PdfStatus.DONE).update(
        pdf_status=OfficeLetter.PdfStatus.PENDING, pdf_error=""
    )
    async_task(
        "tasks.documents.jobs.letter_pdf", letter.pk, task_name=f"letter-pdf-{letter.pk}", group="documents"
    )
    messages.info(request, _("Đang tạo tệp PDF; tải lại trang sau ít giây."))
    return redirect(letter)


@login_required
@require_POST
def letter_attach(request, pk: int):
    letter = _letter_for(request, pk)
    require(request.user, Action.LETTER_CREATE)
    form = AttachForm(request.POST, directive_choices=_directive_choices())
    if form.is_valid():
        services.letter_attach(
            letter=letter, directive=get_object_or_404(Directive, pk=form.cleaned_data["directive"])
        )
        messages.success(request, _("Đã đính kèm công văn vào văn bản."))
    else:
        messages.error(request, _("Chọn văn bản để đính kèm."))
    return redirect(letter)


@login_required
@require_POST
def explanation_reply(request, pk: int):
    letter = _letter_for(request, pk)
    if not can(request.user, Action.EXPLANATION_REPLY, letter):
        raise PermissionDenied
    form = ExplanationReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.explanation_reply_record(
                actor=request.user,
                letter=letter,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("file"),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Đã gửi giải trình; nội dung được ghi vào từng nhiệm vụ và báo cáo của đơn vị.")
            )
            return redirect(letter)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(letter)


@login_required
def reply_file(request, pk: int, reply_pk: int):
    letter = _letter_for(request, pk)
    reply = get_object_or_404(letter.replies, pk=reply_pk)
    if not reply.file:
        raise Http404
    return FileResponse(
        reply.file.open("rb"), as_attachment=True, filename=reply.file.name.rsplit("/", 1)[-1]
    )
