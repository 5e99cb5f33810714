from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from units.text import fold


class DirectiveKind(models.TextChoices):
    CONG_VAN = "cong_van", _("Công văn")
    KE_HOACH = "ke_hoach", _("Kế hoạch")
    # contexts: "Quyết định" is also a decision, "Thông báo" also the notifications bell
    QUYET_DINH = "quyet_dinh", pgettext_lazy("document type", "Quyết định")
    THONG_BAO = "thong_bao", pgettext_lazy("document type", "Thông báo")
    CHI_THI = "chi_thi", _("Chỉ thị")
    OTHER = "other", _("Khác")


class Urgency(models.TextChoices):
    """Độ khẩn of a document (Nghị định 30/2020): normal, urgent, very urgent, immediate."""

    THUONG = "thuong", _("Thường")
    KHAN = "khan", _("Khẩn")
    THUONG_KHAN = "thuong_khan", _("Thượng khẩn")
    HOA_TOC = "hoa_toc", _("Hỏa tốc")


class Origin(models.TextChoices):
    OWN = "own", _("Của cơ quan mình")
    HIGHER = "higher", _("Của cấp trên")


_ABOUT = re.compile(r"^\s*(?:v[ềe]\s+vi[ệe]c|v\s*/\s*v)\s*[:.,-]?\s*", re.IGNORECASE)


def subject_for_lists(subject: str) -> str:
    """A subject as lists show it: without the leading "Về việc" / "V/v", and in sentence case
    when the document wrote it in capitals ("VỀ VIỆC TRIỂN KHAI KẾ HOẠCH" → "Triển khai kế hoạch").
    The stored subject keeps the document's own words."""
    text = " ".join((subject or "").split())
    stripped = _ABOUT.sub("", text)
    if stripped and stripped != text:
        text = stripped
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8:
        text = text.lower()
    return text[:1].upper() + text[1:]


