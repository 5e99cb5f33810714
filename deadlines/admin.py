from django.contrib import admin

from deadlines.models import CalendarOverride, CalendarSubscription


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "reason", "source_document"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"


@admin.register(CalendarSubscription)
class CalendarSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "scope", "token_hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    readonly_fields = ["token_hash", "token_hint", "created_at", "last_used_at"]
    raw_id_fields = ["user", "unit", "directive"]
