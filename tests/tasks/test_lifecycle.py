"""tasks.lifecycle: one declaration of every transition, enforced on the server.

The table-driven test renders the task page for every transition × state × role: where the
page hides the transition, a POST of valid data is refused (4xx) and nothing changes; where
the page offers it, the same POST goes through.
"""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tasks import lifecycle, services
from tasks.models import ExtensionRequest, ProgressUpdate, Task, TaskEvent
from tests.factories import TaskFactory
from units.permissions import Action, can

ROLES = ["office", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "head_b", "admin", "nobody"]
STATES = ["open", "paused", "done", "cancelled", "series"]


@pytest.fixture(autouse=True)
def _frozen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def make_task(cast, state: str) -> Task:
    kwargs = {"lead_unit": cast.unit_a, "assignee": cast.specialist_a, "deadline": dt.date(2026, 12, 31)}
    if state == "series":
        kwargs.update(kind=Task.Kind.RECURRING, recurrence_rule="FREQ=MONTHLY", deadline=None)
    elif state == "done":
        kwargs.update(status="done", completed_on=dt.date(2026, 11, 10), progress=100)
    elif state != "open":
        kwargs.update(status=state)
    task = TaskFactory(**kwargs)
    task.cooperating_units.add(cast.unit_b)
    return task


def pending_request(task: Task) -> ExtensionRequest:
    return ExtensionRequest.objects.create(
        task=task,
        requested_by=None,
        current_deadline=task.deadline,
        requested_deadline=dt.date(2027, 1, 31),
        reason="Chờ số liệu",
    )


def post_for(name: str, task: Task, cast, ext: ExtensionRequest | None):
    """(url, valid data) of transition ``name`` on ``task``."""
    v = task.version
    pk = task.pk
    table = {
        "progress": ("tasks:progress", {"p-version": v, "p-percent": 50, "p-note": "Đã làm một nửa"}),
        "complete": ("tasks:complete", {"c-version": v, "c-completed_on": "20/11/2026"}),
        "contribute": ("tasks:contribute", {"k-unit": cast.unit_b.pk, "k-note": "Đã góp ý"}),
        "extension_request": (
            "tasks:extension_request",
            {"requested_deadline": "31/01/2027", "reason": "Chờ"},
        ),
        "assign": ("tasks:assign", {"version": v, "assignee": cast.deputy_a.pk, "note": ""}),
        "deadline": ("tasks:deadline", {"version": v, "deadline": "15/01/2027", "reason": "Điều chỉnh"}),
        "reassign": (
            "tasks:reassign",
            {"version": v, "lead_unit": cast.commune.pk, "reason": "Đúng địa bàn"},
        ),
        "edit": ("tasks:edit", {"version": v, "title": "Tên mới", "description": ""}),
        "pause": ("tasks:pause", {"version": v, "reason": "Chờ thanh tra"}),
        "reopen": ("tasks:reopen", {"version": v, "reason": "Làm lại"}),
        "cancel": ("tasks:cancel", {"version": v, "reason": "Trùng"}),
    }
    if name == "decide_extension":
        return reverse("tasks:extension_decide", args=[ext.pk]), {"d-decision": "approve", "d-note": ""}
    url_name, data = table[name]
    return reverse(url_name, args=[pk]), data


def snapshot(task: Task):
    row = Task.objects.filter(pk=task.pk).values().get()
    return (
        row,
        sorted(task.cooperating_units.values_list("pk", flat=True)),
        TaskEvent.objects.filter(task=task).count(),
        ProgressUpdate.objects.filter(task=task).count(),
        list(ExtensionRequest.objects.filter(task=task).values_list("pk", "status").order_by("pk")),
    )


def offered(client, cast, state: str, pending: bool) -> set[str]:
    """The transitions the task page offers for a task in ``state`` (links and form actions)."""
    task = make_task(cast, state)
    ext = pending_request(task) if pending else None
    page = client.get(task.get_absolute_url())
    if page.status_code != 200:
        return set()
    body = page.content.decode()
    names = [n for n in lifecycle.TRANSITIONS if pending or n != "decide_extension"]
    return {name for name in names if post_for(name, task, cast, ext)[0] in body}


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_hidden_transitions_are_refused_and_shown_ones_go_through(client, cast, state):
    users = cast.users()
    offered_anywhere = set()
    for role in ROLES:
        client.force_login(users[role])
        shown = offered(client, cast, state, pending=False) - {"decide_extension"}
        shown |= offered(client, cast, state, pending=True) & {"decide_extension"}
        offered_anywhere |= shown
        for name in sorted(lifecycle.TRANSITIONS):
            task = make_task(cast, state)
            ext = pending_request(task) if name == "decide_extension" else None
            url, data = post_for(name, task, cast, ext)
            before = snapshot(task)
            response = client.post(url, data)
            where = (role, name, response.status_code)
            if name in shown:
                assert response.status_code in (200, 302), where
                assert snapshot(task) != before, where
                assert (
                    lifecycle.may(users[role], task, name, pending=ext is not None)
                    or name == "decide_extension"
                )
            else:
                assert 400 <= response.status_code < 500, where
                assert snapshot(task) == before, where
    expected = {
        "open": set(lifecycle.TRANSITIONS) - {"reopen"},
        "paused": {"assign", "deadline", "reassign", "edit", "reopen", "cancel", "decide_extension"},
        "done": {"progress", "contribute", "edit", "reopen"},
        "cancelled": {"edit", "reopen"},
        "series": {"assign", "reassign", "edit", "cancel"},
    }
    assert offered_anywhere == expected[state]


