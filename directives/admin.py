from django.contrib import admin

from directives.models import Clause, Directive, Reference


class ReferenceInline(admin.TabularInline):
    model = Reference
    fk_name = "directive"
    extra = 0
    autocomplete_fields = ["target"]


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issuer", "issued_on", "received_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "symbol", "subject", "issuer"]
    date_hierarchy = "issued_on"
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [ReferenceInline]


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
