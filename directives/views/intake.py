"""The intake pages: upload or paste → "đang đọc" status (polls) → review → confirm; and the
office's intake queue. The work itself is in directives.intake; these views stay thin."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives.forms import IntakeForm
from directives.intake import DuplicateDirective, intake_confirm, intake_submit
from directives.models import IntakeDraft
from directives.selectors import directive_duplicates_for_draft, draft_get, draft_queue
from units.permissions import Action, require

logger = logging.getLogger("dondoc.directives")

POLL_INTERVAL = "1500ms"  # a string: a float would be localised ("1,5s")


def _draft_or_404(request, pk) -> IntakeDraft:
    require(request.user, Action.DIRECTIVE_CREATE)
    try:
        return draft_get(pk=pk, user=request.user)
    except IntakeDraft.DoesNotExist as exc:
        raise Http404 from exc


def review_url(draft: IntakeDraft) -> str:
    return reverse("directives:review", args=[draft.pk])


@login_required
def directive_intake(request):
    require(request.user, Action.DIRECTIVE_CREATE)
    form = IntakeForm(request.POST, request.FILES) if request.method == "POST" else IntakeForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                draft = intake_submit(actor=request.user, data=upload.read(), filename=upload.name)
            else:
                draft = intake_submit(actor=request.user, data=None, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("directives:intake_status", pk=draft.pk)
    return render(
        request,
        "directives/intake_form.html",
        {"form": form, "queue_count": draft_queue(user=request.user).count()},
        status=400 if form.errors else 200,
    )


@login_required
def intake_status(request, pk):
    """While the document is read: a page that polls itself (htmx) and moves on to the review
    when the draft is ready, or shows why it could not be read."""
    draft = _draft_or_404(request, pk)
    if draft.status == IntakeDraft.Status.CONFIRMED and draft.directive_id:
        return redirect(draft.directive)
    if request.headers.get("HX-Request"):
        if not draft.in_progress:  # ready → the review; failed → this page in full, with its message
            response = HttpResponse(status=204)
            response["HX-Redirect"] = draft.get_absolute_url()
            return response
        return render(
            request, "directives/partials/_intake_progress.html", {"draft": draft, "poll": POLL_INTERVAL}
        )
    if draft.status == IntakeDraft.Status.READY:
        return redirect(review_url(draft))
    return render(request, "directives/intake_status.html", {"draft": draft, "poll": POLL_INTERVAL})


@login_required
def intake_queue(request):
    require(request.user, Action.DIRECTIVE_CREATE)
    drafts = list(draft_queue(user=request.user)[:200])
    return render(
        request,
        "directives/intake_queue.html",
        {"drafts": drafts, "keep_days": settings.INTAKE_DRAFT_KEEP_DAYS},
    )


@login_required
def intake_review_basic(request, pk):
    """A plain read-only view of the draft with a confirm button (the full review screen is
    directives.views.review)."""
    draft = _draft_or_404(request, pk)
    if draft.status != IntakeDraft.Status.READY:
        return redirect(draft.get_absolute_url())
    return render(
        request,
        "directives/intake_review_basic.html",
        {"draft": draft, "data": draft.data, "duplicates": directive_duplicates_for_draft(draft)},
    )


@login_required
@require_POST
def directive_intake_confirm(request, pk):
    draft = _draft_or_404(request, pk)
    raw_version = request.POST.get("version", "")
    try:
        directive, created = intake_confirm(
            draft=draft,
            actor=request.user,
            expected_version=int(raw_version) if raw_version.isdigit() else None,
            allow_duplicate=bool(request.POST.get("confirm_duplicate")),
        )
    except DuplicateDirective as exc:
        messages.error(request, " ".join(exc.messages))
        messages.info(
            request, _("Nếu vẫn muốn nhập, đánh dấu “Tôi biết văn bản này đã có” rồi xác nhận lại.")
        )
        return redirect(review_url(draft))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(
            draft.get_absolute_url() if draft.status != IntakeDraft.Status.READY else review_url(draft)
        )
    if created:
        messages.success(
            request,
            _("Đã tạo văn bản %(code)s với %(count)s nhiệm vụ.")
            % {"code": directive.reference_code or directive, "count": len(directive._created_tasks)},
        )
    else:
        messages.info(request, _("Văn bản này đã được tạo trước đó; không tạo thêm lần nữa."))
    return redirect(directive)
