from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = _("Thời hạn")

    def ready(self) -> None:
        from deadlines import checks  # noqa: F401  (registers the SITE_URL start-up check)
