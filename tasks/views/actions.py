"""Transitions with a page of their own (Văn phòng's changes, assigning the specialist,
asking for an extension) and assigning a task by hand. Which transition, its form and its
service come from tasks.lifecycle; this view only binds the form and shows the outcome."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tasks import forms, lifecycle, selectors, services
from tasks.models import Task
from tasks.views.page import load_for_transition
from units.permissions import Action, require

logger = logging.getLogger("dondoc.tasks")


def _form_kwargs(name: str, task: Task) -> dict:
    if name == "assign":
        return {"members": selectors.lead_unit_members(task=task)}
    return {}


def _initial(name: str, task: Task) -> dict:
    initial: dict = {"version": task.version}
    if name == "deadline":
        initial["deadline"] = task.deadline
    elif name == "reassign":
        initial["lead_unit"] = task.lead_unit_id
        initial["cooperating_units"] = [u.pk for u in task.cooperating_units.all()]
    elif name == "assign":
        initial["assignee"] = task.assignee_id
    elif name == "edit":
        initial.update(
            title=task.title,
            description=task.description,
            cooperating_units=[u.pk for u in task.cooperating_units.all()],
        )
    return initial


@login_required
def task_action(request, pk: int, name: str):
    """GET: the transition's form; POST: carry it out. 403 for the wrong person, and the
    lifecycle's refusal (the task's state does not allow it) as a 400 with the reason."""
    if name not in lifecycle.PAGE_TRANSITIONS:
        raise Http404
    transition = lifecycle.get(name)
    task = load_for_transition(request, pk, name)
    kwargs = _form_kwargs(name, task)
    status = 200
    if request.method == "POST":
        form = transition.form(request.POST, **kwargs)
        if form.is_valid():
            try:
                transition.run(task=task, actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_service_error(exc)
                if isinstance(exc, services.TaskConflictError):
                    task.refresh_from_db()
            else:
                messages.success(request, transition.success)
                return redirect(task.get_absolute_url())
        status = 409 if any(e.code == "conflict" for e in form.non_field_errors().as_data()) else 400
    else:
        why = lifecycle.refusal(task, name)
        if why is not None:
            messages.error(request, why)
            return redirect(task.get_absolute_url())
        form = transition.form(initial=_initial(name, task), **kwargs)
    return render(
        request,
        "tasks/task_action.html",
        {"task": task, "form": form, "spec": transition, "name": name},
        status=status,
    )


@login_required
def task_create(request):
    """Văn phòng assigns a task by hand (``?directive=ID`` preselects the directive)."""
    require(request.user, Action.TASK_CREATE)
    if request.method == "POST":
        form = forms.TaskCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                task = services.task_create(
                    actor=request.user,
                    title=data["title"],
                    description=data["description"],
                    directive=data["directive"],
                    lead_unit=data["lead_unit"],
                    cooperating_units=data["cooperating_units"],
                    kind=data["kind"],
                    deadline=data["deadline"],
                    deadline_text=_("Thường xuyên") if data["kind"] == Task.Kind.CONTINUOUS else "",
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                logger.info("task created by hand: task=%s user=%s", task.pk, request.user.pk)
                messages.success(request, _("Đã giao nhiệm vụ cho %(unit)s.") % {"unit": task.lead_unit.name})
                return redirect(task.get_absolute_url())
        status = 400
    else:
        form = forms.TaskCreateForm(initial={"directive": request.GET.get("directive") or None})
        status = 200
    return render(request, "tasks/task_create.html", {"form": form}, status=status)