@pytest.mark.django_db
def test_pausing_a_recurring_series_is_refused(client, cast):
    """The page hides it; the URL used to pause the series anyway."""
    series = make_task(cast, "series")
    client.force_login(cast.office)
    response = client.post(reverse("tasks:pause", args=[series.pk]), {"version": 1, "reason": "x"})
    assert response.status_code == 400
    assert "định kỳ" in response.content.decode()
    series.refresh_from_db()
    assert series.status == "open" and not series.events.exists()


@pytest.mark.django_db
def test_assigning_a_specialist_to_a_completed_task_is_refused(client, cast):
    task = make_task(cast, "done")
    client.force_login(cast.head_a)
    response = client.post(
        reverse("tasks:assign", args=[task.pk]), {"version": 1, "assignee": cast.deputy_a.pk, "note": ""}
    )
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.assignee == cast.specialist_a


@pytest.mark.django_db
def test_every_service_checks_the_state_first(cast):
    done = make_task(cast, "done")
    series = make_task(cast, "series")
    calls = [
        (services.task_pause, {"task": series, "reason": "x"}),
        (services.task_assign, {"task": done, "assignee": cast.deputy_a}),
        (services.task_change_deadline, {"task": done, "deadline": dt.date(2027, 1, 1), "reason": "x"}),
        (services.task_reassign, {"task": done, "lead_unit": cast.unit_b, "reason": "x"}),
        (services.task_complete, {"task": done, "completed_on": dt.date(2026, 11, 20)}),
        (services.task_progress_record, {"task": series, "note": "x", "percent": 10}),
        (services.task_reopen, {"task": make_task(cast, "open"), "reason": "x"}),
        (
            services.extension_request_create,
            {"task": series, "requested_deadline": dt.date(2027, 1, 1), "reason": "x"},
        ),
    ]
    for service, kwargs in calls:
        with pytest.raises(ValidationError) as exc:
            service(actor=cast.office, **kwargs)
        assert exc.value.code == "transition_not_allowed", service.__name__


@pytest.mark.django_db
def test_a_refused_transition_page_redirects_with_the_reason(client, cast):
    series = make_task(cast, "series")
    client.force_login(cast.office)
    response = client.get(reverse("tasks:pause", args=[series.pk]), follow=True)
    assert "Nhiệm vụ định kỳ (mẫu lặp lại) không thể tạm dừng" in response.content.decode()


@pytest.mark.django_db
def test_who_stays_in_units_permissions_and_state_in_lifecycle(cast):
    """can() answers who regardless of state; lifecycle.allowed adds the state."""
    done = make_task(cast, "done")
    assert can(cast.head_a, Action.TASK_COMPLETE, done)
    assert "complete" not in lifecycle.allowed(cast.head_a, done)
    assert "progress" in lifecycle.allowed(cast.head_a, done)  # evidence may still be added
    assert lifecycle.allowed(cast.nobody, done) == frozenset()


# --- the lists: one base view, one export path ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "role"), [("tasks:list", "office"), ("tasks:unit", "head_a"), ("tasks:mine", "specialist_a")]
)
def test_each_list_exports_what_it_shows(client, cast, url_name, role):
    import csv
    import io

    mine = make_task(cast, "open")
    other = TaskFactory(lead_unit=cast.unit_b, title="Việc của Tư pháp")
    client.force_login(cast.users()[role])
    page = client.get(reverse(url_name))
    assert "?format=csv" in page.content.decode() or "format=csv" in page.content.decode()
    response = client.get(reverse(url_name), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    titles = {row[2] for row in csv.reader(io.StringIO(body))}
    assert mine.title in titles
    assert (other.title in titles) == (url_name == "tasks:list")
    assert client.get(reverse(url_name), {"format": "pdf"}).status_code == 404
