from __future__ import annotations

from django.http import HttpRequest

from units.permissions import Action, roles_for


def roles(request: HttpRequest) -> dict:
    """``roles`` (units.permissions.Roles) and ``Action`` for navigation and buttons."""
    return {"roles": roles_for(getattr(request, "user", None)), "Action": Action}