class Directive(models.Model):
    """An incoming directive (văn bản chỉ đạo) as registered by the Văn phòng."""

    Kind = DirectiveKind
    Urgency = Urgency
    Origin = Origin

    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        ACTIVE = "active", _("Đang theo dõi")
        CLOSED = "closed", _("Đã kết thúc")

    kind = models.CharField(_("loại văn bản"), max_length=16, choices=Kind.choices, default=Kind.CONG_VAN)
    number = models.CharField(_("số"), max_length=32, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=64, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    place = models.CharField(_("địa danh"), max_length=128, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    received_on = models.DateField(_("ngày đến"), null=True, blank=True)
    incoming_number = models.CharField(_("số đến"), max_length=32, blank=True)
    subject = models.TextField(_("trích yếu"), blank=True)
    recipients = models.JSONField(_("kính gửi"), default=list, blank=True)
    distribution = models.JSONField(_("nơi nhận"), default=list, blank=True)
    signer = models.CharField(_("người ký"), max_length=128, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    full_text = models.TextField(_("toàn văn"), blank=True)
    source_file = models.FileField(_("tệp gốc"), upload_to="directives/%Y/%m/", blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    urgency = models.CharField(_("độ khẩn"), max_length=16, choices=Urgency.choices, default=Urgency.THUONG)
    instruction = models.TextField(_("ý kiến chỉ đạo"), blank=True)
    processing_deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    origin = models.CharField(_("nguồn văn bản"), max_length=8, choices=Origin.choices, default=Origin.OWN)
    issuer_code = models.CharField(_("mã cơ quan ban hành"), max_length=64, blank=True)
    package_id = models.CharField(_("mã gói tin"), max_length=128, blank=True, db_index=True)
    subject_folded = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # who changed what and when (django-simple-history; shown in the admin); not the full text
    history = HistoricalRecords(excluded_fields=["full_text", "subject_folded"])

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["symbol", "number"], name="directives_symbol_number"),
            models.Index(fields=["-issued_on", "-id"], name="directives_issued_desc"),
            models.Index(fields=["status", "kind"], name="directives_status_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference_code}".strip()

    def save(self, *args, **kwargs) -> None:
        # a derived search column (accent- and case-insensitive), like Unit.name_key
        self.subject_folded = fold(self.subject)
        if kwargs.get("update_fields") is not None and "subject" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "subject_folded"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directives:detail", args=[self.pk])

    def get_kind_display(self) -> str:
        """Django's version translates every kind's label on each call (to build a dict):
        this one looks the one label up (same text; tests/directives/test_models.py)."""
        try:
            return str(self.Kind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def subject_display(self) -> str:
        return subject_for_lists(self.subject)

    @property
    def reference_code(self) -> str:
        """ "132/KH-UBND", or "…/KH-UBND" for an unnumbered draft."""
        if not self.symbol:
            return self.number
        return f"{self.number or '…'}/{self.symbol}"


class Clause(models.Model):
    """One numbered clause or bullet of a directive, in document order."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="clauses")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    label = models.CharField(_("số thứ tự"), max_length=64, blank=True, help_text=_("Ví dụ: II.1, III.2.1-3"))
    order = models.PositiveIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))
    is_heading = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("điều khoản")
        verbose_name_plural = _("điều khoản")
        ordering = ["directive", "order"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "order"], name="directives_clause_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:60]}".strip()


class Reference(models.Model):
    """A document the directive cites ("Quyết định số 2125/QĐ-UBND ngày 17/10/2022 của UBND tỉnh")."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="references")
    kind = models.CharField(_("loại văn bản"), max_length=64, blank=True)
    number = models.CharField(_("số"), max_length=32, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=64, blank=True)
    date = models.DateField(_("ngày"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    raw = models.TextField(_("trích dẫn"), blank=True)
    target = models.ForeignKey(
        Directive,
        verbose_name=_("văn bản trong hệ thống"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cited_by",
    )

    class Meta:
        verbose_name = _("văn bản được dẫn chiếu")
        verbose_name_plural = _("văn bản được dẫn chiếu")
        ordering = ["directive", "pk"]
        indexes = [models.Index(fields=["symbol", "number"], name="directives_ref_symbol_number")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=models.F("directive")), name="directives_reference_not_self"
            ),
        ]

    def __str__(self) -> str:
        code = f"{self.number}/{self.symbol}" if self.number else self.symbol
        return f"{self.kind} {code}".strip()


def _attachment_path(instance: DirectiveAttachment, filename: str) -> str:
    return f"directives/attachments/{uuid.uuid4().hex}/{filename}"


class DirectiveAttachment(models.Model):
    """A file that came with the directive (an edXML package's other attachments, appendices)."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=_attachment_path, max_length=255)
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=128, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["directive", "pk"]

    def __str__(self) -> str:
        return self.name


class IntakeDraft(models.Model):
    """A document read for intake, waiting for review: the parse is stored once (``data``) and
    the review edits it; confirming turns it into one Directive (``directive``). Drafts never
    confirmed are purged with their file after INTAKE_DRAFT_KEEP_DAYS."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ đọc")
        READING = "reading", _("Đang đọc")
        OCR = "ocr", _("Đang nhận dạng")
        READY = "ready", _("Chờ rà soát")
        FAILED = "failed", _("Không đọc được")
        CONFIRMING = "confirming", _("Đang tạo")
        CONFIRMED = "confirmed", _("Đã tạo")

    class SourceKind(models.TextChoices):
        TEXT = "text", _("Văn bản thuần")
        DOCX = "docx", "Word (.docx)"
        PDF = "pdf", "PDF"
        EDXML = "edxml", "edXML"
        DOC = "doc", _("Word cũ (.doc)")
        SCAN = "scan", _("Bản scan")

    class Channel(models.TextChoices):
        UPLOAD = "upload", _("Tải lên")
        PASTE = "paste", _("Dán nội dung")
        API = "api", _("Kết nối phần mềm")
        FOLDER = "folder", _("Thư mục nhận")

    IN_PROGRESS = (Status.QUEUED, Status.READING, Status.OCR)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    source_file = models.FileField(_("tệp gốc"), upload_to="intake/", blank=True, max_length=255)
    source_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    source_kind = models.CharField(
        _("loại tệp"), max_length=8, choices=SourceKind.choices, default=SourceKind.TEXT
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices, default=Channel.UPLOAD)
    error_message = models.TextField(_("lỗi"), blank=True)
    ocr_used = models.BooleanField(_("đã nhận dạng ký tự"), default=False)
    version = models.PositiveIntegerField(default=1)
    directive = models.OneToOneField(
        Directive,
        verbose_name=_("văn bản đã tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intake_draft",
    )
    data = models.JSONField(default=dict, blank=True)
    # AR (issue 14.6): the e-office system that pushed the document through the API, if any
    api_client = models.ForeignKey(
        "ApiClient",
        verbose_name=_("hệ thống gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
    )

    class Meta:
        verbose_name = _("văn bản đang nhập")
        verbose_name_plural = _("văn bản đang nhập")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="directives_draft_status")]

    def __str__(self) -> str:
        return self.source_name or str(self.pk)

    def get_absolute_url(self) -> str:
        if self.status == self.Status.CONFIRMED and self.directive_id:
            return reverse("directives:detail", args=[self.directive_id])
        if self.status == self.Status.READY:
            return reverse("directives:review", args=[self.pk])
        return reverse("directives:intake_status", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def waiting_too_long(self) -> bool:
        """Queued for minutes: the background worker (qcluster) is probably not running."""
        from django.utils import timezone

        return self.status == self.Status.QUEUED and (timezone.now() - self.created_at).total_seconds() > 120

    @property
    def meta(self) -> dict:
        return (self.data or {}).get("meta") or {}


class ApiClient(models.Model):
    """An e-office system allowed to push incoming documents to ``POST /api/v1/van-ban-den/``
    (issue 14.6, AR). Only the SHA-256 of its token is stored; the token is shown once, when the
    client is created in the admin. Revoking (``is_active`` off) refuses it at once."""

    name = models.CharField(_("tên hệ thống"), max_length=128)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("đầu mã"), max_length=12, editable=False, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận thay"),
        help_text=_("Văn bản do hệ thống này gửi được ghi là do người này nhập (thường là văn thư)."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("lần dùng cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)

    class Meta:
        verbose_name = _("hệ thống kết nối")
        verbose_name_plural = _("hệ thống kết nối")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
