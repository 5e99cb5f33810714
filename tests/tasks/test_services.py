"""Rules of the task services: what each write changes, what it records, what it refuses."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks import services
from tasks.models import Evidence, ExtensionRequest, ProgressUpdate, Task, TaskEvent
from tasks.status import StatusCategory, StatusContext
from tests.factories import DirectiveFactory, TaskFactory, UnitFactory

PDF = b"%PDF-1.4\n%test\n"
TODAY = dt.date(2026, 11, 20)


def pdf(name="bao-cao.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def kinds(task):
    return list(task.events.order_by("pk").values_list("kind", flat=True))


# --- optimistic locking -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_version_writes_nothing(cast, task_a):
    services.task_progress_record(
        task=task_a, actor=cast.head_a, unit=cast.unit_a, note="Lần 1", percent=30, expected_version=1
    )
    stale = Task.objects.get(pk=task_a.pk)
    stale.version = 1  # what a second person's form still carries
    with pytest.raises(services.TaskConflictError) as exc:
        services.task_progress_record(
            task=stale, actor=cast.deputy_a, unit=cast.unit_a, note="Lần 2", percent=60, expected_version=1
        )
    assert "Nhiệm vụ vừa được người khác cập nhật, vui lòng tải lại trang" in exc.value.messages
    task_a.refresh_from_db()
    assert (task_a.progress, task_a.version) == (30, 2)
    assert ProgressUpdate.objects.filter(task=task_a).count() == 1
    assert kinds(task_a) == [TaskEvent.Kind.PROGRESS]


@pytest.mark.django_db
def test_conflicting_completion_and_pause(cast, task_a):
    services.task_pause(task=task_a, actor=cast.office, reason="Chờ ý kiến tỉnh", expected_version=1)
    old = Task.objects.get(pk=task_a.pk)
    with pytest.raises(services.TaskConflictError):
        services.task_cancel(task=old, actor=cast.office, reason="Trùng", expected_version=1)
    assert Task.objects.get(pk=task_a.pk).status == Task.Status.PAUSED


@pytest.mark.django_db
def test_every_successful_write_bumps_the_version(cast, task_a):
    services.task_change_deadline(
        task=task_a, actor=cast.office, deadline=dt.date(2027, 1, 15), reason="Điều chỉnh"
    )
    services.task_pause(task=task_a, actor=cast.office, reason="Chờ")
    services.task_reopen(task=task_a, actor=cast.office, reason="Tiếp tục")
    assert Task.objects.get(pk=task_a.pk).version == 4


# --- progress, evidence, completion ----------------------------------------------------------


@pytest.mark.django_db
def test_progress_with_evidence_files(cast, task_a):
    update = services.task_progress_record(
        task=task_a,
        actor=cast.specialist_a,
        unit=cast.unit_a,
        note="Đã xong dự thảo",
        percent=50,
        files=[pdf()],
    )
    evidence = update.evidence.get()
    assert evidence.original_name == "bao-cao.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF)
    assert evidence.file.name.startswith("evidence/") and "bao-cao" not in evidence.file.name
    event = task_a.events.get()
    assert (event.old_value, event.new_value) == ("0%", "50%")
    assert "1 tệp" in event.note


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "không đúng loại"),
        (SimpleUploadedFile("gia-mao.pdf", b"MZ\x90\x00 not a pdf"), "không khớp"),
        (SimpleUploadedFile("rong.pdf", b""), "rỗng"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_saved(cast, task_a, upload, message):
    with pytest.raises(ValidationError) as exc:
        services.task_progress_record(
            task=task_a, actor=cast.head_a, unit=cast.unit_a, note="Báo cáo", percent=40, files=[upload]
        )
    assert message in " ".join(exc.value.messages)
    task_a.refresh_from_db()
    assert task_a.progress == 0 and task_a.version == 1
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


@pytest.mark.django_db
def test_files_over_the_limit_are_refused(cast, task_a, settings):
    settings.DONDOC = {**settings.DONDOC, "EVIDENCE_MAX_BYTES": 10}
    with pytest.raises(ValidationError) as exc:
        services.task_progress_record(
            task=task_a, actor=cast.head_a, unit=cast.unit_a, note="x", files=[pdf()]
        )
    assert "vượt quá giới hạn" in " ".join(exc.value.messages)


@pytest.mark.django_db
@pytest.mark.parametrize("percent", [-1, 101])
def test_percent_outside_0_100_is_refused(cast, task_a, percent):
    with pytest.raises(ValidationError):
        services.task_progress_record(
            task=task_a, actor=cast.head_a, unit=cast.unit_a, note="x", percent=percent
        )
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_no_progress_on_a_paused_task(cast, task_a):
    services.task_pause(task=task_a, actor=cast.office, reason="Chờ")
    with pytest.raises(ValidationError):
        services.task_progress_record(task=task_a, actor=cast.head_a, unit=cast.unit_a, note="x", percent=20)


@pytest.mark.django_db
def test_contribution_is_recorded_without_touching_the_task(cast, task_a):
    services.task_progress_record(
        task=task_a,
        actor=cast.head_b,
        unit=cast.unit_b,
        note="Cử 01 cán bộ",
        is_contribution=True,
        percent=90,
    )
    task_a.refresh_from_db()
    assert task_a.progress == 0 and task_a.version == 1
    update = ProgressUpdate.objects.get()
    assert update.is_contribution and update.percent is None and update.unit == cast.unit_b
    assert kinds(task_a) == [TaskEvent.Kind.CONTRIBUTION]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("completed_on", "expected"),
    [
        (dt.date(2026, 11, 10), StatusCategory.DONE_ON_TIME),  # the deadline itself is on time
        (dt.date(2026, 11, 11), StatusCategory.DONE_LATE),
    ],
)
def test_completion_is_classified_against_the_current_deadline(cast, completed_on, expected):
    task = TaskFactory(lead_unit=cast.unit_a, deadline=dt.date(2026, 11, 1))
    ext = services.extension_request_create(
        task=task,
        actor=cast.head_a,
        requested_deadline=dt.date(2026, 11, 10),
        reason="Chờ số liệu",
        today=dt.date(2026, 10, 30),
    )
    services.extension_request_decide(request=ext, actor=cast.chairman, approve=True)
    task.refresh_from_db()
    services.task_complete(task=task, actor=cast.head_a, completed_on=completed_on, note="Xong", today=TODAY)
    task.refresh_from_db()
    assert task.status_category(StatusContext.for_date(TODAY)) == expected
    assert task.original_deadline == dt.date(2026, 11, 1)


@pytest.mark.django_db
def test_completion_with_files_creates_a_final_report(cast, task_a):
    services.task_complete(
        task=task_a,
        actor=cast.head_a,
        completed_on=TODAY,
        note="Đã ban hành quyết định",
        files=[pdf()],
        today=TODAY,
    )
    task_a.refresh_from_db()
    assert (task_a.status, task_a.progress, task_a.completed_on) == ("done", 100, TODAY)
    update = ProgressUpdate.objects.get(task=task_a)
    assert update.percent == 100 and update.evidence.count() == 1
    event = task_a.events.get(kind=TaskEvent.Kind.COMPLETED)
    assert event.old_value == "Đang thực hiện (0%)" and "20/11/2026" in event.new_value


@pytest.mark.django_db
def test_completion_date_cannot_be_in_the_future_or_task_done_twice(cast, task_a):
    with pytest.raises(ValidationError) as exc:
        services.task_complete(
            task=task_a, actor=cast.head_a, completed_on=TODAY + dt.timedelta(days=1), today=TODAY
        )
    assert "completed_on" in exc.value.message_dict
    services.task_complete(task=task_a, actor=cast.head_a, completed_on=TODAY, today=TODAY)
    with pytest.raises(ValidationError):
        services.task_complete(task=task_a, actor=cast.head_a, completed_on=TODAY, today=TODAY)


# --- Văn phòng actions ----------------------------------------------------------------------


@pytest.mark.django_db
def test_reopen_clears_the_completion(cast, task_a):
    services.task_complete(task=task_a, actor=cast.head_a, completed_on=TODAY, today=TODAY)
    with pytest.raises(ValidationError):
        services.task_reopen(task=task_a, actor=cast.office, reason="")
    services.task_reopen(task=task_a, actor=cast.office, reason="Kết quả chưa đạt yêu cầu")
    task_a.refresh_from_db()
    assert task_a.status == "open" and task_a.completed_on is None
    event = task_a.events.get(kind=TaskEvent.Kind.REOPENED)
    assert event.old_value == "Hoàn thành (20/11/2026)" and event.new_value == "Đang thực hiện"
    assert event.note == "Kết quả chưa đạt yêu cầu" and event.actor == cast.office


@pytest.mark.django_db
def test_pause_and_cancel_record_from_and_to(cast, task_a):
    services.task_pause(task=task_a, actor=cast.office, reason="Chờ kết luận thanh tra")
    with pytest.raises(ValidationError):
        services.task_pause(task=task_a, actor=cast.office, reason="Lần nữa")
    services.task_cancel(task=task_a, actor=cast.office, reason="Giao trùng")
    rows = list(task_a.events.order_by("pk").values_list("kind", "old_value", "new_value", "note"))
    assert rows == [
        ("paused", "Đang thực hiện", "Tạm dừng", "Chờ kết luận thanh tra"),
        ("cancelled", "Tạm dừng", "Đã hủy", "Giao trùng"),
    ]


@pytest.mark.django_db
def test_cancel_closes_a_pending_extension_request(cast, task_a):
    ext = services.extension_request_create(
        task=task_a, actor=cast.head_a, requested_deadline=dt.date(2027, 2, 1), reason="Chờ", today=TODAY
    )
    services.task_cancel(task=task_a, actor=cast.office, reason="Không còn cần thiết")
    ext.refresh_from_db()
    assert ext.status == ExtensionRequest.Status.WITHDRAWN and ext.decided_at is not None


@pytest.mark.django_db
def test_change_deadline_keeps_the_original(cast, task_a):
    services.task_change_deadline(
        task=task_a, actor=cast.office, deadline=dt.date(2027, 3, 31), reason="Theo chỉ đạo"
    )
    task_a.refresh_from_db()
    assert task_a.deadline == dt.date(2027, 3, 31) and task_a.original_deadline == dt.date(2026, 12, 31)
    assert task_a.deadline_extended
    event = task_a.events.get()
    assert (event.kind, event.old_value, event.new_value) == ("deadline", "31/12/2026", "31/03/2027")


@pytest.mark.django_db
def test_deadline_before_the_directive_date_is_refused(cast):
    directive = DirectiveFactory(issued_on=dt.date(2026, 6, 1))
    task = TaskFactory(directive=directive, lead_unit=cast.unit_a, deadline=dt.date(2026, 7, 1))
    with pytest.raises(ValidationError) as exc:
        services.task_change_deadline(
            task=task, actor=cast.office, deadline=dt.date(2026, 5, 31), reason="Nhầm"
        )
    assert "trước ngày ban hành văn bản (01/06/2026)" in " ".join(exc.value.messages)
    task.refresh_from_db()
    assert task.deadline == dt.date(2026, 7, 1) and task.version == 1 and not task.events.exists()


@pytest.mark.django_db
def test_reassign_moves_the_task_and_clears_an_outside_specialist(cast, task_a):
    services.task_reassign(task=task_a, actor=cast.office, lead_unit=cast.unit_b, reason="Đúng chức năng")
    task_a.refresh_from_db()
    assert task_a.lead_unit == cast.unit_b and task_a.assignee is None
    assert (
        list(task_a.cooperating_units.all()) == []
    )  # B was cooperating; the lead is never its own cooperator
    assert set(kinds(task_a)) == {
        TaskEvent.Kind.LEAD_UNIT,
        TaskEvent.Kind.ASSIGNEE,
        TaskEvent.Kind.COOPERATING,
    }
    lead = task_a.events.get(kind=TaskEvent.Kind.LEAD_UNIT)
    assert (lead.old_value, lead.new_value) == ("Nội vụ", "Tư pháp")


@pytest.mark.django_db
def test_assign_only_members_of_the_lead_unit(cast):
    task = TaskFactory(lead_unit=cast.unit_a)
    with pytest.raises(ValidationError):
        services.task_assign(task=task, actor=cast.head_a, assignee=cast.head_b)
    services.task_assign(task=task, actor=cast.head_a, assignee=cast.specialist_a)
    task.refresh_from_db()
    assert task.assignee == cast.specialist_a
    assert task.events.get().kind == TaskEvent.Kind.ASSIGNEE


@pytest.mark.django_db
def test_edit_updates_search_text(cast, task_a):
    services.task_update_info(task=task_a, actor=cast.office, title="Chuyển đổi số cấp xã", description="")
    task_a.refresh_from_db()
    assert task_a.search_text == "chuyen doi so cap xa"
    assert task_a.events.get().field == "title"


# --- extensions ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_extension_request_rules(cast, task_a):
    with pytest.raises(ValidationError) as exc:
        services.extension_request_create(
            task=task_a, actor=cast.head_a, requested_deadline=dt.date(2026, 12, 1), reason="Chờ", today=TODAY
        )
    assert "requested_deadline" in exc.value.message_dict  # not later than the current deadline
    services.extension_request_create(
        task=task_a,
        actor=cast.head_a,
        requested_deadline=dt.date(2027, 1, 31),
        reason="Chờ số liệu",
        today=TODAY,
    )
    with pytest.raises(ValidationError):  # one pending request at a time
        services.extension_request_create(
            task=task_a,
            actor=cast.head_a,
            requested_deadline=dt.date(2027, 2, 28),
            reason="Lần hai",
            today=TODAY,
        )
    event = task_a.events.get()
    assert (event.kind, event.old_value, event.new_value) == (
        "extension_requested",
        "31/12/2026",
        "31/01/2027",
    )


@pytest.mark.django_db
def test_extension_approved_changes_the_deadline_and_is_recorded(cast, task_a):
    ext = services.extension_request_create(
        task=task_a,
        actor=cast.head_a,
        requested_deadline=dt.date(2027, 1, 31),
        reason="Chờ số liệu",
        today=TODAY,
    )
    services.extension_request_decide(request=ext, actor=cast.vice, approve=True, note="Đồng ý")
    task_a.refresh_from_db()
    ext.refresh_from_db()
    assert task_a.deadline == dt.date(2027, 1, 31) and task_a.original_deadline == dt.date(2026, 12, 31)
    assert ext.status == "approved" and ext.decided_by == cast.vice and ext.decision_note == "Đồng ý"
    assert kinds(task_a) == ["extension_requested", "extension_decided", "deadline"]
    with pytest.raises(ValidationError):  # decided once only
        services.extension_request_decide(request=ext, actor=cast.chairman, approve=False, note="Không")


@pytest.mark.django_db
def test_extension_rejected_needs_a_note_and_keeps_the_deadline(cast, task_a):
    ext = services.extension_request_create(
        task=task_a, actor=cast.head_a, requested_deadline=dt.date(2027, 1, 31), reason="Chờ", today=TODAY
    )
    with pytest.raises(ValidationError):
        services.extension_request_decide(request=ext, actor=cast.chairman, approve=False)
    services.extension_request_decide(
        request=ext, actor=cast.chairman, approve=False, note="Phải xong trong năm"
    )
    task_a.refresh_from_db()
    assert task_a.deadline == dt.date(2026, 12, 31)
    assert ExtensionRequest.objects.get().status == "rejected"


# --- bulk -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulk_shift_records_each_task_and_skips_finished_ones(cast):
    open_tasks = [TaskFactory(lead_unit=cast.unit_a, deadline=dt.date(2026, 12, d)) for d in (1, 2)]
    done = TaskFactory(
        lead_unit=cast.unit_a, deadline=dt.date(2026, 12, 3), status="done", completed_on=TODAY
    )
    undated = TaskFactory(lead_unit=cast.unit_a, deadline=None, kind=Task.Kind.CONTINUOUS)
    result = services.task_bulk_shift_deadline(
        task_ids=[t.pk for t in [*open_tasks, done, undated]],
        actor=cast.office,
        days=7,
        reason="Lùi theo kế hoạch tỉnh",
    )
    assert sorted(result.changed) == sorted(t.pk for t in open_tasks)
    assert set(result.skipped) == {done.pk, undated.pk}
    for task, day in zip(open_tasks, (8, 9), strict=True):
        task.refresh_from_db()
        assert task.deadline == dt.date(2026, 12, day)
        assert task.events.get().kind == TaskEvent.Kind.DEADLINE
    assert not done.events.exists()


@pytest.mark.django_db
def test_bulk_reassign(cast):
    tasks = [TaskFactory(lead_unit=cast.unit_a) for _ in range(3)]
    target = UnitFactory(name="Phòng Văn hóa và Thông tin", short_name="VH-TT")
    result = services.task_bulk_reassign(
        task_ids=[t.pk for t in tasks], actor=cast.office, lead_unit=target, reason="Sắp xếp"
    )
    assert len(result.changed) == 3
    assert Task.objects.filter(lead_unit=target).count() == 3
    assert TaskEvent.objects.filter(kind=TaskEvent.Kind.LEAD_UNIT).count() == 3
