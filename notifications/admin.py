from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.channels import registry
from notifications.channels.secrets import decrypt, encrypt, masked
from notifications.models import (
    ChannelDelivery,
    ChannelEndpoint,
    ChannelSettings,
    Notification,
    NotificationPreference,
    ReminderPolicy,
)


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    """One policy: the admin edits it, cannot add a second one or delete it."""

    list_display = [
        "__str__",
        "before_working_days",
        "remind_on_due_date",
        "overdue_daily",
        "weekly_digest",
        "escalate_after_working_days",
        "updated_at",
    ]
    fieldsets = [
        (_("Trước và đúng hạn"), {"fields": ["before_working_days", "remind_on_due_date"]}),
        (
            _("Quá hạn"),
            {
                "fields": [
                    "overdue_daily",
                    "weekly_digest",
                    "weekly_digest_weekday",
                    "escalate_after_working_days",
                ]
            },
        ),
        (_("Nhiệm vụ thường xuyên"), {"fields": ["continuous_report_before_days"]}),
    ]

    def has_add_permission(self, request):
        return not ReminderPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        ReminderPolicy.current()  # the row exists before anyone looks for it
        return super().changelist_view(request, extra_context)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_enabled", "digest_time", "updated_at"]
    list_filter = ["email_enabled"]
    search_fields = ["user__username", "user__last_name", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The ledger, read-only: rows are written by the scan and claimed by delivery."""

    list_display = [
        "for_date",
        "kind",
        "recipient",
        "task",
        "channel",
        "created_at",
        "sent_at",
        "read_at",
        "attempts",
    ]
    list_filter = ["kind", "channel", ("sent_at", admin.EmptyFieldListFilter), "for_date"]
    search_fields = ["recipient__username", "task__title"]
    date_hierarchy = "for_date"
    list_select_related = ["recipient", "task"]
    raw_id_fields = ["recipient", "task"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- channels -------------------------------------------------------------------------------


class ChannelSettingsForm(forms.ModelForm):
    """Secrets are write-only: the field starts empty, shows the last four characters of the
    stored value as a hint, and an empty submission keeps what is stored ("-" clears it)."""

    zalo_bot_link = forms.URLField(
        label=ChannelSettings._meta.get_field("zalo_bot_link").verbose_name,
        help_text=ChannelSettings._meta.get_field("zalo_bot_link").help_text,
        required=False,
        assume_scheme="https",
    )
    sms_url = forms.URLField(
        label=ChannelSettings._meta.get_field("sms_url").verbose_name, required=False, assume_scheme="https"
    )

    class Meta:
        model = ChannelSettings
        fields = [
            f.name
            for f in ChannelSettings._meta.concrete_fields
            if f.editable and f.name not in ("id", "key")
        ]
        widgets = {name: forms.PasswordInput(render_value=False) for name in ChannelSettings.SECRET_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ChannelSettings.SECRET_FIELDS:
            field = self.fields[name]
            field.required = False
            current = decrypt(getattr(self.instance, name, "") or "")
            hint = _("Đang lưu: %(value)s. Để trống để giữ nguyên, nhập “-” để xóa.") % {
                "value": masked(current)
            }
            field.help_text = hint if current else _("Chưa đặt.")
            self.initial[name] = ""

    def clean(self):
        data = super().clean()
        for name in ChannelSettings.SECRET_FIELDS:
            value = (data.get(name) or "").strip()
            if value == "-":
                data[name] = ""
            elif value:
                data[name] = encrypt(value)
            else:
                data[name] = getattr(self.instance, name, "") or ""
        return data


@admin.register(ChannelSettings)
class ChannelSettingsAdmin(admin.ModelAdmin):
    form = ChannelSettingsForm
    list_display = ["__str__", "configured_channels", "updated_at"]
    fieldsets = [
        (_("Zalo Bot (mặc định)"), {"fields": ["zalo_bot_token", "zalo_webhook_secret", "zalo_bot_link"]}),
        (
            _("Zalo ZNS (tùy chọn, theo số điện thoại)"),
            {
                "fields": [
                    "zns_app_id",
                    "zns_secret_key",
                    "zns_access_token",
                    "zns_refresh_token",
                    "zns_token_expires_at",
                    "zns_template_id",
                ]
            },
        ),
        (
            _("Thông báo đẩy (Web Push)"),
            {"fields": ["vapid_public_key", "vapid_private_key", "vapid_subject"]},
        ),
        (
            _("SMS qua cổng của nhà cung cấp"),
            {
                "fields": [
                    "sms_url",
                    "sms_method",
                    "sms_auth_header",
                    "sms_body_template",
                    "sms_content_type",
                    "sms_strip_accents",
                ]
            },
        ),
    ]

    @admin.display(description=_("kênh đang dùng"))
    def configured_channels(self, obj):
        return ", ".join(sorted(registry.available())) or "–"

    def has_add_permission(self, request):
        return not ChannelSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        ChannelSettings.current()
        return super().changelist_view(request, extra_context)


@admin.register(ChannelDelivery)
class ChannelDeliveryAdmin(admin.ModelAdmin):
    """The channel ledger, read only: what went out, what failed and why."""

    list_display = ["day", "channel", "recipient", "status", "attempts", "items", "sent_at", "error"]
    list_filter = ["channel", "status", "day"]
    search_fields = ["recipient__username", "recipient__first_name", "error"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ChannelEndpoint)
class ChannelEndpointAdmin(admin.ModelAdmin):
    list_display = ["user", "channel", "label", "is_active", "created_at", "last_error"]
    list_filter = ["channel", "is_active"]
    search_fields = ["user__username", "label"]
    readonly_fields = ["address", "keys", "created_at"]

    def has_add_permission(self, request):
        return False
