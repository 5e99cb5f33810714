"""System checks for a production start: the demo's shared password must not open any account."""

from __future__ import annotations

import importlib
import pkgutil

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from config.auth import DEMO_PASSWORD


def demo_usernames() -> set[str]:
    """Every username a demo profile (units/demo/*) creates: ``PEOPLE`` rows and ``ADMIN``."""
    import units.demo as package

    names: set[str] = set()
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for attr in ("PEOPLE", "ADMIN", "USERS"):
            value = getattr(module, attr, None)
            rows = [value] if isinstance(value, tuple) else value if isinstance(value, list) else []
            names.update(
                row[0] for row in rows if isinstance(row, tuple | list) and row and isinstance(row[0], str)
            )
    return names


@register(Tags.security)
def demo_password_not_in_production(app_configs=None, **kwargs):
    """Fails (dondoc.E001) when DEBUG is off and a demo account or a superuser still has the
    demo password. Only those accounts are hashed, so the check stays quick on a real site."""
    if settings.DEMO_PASSWORD_ALLOWED:
        return []
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    User = get_user_model()
    try:
        candidates = list(
            User.objects.filter(Q(username__in=demo_usernames()) | Q(is_superuser=True), is_active=True).only(
                "pk", "username", "password"
            )[:200]
        )
    except DatabaseError:  # no tables yet (before the first migrate)
        return []
    exposed = sorted(u.username for u in candidates if u.check_password(DEMO_PASSWORD))
    if not exposed:
        return []
    return [
        Error(
            f"{len(exposed)} account(s) still use the demo password with DEBUG off: {', '.join(exposed[:10])}",
            hint="Set real passwords (manage.py changepassword USER) or deactivate the demo accounts; "
            "DEMO_PASSWORD_ALLOWED=1 only for a demo that is not in production.",
            id="dondoc.E001",
        )
    ]
