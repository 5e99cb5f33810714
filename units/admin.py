from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from units.models import Membership, Organization, RatingThreshold, Unit, UnitAlias, UnitGroup


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0
    fields = ["name", "source", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):  # "Lịch sử": who changed what, when
    list_display = ["name", "short_name", "kind", "level", "parent", "is_active", "ordering"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "short_name", "name_key"]
    list_editable = ["ordering", "is_active"]
    autocomplete_fields = ["parent"]
    inlines = [UnitAliasInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "unit", "role", "title"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]


@admin.register(UnitAlias)
class UnitAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "source", "created_by", "created_at"]
    list_filter = ["source", "unit__kind"]
    list_select_related = ["unit", "created_by"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["created_by", "created_at"]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(UnitGroup)
class UnitGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kinds"]
    search_fields = ["name"]
    filter_horizontal = ["units"]


@admin.register(RatingThreshold)
class RatingThresholdAdmin(admin.ModelAdmin):
    list_display = ["name", "min_on_time_rate", "max_overdue", "ordering"]
    list_editable = ["min_on_time_rate", "max_overdue", "ordering"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """One row: who runs this installation (seeded by ``seed_demo --profile``; ORG_* env wins)."""

    list_display = ["name", "level", "profile", "place", "updated_at"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["profile", "updated_at"]

    def has_add_permission(self, request):
        return not Organization.objects.exists()
