"""Templates the administrator can replace, and the letters the office generated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    UNIT_REPORT = "unit_report", _("Báo cáo kết quả thực hiện nhiệm vụ của đơn vị")
    RANKING = "ranking", _("Báo cáo tổng hợp, xếp hạng các đơn vị")
    REMINDER_LETTER = "reminder_letter", _("Công văn đôn đốc")
    EXPLANATION_REQUEST = "explanation_request", _("Yêu cầu giải trình")


class DocumentTemplate(models.Model):
    """An administrator's own Word template for one kind of document; the active one replaces
    the shipped template (tasks/documents/shipped/) until it is switched off."""

    kind = models.CharField(_("loại văn bản"), max_length=32, choices=DocumentKind.choices)
    file = models.FileField(_("tệp mẫu (.docx)"), upload_to="document-templates/")
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["kind", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(is_active=True),
                name="tasks_documenttemplate_one_active_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.uploaded_at:%d/%m/%Y %H:%M})"


class OfficeLetter(models.Model):
    """A Công văn đôn đốc or a yêu cầu giải trình generated from tracked tasks, ready to number
    and sign. Recorded on each task's history; may be attached to a directive."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Công văn đôn đốc")
        EXPLANATION = "explanation", _("Yêu cầu giải trình")

    class PdfStatus(models.TextChoices):
        NONE = "", _("Chưa tạo")
        PENDING = "pending", _("Đang tạo")
        DONE = "done", _("Đã tạo")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("trích yếu"), max_length=255)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="office_letters",
        help_text=_("Để trống khi một công văn gửi nhiều đơn vị."),
    )
    tasks = models.ManyToManyField("tasks.Task", verbose_name=_("nhiệm vụ"), related_name="office_letters")
    reply_by = models.DateField(_("hạn báo cáo, giải trình"), null=True, blank=True)
    docx = models.FileField(_("tệp Word"), upload_to="letters/%Y/%m/")
    pdf = models.FileField(_("tệp PDF"), upload_to="letters/%Y/%m/", blank=True)
    pdf_status = models.CharField(_("PDF"), max_length=8, choices=PdfStatus.choices, blank=True, default="")
    pdf_error = models.CharField(max_length=255, blank=True)
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("đính kèm văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="office_letters",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("công văn đã soạn")
        verbose_name_plural = _("công văn đã soạn")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "unit", "-created_at"], name="tasks_letter_kind_unit")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("documents:letter", args=[self.pk])


class ExplanationReply(models.Model):
    """A unit's written explanation in answer to a yêu cầu giải trình."""

    letter = models.ForeignKey(OfficeLetter, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("nội dung giải trình"))
    file = models.FileField(_("văn bản giải trình"), upload_to="letters/replies/%Y/%m/", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("giải trình của đơn vị")
        verbose_name_plural = _("giải trình của đơn vị")
        ordering = ["letter", "submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.letter}: {self.submitted_at:%d/%m/%Y}"
