from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from directives.models import Clause, Directive, DirectiveAttachment, IntakeDraft, Reference


class ReferenceInline(admin.TabularInline):
    model = Reference
    fk_name = "directive"
    extra = 0
    autocomplete_fields = ["target"]


class AttachmentInline(admin.TabularInline):
    model = DirectiveAttachment
    extra = 0
    fields = ["name", "content_type", "size", "created_at"]
    readonly_fields = ["name", "content_type", "size", "created_at"]


@admin.register(Directive)
class DirectiveAdmin(SimpleHistoryAdmin):  # "Lịch sử": who changed what, when
    list_display = ["__str__", "issuer", "issued_on", "received_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "symbol", "subject", "issuer"]
    date_hierarchy = "issued_on"
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [ReferenceInline, AttachmentInline]


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = ["directive", "label", "order", "is_heading"]
    search_fields = ["text", "label"]
    raw_id_fields = ["directive", "parent"]


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["directive", "kind", "number", "symbol", "date", "issuer", "target"]
    search_fields = ["number", "symbol", "raw"]
    raw_id_fields = ["directive", "target"]


# the e-office systems' API tokens (AR, issue 14.6) are administered in directives.arrival.admin
from directives.arrival import admin as _arrival_admin  # noqa: E402, F401


@admin.register(IntakeDraft)
class IntakeDraftAdmin(admin.ModelAdmin):
    """Read-only: drafts change through the intake (directives.intake) and the review screen."""

    list_display = [
        "source_name",
        "status",
        "channel",
        "source_kind",
        "created_by",
        "created_at",
        "directive",
    ]
    list_filter = ["status", "channel", "source_kind"]
    search_fields = ["source_name"]
    date_hierarchy = "created_at"
    exclude = ["data"]
    readonly_fields = [
        "id",
        "source_name",
        "source_kind",
        "channel",
        "status",
        "error_message",
        "ocr_used",
        "version",
        "created_by",
        "created_at",
        "updated_at",
        "directive",
        "source_file",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
