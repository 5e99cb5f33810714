from django.contrib import admin

from tasks.models import Evidence, ExtensionRequest, ProgressUpdate, Task, TaskEvent


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TaskEventInline(ReadOnlyInline):
    model = TaskEvent
    fields = ["at", "actor", "kind", "old_value", "new_value", "note"]
    readonly_fields = fields


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Browsing and support only: edits that matter go through the app, which records history."""

    list_display = ["title", "lead_unit", "deadline", "status", "progress", "kind"]
    list_filter = ["status", "kind", "lead_unit__kind"]
    search_fields = ["title", "search_text"]
    date_hierarchy = "deadline"
    raw_id_fields = ["directive", "clause", "series", "assignee", "created_by"]
    autocomplete_fields = ["lead_unit"]
    readonly_fields = [
        "created_at",
        "updated_at",
        "version",
        "search_text",
        "status",
        "progress",
        "completed_on",
        "deadline",
        "original_deadline",
        "lead_unit",
    ]
    inlines = [TaskEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(TaskEvent)
class TaskEventAdmin(admin.ModelAdmin):
    list_display = ["task", "at", "actor", "kind", "old_value", "new_value"]
    list_filter = ["kind"]
    raw_id_fields = ["task", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["task", "unit", "author", "percent", "created_at", "is_contribution"]
    raw_id_fields = ["task", "author", "unit"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "update", "size", "uploaded_at"]
    raw_id_fields = ["update"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["task", "current_deadline", "requested_deadline", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["task", "requested_by", "decided_by"]


# The office documents (templates, letters) register their own admin pages.
from tasks.documents import admin as _documents_admin  # noqa: E402, F401
