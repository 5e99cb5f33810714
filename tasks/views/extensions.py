"""Extension requests: the list leadership decides from, and the decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tasks import forms, lifecycle, selectors, services
from tasks.models import ExtensionRequest
from units.permissions import Action, can, require


@login_required
def extension_list(request):
    """Extension requests: pending ones for leadership to decide, and the decided history."""
    status = request.GET.get("status", ExtensionRequest.Status.PENDING)
    if status not in ExtensionRequest.Status.values and status != "all":
        status = ExtensionRequest.Status.PENDING
    requests = selectors.extension_requests_for(user=request.user, status="" if status == "all" else status)
    page = Paginator(requests, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "tasks/extension_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": [*ExtensionRequest.Status.choices, ("all", _("Tất cả"))],
            "can_decide": can(request.user, Action.EXTENSION_DECIDE),
            "decision_form": forms.ExtensionDecisionForm(prefix="d"),
        },
    )


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
def extension_decide(request, pk: int):
    transition = lifecycle.get("decide_extension")
    require(request.user, transition.action)
    ext = get_object_or_404(
        ExtensionRequest.objects.select_related("task", "task__lead_unit", "task__directive", "requested_by"),
        pk=pk,
    )
    if request.method == "POST":
        form = forms.ExtensionDecisionForm(request.POST, prefix="d")
        if form.is_valid():
            data = form.cleaned_data
            approve = data["decision"] == "approve"
            try:
                services.extension_request_decide(
                    request=ext,
                    actor=request.user,
                    approve=approve,
                    note=data["note"],
                    deadline=data["deadline"] if approve else None,
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                granted = data["deadline"] or ext.requested_deadline
                messages.success(
                    request,
                    _("Đã đồng ý gia hạn đến %(date)s.") % {"date": granted.strftime("%d/%m/%Y")}
                    if approve
                    else _("Đã không đồng ý gia hạn."),
                )
                return redirect(_safe_next(request, reverse("tasks:extensions")))
        status = 400
    else:
        form = forms.ExtensionDecisionForm(prefix="d")
        status = 200
    return render(
        request,
        "tasks/extension_decide.html",
        {"ext": ext, "task": ext.task, "form": form, "next": _safe_next(request, "")},
        status=status,
    )
