import datetime as dt

import pytest

from tasks.models import TaskEvent
from tasks.services import task_complete, task_create, task_progress_record
from tasks.status import StatusCategory, StatusContext


@pytest.mark.django_db
def test_task_create_records_history_and_search_text(cast):
    task = task_create(
        actor=cast.office,
        title="Cải cách thủ tục hành chính",
        lead_unit=cast.unit_a,
        cooperating_units=[cast.unit_b, cast.unit_a],
        deadline=dt.date(2026, 5, 1),
    )
    assert task.original_deadline == dt.date(2026, 5, 1)
    assert list(task.cooperating_units.all()) == [cast.unit_b]  # the lead unit is not its own cooperator
    assert "cai cach thu tuc hanh chinh" in task.search_text
    event = task.events.get()
    assert (event.kind, event.actor, event.new_value) == (TaskEvent.Kind.CREATED, cast.office, "Nội vụ")


@pytest.mark.django_db
def test_progress_and_completion_are_recorded_with_from_and_to(cast):
    task = task_create(
        actor=cast.office, title="Rà soát", lead_unit=cast.unit_a, deadline=dt.date(2026, 5, 1)
    )
    task_progress_record(task=task, actor=cast.head_a, unit=cast.unit_a, percent=40, note="Đang làm")
    task_complete(task=task, actor=cast.head_a, completed_on=dt.date(2026, 5, 2))
    kinds = list(task.events.values_list("kind", "old_value", "new_value"))
    assert kinds[1] == (TaskEvent.Kind.PROGRESS, "0%", "40%")
    assert kinds[2][0] == TaskEvent.Kind.COMPLETED
    assert task.version == 3
    assert task.status_category(StatusContext.for_date(dt.date(2026, 5, 10))) == StatusCategory.DONE_LATE
