from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tasks.status import StatusCategory, StatusContext, category_of


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """What Django's ``get_<field>_display()`` returns (the label in the current language, or
    the value itself when it is not a choice), without what Django's does on every call:
    a dict of all the field's labels, each one translated to be hashed (17 for an event's kind,
    for each line of a task's history)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Task(models.Model):
    """A piece of work a directive assigns to a lead unit (chủ trì) with cooperating units (phối hợp).

    ``deadline`` is the current approved deadline (changes on an approved extension);
    ``original_deadline`` keeps the one the directive set. Recurring work is a
    ``RECURRING`` series (an RRULE, not counted itself) whose occurrences are
    ordinary tasks pointing at it through ``series``.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        PAUSED = "paused", _("Tạm dừng")
        DONE = "done", _("Hoàn thành")
        CANCELLED = "cancelled", _("Đã hủy")

    class Kind(models.TextChoices):
        ONCE = "once", _("Có thời hạn")
        RECURRING = "recurring", _("Định kỳ")
        CONTINUOUS = "continuous", _("Thường xuyên")

    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("văn bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    clause = models.ForeignKey(
        "directives.Clause",
        verbose_name=_("điều khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung chi tiết"), blank=True)
    lead_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    cooperating_units = models.ManyToManyField(
        "units.Unit", verbose_name=_("đơn vị phối hợp"), blank=True, related_name="cooperating_tasks"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chuyên viên thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tasks",
    )
    kind = models.CharField(_("loại nhiệm vụ"), max_length=16, choices=Kind.choices, default=Kind.ONCE)
    original_deadline = models.DateField(_("thời hạn ban đầu"), null=True, blank=True)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    deadline_text = models.CharField(_("thời hạn theo văn bản"), max_length=255, blank=True)
    recurrence_rule = models.CharField(_("quy tắc lặp (RRULE)"), max_length=255, blank=True)
    recurrence_text = models.CharField(_("tần suất"), max_length=128, blank=True)
    series = models.ForeignKey(
        "self",
        verbose_name=_("thuộc nhiệm vụ định kỳ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.OPEN)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    is_request = models.BooleanField(_("đề nghị (ngoài quyền chỉ đạo)"), default=False)
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày giao"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    version = models.PositiveIntegerField(
        default=1, help_text=_("Tăng mỗi lần lưu, để phát hiện sửa đồng thời")
    )

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = [F("deadline").asc(nulls_last=True), "pk"]
        indexes = [
            # Covers every status-category condition (tasks.status.category_q) plus the
            # "not a recurring series" test, so list counts and pages read only this index.
            models.Index(
                fields=["status", "deadline", "id", "kind", "completed_on"],
                name="tasks_status_deadline_cover",
            ),
            # Per-unit dashboard counts read only this index (covering: category_q needs
            # status, deadline, completed_on; COUNTED_TASKS_Q needs kind).
            models.Index(
                fields=["lead_unit", "status", "deadline", "completed_on", "kind"],
                name="tasks_lead_status_cover",
            ),
            models.Index(fields=["deadline", "id"], name="tasks_deadline_id"),
            models.Index(fields=["directive", "status"], name="tasks_directive_status"),
            models.Index(fields=["assignee", "status"], name="tasks_assignee_status"),
            # completions per month (dashboard chart, reports) counted from the index alone
            models.Index(fields=["completed_on", "status", "kind"], name="tasks_completed_cover"),
            models.Index(fields=["kind", "status"], name="tasks_kind_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="tasks_task_progress_0_100"),
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="tasks_task_completed_on_iff_done",
            ),
            models.CheckConstraint(
                condition=~Q(kind="recurring") | ~Q(recurrence_rule=""),
                name="tasks_task_recurring_has_rule",
            ),
            models.UniqueConstraint(
                fields=["series", "deadline"],
                condition=Q(series__isnull=False),
                name="tasks_task_one_occurrence_per_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tasks:detail", args=[self.pk])

    def get_status_display(self) -> str:
        return choice_label(self.Status, self.status)

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)

    def status_category(self, ctx: StatusContext | None = None) -> StatusCategory:
        return category_of(self, ctx or StatusContext.for_today())

    @property
    def deadline_extended(self) -> bool:
        return self.original_deadline is not None and self.deadline != self.original_deadline

    def days_overdue(self, today: dt.date) -> int:
        if self.deadline is None or self.status != self.Status.OPEN or today <= self.deadline:
            return 0
        return (today - self.deadline).days


# Events that only add a note (a progress report, a cooperating unit's opinion): they change
# no count, deadline or status, so the dashboard's cached figures need not follow them.
EVENT_NOTE_KINDS = ("contribution", "progress")


class TaskEvent(models.Model):
    """Append-only history of a task: who changed what, when, from → to.

    Written only by tasks.services; the admin and the UI offer no edit or delete.
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Giao nhiệm vụ")
        UPDATED = "updated", _("Sửa thông tin")
        STATUS = "status", _("Đổi trạng thái")
        PROGRESS = "progress", _("Cập nhật tiến độ")
        COMPLETED = "completed", _("Báo cáo hoàn thành")
        REOPENED = "reopened", _("Mở lại")
        PAUSED = "paused", _("Tạm dừng")
        CANCELLED = "cancelled", _("Hủy")
        DEADLINE = "deadline", _("Đổi thời hạn")
        LEAD_UNIT = "lead_unit", _("Đổi đơn vị chủ trì")
        COOPERATING = "cooperating", _("Đổi đơn vị phối hợp")
        ASSIGNEE = "assignee", _("Phân công chuyên viên")
        CONTRIBUTION = "contribution", _("Ý kiến phối hợp")
        EXTENSION_REQUESTED = "extension_requested", _("Xin gia hạn")
        EXTENSION_DECIDED = "extension_decided", _("Quyết định gia hạn")
        LETTER = "letter", _("Công văn đôn đốc")
        EXPLANATION = "explanation", _("Giải trình")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("loại thay đổi"), max_length=32, choices=Kind.choices)
    field = models.CharField(max_length=64, blank=True)
    old_value = models.TextField(_("từ"), blank=True)
    new_value = models.TextField(_("thành"), blank=True)
    note = models.TextField(_("lý do / ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lịch sử nhiệm vụ")
        verbose_name_plural = _("lịch sử nhiệm vụ")
        ordering = ["task", "at", "pk"]
        indexes = [
            models.Index(fields=["task", "at"], name="tasks_event_task_at"),
            # the newest event that can change the dashboard's figures (dashboard.selectors.data_version)
            models.Index(fields=["-id"], name="tasks_event_shape", condition=~Q(kind__in=EVENT_NOTE_KINDS)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.old_value} → {self.new_value}"

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)


class ProgressUpdate(models.Model):
    """A progress report by the lead unit, or a contribution by a cooperating unit."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True)
    note = models.TextField(_("nội dung báo cáo"))
    is_contribution = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["task", "-created_at", "-pk"]
        indexes = [models.Index(fields=["task", "-created_at"], name="tasks_update_task_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="tasks_update_percent_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.note[:60]}"


class Evidence(models.Model):
    """A "tài liệu kiểm chứng" attached to a progress update. Served only through a
    permission-checked view, never from a public media URL."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=128, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["update", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ExtensionRequest(models.Model):
    """Xin gia hạn: the lead unit proposes a new date; leadership decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ quyết định")
        APPROVED = "approved", pgettext_lazy("extension status", "Đồng ý")
        REJECTED = "rejected", _("Không đồng ý")
        WITHDRAWN = "withdrawn", _("Đã đóng (nhiệm vụ kết thúc trước khi quyết định)")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extension_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_deadline = models.DateField(_("thời hạn hiện tại"), null=True, blank=True)
    requested_deadline = models.DateField(_("thời hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)
    #: the deadline leadership granted: the requested one, or another date (shorter or longer)
    approved_deadline = models.DateField(_("thời hạn được gia hạn"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="tasks_ext_status_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="tasks_ext_one_pending_per_task"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False), name="tasks_ext_decided_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.requested_deadline}"

    def get_status_display(self) -> str:
        return choice_label(self.Status, self.status)


# The dashboard's running tally (tasks/dashboard/tally.py) lives in the "tasks" app.
from tasks.dashboard.models import TaskTally, TaskTallyState  # noqa: E402, F401

# The office's generated documents (tasks/documents/) live in the "tasks" app too.
from tasks.documents.models import DocumentTemplate, ExplanationReply, OfficeLetter  # noqa: E402, F401
