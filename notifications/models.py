"""Reminders: what to send (ReminderPolicy), to whom and how (NotificationPreference),
and the ledger of what was sent (Notification).

A Notification row is written before anything is sent. Its uniqueness on
(recipient, task, kind, for_date) makes a second scan, or a retried job, a no-op;
email delivery claims rows with ``UPDATE … WHERE sent_at IS NULL``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_BEFORE_DAYS = "7,3,1"


def parse_day_list(raw: str) -> list[int]:
    """ "7, 3,1" → [7, 3, 1] (distinct, descending); raises ValueError on bad input."""
    values = sorted({int(part) for part in raw.replace(";", ",").split(",") if part.strip()}, reverse=True)
    if any(v <= 0 or v > 60 for v in values):
        raise ValueError(raw)
    return values


def validate_day_list(raw: str) -> None:
    try:
        parse_day_list(raw)
    except ValueError as exc:
        raise ValidationError(
            _("Nhập các số ngày làm việc từ 1 đến 60, cách nhau bởi dấu phẩy, ví dụ: 7,3,1.")
        ) from exc


class ReminderPolicy(models.Model):
    """The one reminder policy, edited by administrators (Quản trị → Chính sách nhắc việc)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Thứ Hai")
        TUESDAY = 1, _("Thứ Ba")
        WEDNESDAY = 2, _("Thứ Tư")
        THURSDAY = 3, _("Thứ Năm")
        FRIDAY = 4, _("Thứ Sáu")

    key = models.CharField(max_length=16, unique=True, default="default", editable=False)
    before_working_days = models.CharField(
        _("nhắc trước hạn (ngày làm việc)"),
        max_length=64,
        default=DEFAULT_BEFORE_DAYS,
        validators=[validate_day_list],
        help_text=_("Các mốc nhắc trước thời hạn, tính bằng ngày làm việc, cách nhau bởi dấu phẩy."),
    )
    remind_on_due_date = models.BooleanField(_("nhắc vào ngày đến hạn"), default=True)
    overdue_daily = models.BooleanField(
        _("nhắc hằng ngày khi quá hạn"),
        default=True,
        help_text=_("Gửi cho trưởng đơn vị chủ trì và chuyên viên được phân công, mỗi ngày làm việc."),
    )
    weekly_digest = models.BooleanField(_("tổng hợp quá hạn hằng tuần cho lãnh đạo"), default=True)
    weekly_digest_weekday = models.PositiveSmallIntegerField(
        _("ngày gửi tổng hợp tuần"),
        choices=Weekday.choices,
        default=Weekday.MONDAY,
        help_text=_("Nếu là ngày nghỉ, gửi vào ngày làm việc kế tiếp trong tuần."),
    )
    escalate_after_working_days = models.PositiveSmallIntegerField(
        _("báo Chủ tịch khi quá hạn trên (ngày làm việc)"),
        default=10,
        help_text=_("0 = không báo cáo Chủ tịch."),
    )
    continuous_report_before_days = models.PositiveSmallIntegerField(
        _("nhắc báo cáo nhiệm vụ thường xuyên trước (ngày làm việc)"), default=5
    )
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("chính sách nhắc việc")
        verbose_name_plural = _("chính sách nhắc việc")
        ordering = ["key"]

    def __str__(self) -> str:
        return str(_("Chính sách nhắc việc"))

    @classmethod
    def current(cls) -> ReminderPolicy:
        """The policy row, created with the defaults on first use."""
        policy, _created = cls.objects.get_or_create(key="default")
        return policy

    @property
    def before_days(self) -> list[int]:
        try:
            return parse_day_list(self.before_working_days)
        except ValueError:
            return parse_day_list(DEFAULT_BEFORE_DAYS)


