"""Văn phòng assigns a task by hand (tasks:create)."""

import datetime as dt

import pytest
from django.urls import reverse

from tasks.models import Task, TaskEvent
from tests.factories import DirectiveFactory

URL = reverse("tasks:create")


def _post(client, **overrides):
    data = {
        "title": "Chuẩn bị báo cáo giao ban quý",
        "lead_unit": "",
        "kind": "once",
        "deadline": "31/12/2026",
    }
    data.update(overrides)
    return client.post(URL, data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("office", 302),
        ("admin", 302),
        ("chairman", 403),
        ("head_a", 403),
        ("specialist_a", 403),
        ("nobody", 403),
    ],
)
def test_who_may_assign_a_task_by_hand(client, cast, role, status):
    client.force_login(cast.users()[role])
    response = _post(client, lead_unit=cast.unit_a.pk)
    assert response.status_code == status
    assert Task.objects.exists() == (status == 302)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.django_db
def test_created_task_has_history_units_and_directive(client, cast):
    directive = DirectiveFactory(issued_on=dt.date(2026, 1, 5))
    client.force_login(cast.office)
    response = _post(
        client,
        lead_unit=cast.unit_a.pk,
        cooperating_units=[cast.unit_b.pk],
        directive=directive.pk,
        deadline="15/02/2026",
    )
    task = Task.objects.get()
    assert response["Location"] == task.get_absolute_url()
    assert (task.lead_unit, task.directive, task.deadline, task.original_deadline) == (
        cast.unit_a,
        directive,
        dt.date(2026, 2, 15),
        dt.date(2026, 2, 15),
    )
    assert list(task.cooperating_units.all()) == [cast.unit_b]
    event = task.events.get()
    assert (event.kind, event.actor) == (TaskEvent.Kind.CREATED, cast.office)


@pytest.mark.django_db
def test_bad_input_gets_vietnamese_errors_and_saves_nothing(client, cast):
    directive = DirectiveFactory(issued_on=dt.date(2026, 1, 5))
    client.force_login(cast.office)
    before_directive = _post(client, lead_unit=cast.unit_a.pk, directive=directive.pk, deadline="04/01/2026")
    assert before_directive.status_code == 400
    assert "Thời hạn không thể trước ngày ban hành văn bản (05/01/2026)" in before_directive.content.decode()
    no_deadline = _post(client, lead_unit=cast.unit_a.pk, deadline="")
    assert "cần có ngày hết hạn" in no_deadline.content.decode()
    bad_date = _post(client, lead_unit=cast.unit_a.pk, deadline="31/02/2026")
    assert "Ngày không hợp lệ" in bad_date.content.decode()
    no_unit = _post(client)
    assert "Vui lòng chọn đơn vị chủ trì" in no_unit.content.decode()
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_continuous_work_needs_no_deadline(client, cast):
    client.force_login(cast.office)
    _post(client, lead_unit=cast.unit_a.pk, kind="continuous", deadline="")
    task = Task.objects.get()
    assert (task.kind, task.deadline) == (Task.Kind.CONTINUOUS, None)


@pytest.mark.django_db
def test_directive_page_offers_adding_a_task_only_to_the_office(client, cast):
    directive = DirectiveFactory()
    link = f"{URL}?directive={directive.pk}"
    client.force_login(cast.office)
    assert link in client.get(directive.get_absolute_url()).content.decode()
    form = client.get(link).context["form"]
    assert str(form["directive"].value()) == str(directive.pk)
    client.force_login(cast.head_a)
    assert link not in client.get(directive.get_absolute_url()).content.decode()
