from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification, NotificationPreference, ReminderPolicy


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
