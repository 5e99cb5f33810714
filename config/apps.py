from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project package as an app: audit logging of sign-ins and the user admin action."""

    name = "config"
    verbose_name = "Đôn đốc"

    def ready(self) -> None:
        from config import audit, auth, security_checks  # noqa: F401  (registers the system checks)
        from config.middleware import SlidingSessionMiddleware

        audit.connect()
        auth.connect()
        SlidingSessionMiddleware.connect()
