from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DirectiveKind(models.TextChoices):
    CONG_VAN = "cong_van", _("Công văn")
    KE_HOACH = "ke_hoach", _("Kế hoạch")
    QUYET_DINH = "quyet_dinh", _("Quyết định")
    THONG_BAO = "thong_bao", _("Thông báo")
    CHI_THI = "chi_thi", _("Chỉ thị")
    OTHER = "other", _("Khác")


class Directive(models.Model):
    """An incoming directive (văn bản chỉ đạo) as registered by the Văn phòng."""

    Kind = DirectiveKind

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

    def get_absolute_url(self) -> str:
        return reverse("directives:detail", args=[self.pk])

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
