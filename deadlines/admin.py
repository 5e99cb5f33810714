from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from deadlines.models import CalendarOverride, CalendarSubscription
from deadlines.services import subscription_revoke
from deadlines.workdays import WorkCalendar

WEEKDAYS = [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật")]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """Days that differ from the national calendar: an extra day off announced by the
    province, or a Saturday worked in exchange. Changes apply to the next reminder scan."""

    list_display = ["date", "weekday", "is_working_day", "reason", "source_document", "national_calendar"]
    list_filter = ["is_working_day"]
    search_fields = ["reason", "source_document"]
    date_hierarchy = "date"

    def changelist_view(self, request, extra_context=None):
        """Above the list: the national calendar of this year and the next (holidays,
        substituted days off, worked Saturdays), so an administrator sees what to override."""
        from django.utils import timezone

        from deadlines.workdays import _vn_holidays

        year = timezone.localdate().year
        national = []
        for y in (year, year + 1):
            calendar = _vn_holidays(y)
            days = [(d, name, False) for d, name in calendar.items()]
            days += [
                (d, str(_("Thứ Bảy làm việc bù")), True) for d in calendar.weekend_workdays if d.year == y
            ]
            national.append((y, sorted(days)))
        extra_context = {**(extra_context or {}), "national_calendar": national}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarOverride) -> str:
        return str(WEEKDAYS[obj.date.weekday()])

    @admin.display(description=_("theo lịch quốc gia"))
    def national_calendar(self, obj: CalendarOverride) -> str:
        plain = WorkCalendar()
        name = plain.holiday_name(obj.date)
        if plain.is_working_day(obj.date):
            return str(_("ngày làm việc"))
        return name or str(_("ngày nghỉ cuối tuần"))


@admin.register(CalendarSubscription)
class CalendarSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "scope", "token_hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "name", "token_hint"]
    readonly_fields = ["token_hash", "token_hint", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user", "unit", "directive"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # the token is shown once at creation: use the profile page or calendar_token

    @admin.action(description=_("Thu hồi các lịch đăng ký đã chọn"))
    def revoke(self, request, queryset) -> None:
        count = 0
        for subscription in queryset.filter(revoked_at__isnull=True):
            subscription_revoke(subscription=subscription, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("Đã thu hồi %(n)d lịch đăng ký.", "Đã thu hồi %(n)d lịch đăng ký.", count)
            % {"n": count},
            messages.SUCCESS,
        )
