"""Extension decisions: leadership may grant a date other than the one asked (with a reason);
the history keeps both. Dates recorded are local (Asia/Ho_Chi_Minh) dates."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from tasks import services
from tasks.history_text import shown_note, shown_value
from tasks.models import ExtensionRequest, TaskEvent

NOON = dt.datetime(2026, 11, 20, 5, 0, tzinfo=dt.UTC)  # 12:00 in Hà Nội


@pytest.fixture
def pending(cast, task_a):
    with time_machine.travel(NOON, tick=False):
        return services.extension_request_create(
            task=task_a, actor=cast.head_a, requested_deadline=dt.date(2027, 1, 31), reason="Chờ số liệu"
        )


def decide(client, user, ext, **data):
    client.force_login(user)
    with time_machine.travel(NOON, tick=False):
        return client.post(
            reverse("tasks:extension_decide", args=[ext.pk]), {"d-decision": "approve", **data}
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("granted", "day"), [("15/01/2027", dt.date(2027, 1, 15)), ("28/02/2027", dt.date(2027, 2, 28))]
)
def test_leadership_grants_another_date_with_a_reason(client, cast, task_a, pending, granted, day):
    response = decide(client, cast.vice, pending, **{"d-deadline": granted, "d-note": "Đủ để tổng hợp"})
    assert response.status_code == 302
    task_a.refresh_from_db()
    pending.refresh_from_db()
    assert task_a.deadline == day and task_a.original_deadline == dt.date(2026, 12, 31)
    assert pending.status == ExtensionRequest.Status.APPROVED and pending.approved_deadline == day

    decided = task_a.events.get(kind=TaskEvent.Kind.EXTENSION_DECIDED)
    assert decided.new_value == f"Đồng ý: {granted} (31/01/2027)" and decided.note == "Đủ để tổng hợp"
    changed = task_a.events.get(kind=TaskEvent.Kind.DEADLINE)
    assert (changed.old_value, changed.new_value) == ("31/12/2026", granted)
    assert "31/01/2027" in changed.note and "Đủ để tổng hợp" in changed.note

    with time_machine.travel(NOON, tick=False):
        page = client.get(task_a.get_absolute_url()).content.decode()
    assert f"Đồng ý: {granted} (31/01/2027)" in page  # the history shows both dates
    assert f"đến {granted}, khác ngày đề nghị" in page


@pytest.mark.django_db
def test_another_date_needs_a_reason_and_nothing_changes_without_it(client, cast, task_a, pending):
    response = decide(client, cast.vice, pending, **{"d-deadline": "15/01/2027"})
    assert response.status_code == 400 and "Vui lòng ghi lý do" in response.content.decode()
    task_a.refresh_from_db()
    pending.refresh_from_db()
    assert task_a.deadline == dt.date(2026, 12, 31) and pending.status == ExtensionRequest.Status.PENDING
    assert not task_a.events.filter(kind=TaskEvent.Kind.EXTENSION_DECIDED).exists()


@pytest.mark.django_db
def test_granted_date_cannot_be_in_the_past(client, cast, task_a, pending):
    response = decide(client, cast.vice, pending, **{"d-deadline": "19/11/2026", "d-note": "x"})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == ExtensionRequest.Status.PENDING


@pytest.mark.django_db
def test_approving_the_requested_date_still_works_without_a_reason(client, cast, task_a, pending):
    assert decide(client, cast.chairman, pending).status_code == 302
    task_a.refresh_from_db()
    pending.refresh_from_db()
    assert task_a.deadline == pending.approved_deadline == dt.date(2027, 1, 31)


@pytest.mark.django_db
def test_only_leadership_may_decide(client, cast, task_a, pending):
    for role in ("office", "head_a", "specialist_a", "head_b", "nobody"):
        assert (
            decide(
                client, cast.users()[role], pending, **{"d-deadline": "15/01/2027", "d-note": "x"}
            ).status_code
            == 403
        )
    pending.refresh_from_db()
    assert pending.status == ExtensionRequest.Status.PENDING


# --- local dates --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_at_0343_local_time_is_dated_that_local_day(client, cast, task_a):
    """03:43 on 07/12 in Hà Nội is 20:43 on 06/12 UTC: the history says 07/12."""
    late = dt.datetime(2026, 12, 6, 20, 43, tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False):
        ext = services.extension_request_create(
            task=task_a, actor=cast.head_a, requested_deadline=dt.date(2027, 1, 31), reason="Chờ"
        )
        services.extension_request_decide(request=ext, actor=cast.vice, approve=True)
        client.force_login(cast.head_a)
        page = client.get(task_a.get_absolute_url()).content.decode()
        assert 'value="07/12/2026"' in page  # completion date offered: today, locally
    note = task_a.events.get(kind=TaskEvent.Kind.DEADLINE).note
    assert note == "Gia hạn theo đề nghị ngày 07/12/2026."


@pytest.mark.django_db
def test_completion_default_and_limit_follow_the_local_day(cast, task_a):
    with time_machine.travel(dt.datetime(2026, 12, 6, 20, 43, tzinfo=dt.UTC), tick=False):
        services.task_complete(task=task_a, actor=cast.head_a, completed_on=dt.date(2026, 12, 7))
    task_a.refresh_from_db()
    assert task_a.completed_on == dt.date(2026, 12, 7)


# --- history shown in the reader's language ----------------------------------------------------


def test_history_text_is_stored_in_vietnamese_and_shown_translated():
    with translation.override("en"):
        assert shown_note("Gia hạn theo đề nghị ngày 07/12/2026.") == "Extended as requested on 07/12/2026."
        assert shown_note("Nhiệm vụ đã bị hủy.") == "The task has been cancelled."
        assert shown_value("Tạm dừng") == "Paused"
        assert shown_value("Hoàn thành (20/11/2026)") == "Completed (20/11/2026)"
        assert shown_note("Lý do do người dùng gõ") == "Lý do do người dùng gõ"
    with translation.override("vi"):
        assert shown_value("Đồng ý: 31/01/2027") == "Đồng ý: 31/01/2027"
