from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """A day whose status differs from the VN public-holiday calendar: an extra day off
    announced by the province, or a Saturday worked in exchange for a bridge day."""

    date = models.DateField(_("ngày"), unique=True)
    is_working_day = models.BooleanField(_("là ngày làm việc"))
    reason = models.CharField(_("lý do"), max_length=255)
    source_document = models.CharField(_("căn cứ (văn bản)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["-date"]

    def __str__(self) -> str:
        kind = _("làm việc") if self.is_working_day else _("nghỉ")
        return f"{self.date:%d/%m/%Y}: {kind} – {self.reason}"


class CalendarSubscriptionQuerySet(models.QuerySet):
    def active(self) -> CalendarSubscriptionQuerySet:
        """Not revoked, with what a list of subscriptions shows."""
        return self.filter(revoked_at__isnull=True).select_related("unit", "directive")


class CalendarSubscription(models.Model):
    """A secret iCal feed URL. Only a hash of the token is stored."""

    class Scope(models.TextChoices):
        MINE = "mine", _("Nhiệm vụ của tôi")
        UNIT = "unit", _("Nhiệm vụ của đơn vị")
        DIRECTIVE = "directive", _("Nhiệm vụ của một văn bản")
        ALL_OPEN = "all_open", _("Tất cả nhiệm vụ đang thực hiện")
        OVERDUE = "overdue", _("Nhiệm vụ quá hạn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_subscriptions"
    )
    name = models.CharField(_("tên"), max_length=128)
    scope = models.CharField(_("phạm vi"), max_length=16, choices=Scope.choices, default=Scope.MINE)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    directive = models.ForeignKey(
        "directives.Directive", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(max_length=8, editable=False, help_text=_("Vài ký tự đầu để nhận biết"))
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch đăng ký (iCal)")
        verbose_name_plural = _("lịch đăng ký (iCal)")
        ordering = ["user", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(scope="unit") | Q(unit__isnull=False), name="deadlines_subscription_unit_scope"
            ),
            models.CheckConstraint(
                condition=~Q(scope="directive") | Q(directive__isnull=False),
                name="deadlines_subscription_directive_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.name}"

    @property
    def scope_label(self) -> str:
        """ "Nhiệm vụ của đơn vị: Nội vụ" – the scope with its unit or directive."""
        label = self.get_scope_display()
        if self.scope == self.Scope.UNIT and self.unit_id:
            return f"{label}: {self.unit.short_name}"
        if self.scope == self.Scope.DIRECTIVE and self.directive_id:
            return f"{label}: {self.directive.reference_code or self.directive.pk}"
        return str(label)