class NotificationPreference(models.Model):
    """A user's choices: email on/off and the time of day the digest email goes out."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_enabled = models.BooleanField(_("nhận thư điện tử"), default=True)
    digest_time = models.TimeField(
        _("giờ nhận thư tổng hợp"),
        default=dt.time(7, 0),
        help_text=_("Mỗi ngày làm việc, một thư liệt kê mọi nhắc việc của bạn."),
    )
    zalo_enabled = models.BooleanField(_("nhận nhắc việc qua Zalo"), default=False)
    push_enabled = models.BooleanField(_("nhận thông báo trên trình duyệt, điện thoại"), default=False)
    sms_enabled = models.BooleanField(_("nhận tin nhắn SMS"), default=False)
    phone = models.CharField(
        _("số điện thoại di động"),
        max_length=16,
        blank=True,
        help_text=_("Dùng cho SMS và tin Zalo theo số điện thoại (ZNS), ví dụ 0912345678."),
    )
    quiet_start = models.TimeField(_("không làm phiền từ"), null=True, blank=True)
    quiet_end = models.TimeField(_("đến"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")
        ordering = ["user"]

    def __str__(self) -> str:
        return str(self.user)

    def in_quiet_hours(self, moment: dt.time) -> bool:
        """Whether ``moment`` (local time) falls in the quiet hours; a window may cross midnight."""
        start, end = self.quiet_start, self.quiet_end
        if start is None or end is None or start == end:
            return False
        if start < end:
            return start <= moment < end
        return moment >= start or moment < end


class Notification(models.Model):
    """One reminder for one person about one task.

    ``for_date`` is what the reminder is about: the task's deadline for the one-off
    kinds (before the deadline, on the day, escalation), the day of the scan for the
    daily overdue reminder, the Monday of the week for the weekly digest. So a
    reminder is sent once per deadline (a new one after an extension) and an
    overdue reminder once per day.
    """

    class Kind(models.TextChoices):
        BEFORE_DEADLINE = "before", _("Sắp đến hạn")
        DUE_TODAY = "due_today", _("Đến hạn")
        OVERDUE = "overdue", _("Quá hạn")
        ESCALATION = "escalation", _("Quá hạn kéo dài – báo cáo Chủ tịch")
        WEEKLY_DIGEST = "weekly", _("Tổng hợp quá hạn trong tuần")
        REPORT_DUE = "report_due", _("Đến kỳ báo cáo")

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("Trên hệ thống")
        EMAIL = "email", _("Thư điện tử")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    task = models.ForeignKey("tasks.Task", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    for_date = models.DateField(_("ngày"))
    days = models.SmallIntegerField(
        _("số ngày làm việc"), default=0, help_text=_("Còn lại (trước hạn) hoặc đã quá (quá hạn).")
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices, default=Channel.IN_APP)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    digest_date = models.DateField(_("thư tổng hợp ngày"), null=True, blank=True)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    error = models.TextField(_("lỗi gửi"), blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "task", "kind", "for_date"], name="notifications_notification_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_unread_by_recipient"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_created"),
            models.Index(
                fields=["recipient", "channel"], condition=Q(sent_at__isnull=True), name="notif_email_pending"
            ),
            models.Index(fields=["recipient", "digest_date"], name="notif_recipient_digest"),
            models.Index(fields=["kind", "for_date"], name="notif_kind_for_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.task_id} → {self.recipient_id} ({self.for_date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("notifications:list")


class Channel(models.TextChoices):
    """Where a reminder can reach someone besides the bell and e-mail (notifications.channels)."""

    ZALO = "zalo", _("Zalo")
    ZNS = "zns", _("Zalo (tin ZNS theo số điện thoại)")
    PUSH = "push", _("Thông báo trên trình duyệt, điện thoại")
    SMS = "sms", _("Tin nhắn SMS")


class ChannelEndpoint(models.Model):
    """An address of a person on a channel: a Zalo chat linked through the bot, or a browser's
    Web Push subscription (one person may allow several browsers and phones)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_endpoints"
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("địa chỉ"), max_length=1024)
    keys = models.JSONField(_("khóa"), default=dict, blank=True)
    label = models.CharField(_("thiết bị"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("địa chỉ nhận thông báo")
        verbose_name_plural = _("địa chỉ nhận thông báo")
        ordering = ["user", "channel", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "address"], name="notifications_endpoint_unique_address"
            ),
        ]
        indexes = [models.Index(fields=["user", "channel", "is_active"], name="notif_endpoint_user_channel")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} – {self.user}"


