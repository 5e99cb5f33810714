from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = _("Thời hạn")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from deadlines import checks  # noqa: F401  (registers the SITE_URL start-up check)
        from deadlines.models import CalendarOverride
        from deadlines.workdays import calendar_changed

        # every process reads the overrides again after a change (deadlines.workdays.get_calendar)
        post_save.connect(calendar_changed, sender=CalendarOverride, dispatch_uid="calendar_changed_save")
        post_delete.connect(calendar_changed, sender=CalendarOverride, dispatch_uid="calendar_changed_delete")