class ChannelLinkCode(models.Model):
    """A one-time code the user sends to the Zalo bot to link their chat (valid 15 minutes)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã liên kết Zalo")
        verbose_name_plural = _("mã liên kết Zalo")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"


class ChannelDelivery(models.Model):
    """The ledger of channel digests: one row per person, channel and day, written before the
    message is sent. A conditional UPDATE claims it (pending/failed → sending), the outcome is
    recorded on it, and the uniqueness makes a rerun a no-op."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    day = models.DateField(_("ngày"))
    status = models.CharField(_("tình trạng"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    items = models.PositiveIntegerField(_("số nội dung"), default=0)
    text = models.TextField(_("nội dung gửi"), blank=True)
    error = models.TextField(_("lỗi gửi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt gửi qua kênh")
        verbose_name_plural = _("lượt gửi qua kênh")
        ordering = ["-day", "channel", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "channel", "day"], name="notifications_delivery_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "channel", "day"], name="notif_delivery_status")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient} ({self.day:%d/%m/%Y}): {self.get_status_display()}"


class ChannelSettings(models.Model):
    """Per-organisation channel configuration, edited by administrators. Secrets are stored
    encrypted (notifications.channels.secrets) and never shown back in full; an environment
    variable of the same meaning wins over the stored value."""

    key = models.CharField(max_length=16, unique=True, default="default", editable=False)
    # Zalo Bot Platform
    zalo_bot_token = models.TextField(_("Zalo Bot: bot token (mã hóa)"), blank=True)
    zalo_webhook_secret = models.TextField(_("Zalo Bot: secret token của webhook (mã hóa)"), blank=True)
    zalo_bot_link = models.URLField(
        _("Zalo Bot: đường dẫn mở bot"),
        blank=True,
        help_text=_("Ví dụ https://zalo.me/... để người dùng mở bot."),
    )
    # Zalo Notification Service (ZNS)
    zns_app_id = models.CharField(_("ZNS: App ID"), max_length=64, blank=True)
    zns_secret_key = models.TextField(_("ZNS: secret key của ứng dụng (mã hóa)"), blank=True)
    zns_access_token = models.TextField(_("ZNS: access token của OA (mã hóa)"), blank=True)
    zns_refresh_token = models.TextField(_("ZNS: refresh token của OA (mã hóa)"), blank=True)
    zns_token_expires_at = models.DateTimeField(_("ZNS: access token hết hạn lúc"), null=True, blank=True)
    zns_template_id = models.CharField(_("ZNS: mã mẫu tin đã duyệt"), max_length=32, blank=True)
    # Web Push (VAPID)
    vapid_public_key = models.TextField(_("Web Push: khóa công khai VAPID"), blank=True)
    vapid_private_key = models.TextField(_("Web Push: khóa bí mật VAPID (mã hóa)"), blank=True)
    vapid_subject = models.CharField(
        _("Web Push: liên hệ"), max_length=255, blank=True, help_text=_("mailto:… của quản trị hệ thống.")
    )
    # SMS through the province's HTTP gateway
    sms_url = models.URLField(_("SMS: địa chỉ cổng gửi tin"), blank=True)
    sms_method = models.CharField(
        _("SMS: phương thức"), max_length=8, default="POST", choices=[("POST", "POST"), ("GET", "GET")]
    )
    sms_auth_header = models.TextField(
        _("SMS: tiêu đề xác thực (mã hóa)"), blank=True, help_text=_("Ví dụ: Authorization: Bearer …")
    )
    sms_body_template = models.TextField(
        _("SMS: mẫu nội dung gửi"),
        blank=True,
        default='{"to": "{phone}", "message": "{text}"}',
        help_text=_("Dùng {phone} và {text}; với GET, đây là chuỗi tham số (to={phone}&msg={text})."),
    )
    sms_content_type = models.CharField(_("SMS: Content-Type"), max_length=64, default="application/json")
    sms_strip_accents = models.BooleanField(
        _("SMS: gửi không dấu"),
        default=True,
        help_text=_("Nhiều nhà mạng chỉ nhận tin thương hiệu không dấu."),
    )
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    SECRET_FIELDS = (
        "zalo_bot_token",
        "zalo_webhook_secret",
        "zns_secret_key",
        "zns_access_token",
        "zns_refresh_token",
        "vapid_private_key",
        "sms_auth_header",
    )

    class Meta:
        verbose_name = _("cấu hình kênh nhắc việc")
        verbose_name_plural = _("cấu hình kênh nhắc việc")
        ordering = ["key"]

    def __str__(self) -> str:
        return str(_("Cấu hình kênh nhắc việc"))

    @classmethod
    def current(cls) -> ChannelSettings:
        row, _created = cls.objects.get_or_create(key="default")
        return row
