"""Create a calendar subscription for a user and print its feed URL path (the token is shown once)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from deadlines.models import CalendarSubscription
from deadlines.services import feed_path, subscription_create
from directives.models import Directive
from units.models import Unit

Scope = CalendarSubscription.Scope


def parse_scope(value: str) -> dict:
    kind, _sep, ident = value.partition(":")
    if kind in (Scope.MINE, Scope.ALL_OPEN, Scope.OVERDUE) and not ident:
        return {"scope": kind}
    if kind in (Scope.UNIT, Scope.DIRECTIVE) and ident.isdigit():
        model = Unit if kind == Scope.UNIT else Directive
        obj = model.objects.filter(pk=int(ident)).first()
        if obj is None:
            raise CommandError(f"{kind} {ident} does not exist")
        return {"scope": kind, kind: obj}
    raise CommandError(f"bad scope {value!r}: use mine, unit:ID, directive:ID, all_open or overdue")


class Command(BaseCommand):
    help = "Create a calendar (iCal) subscription for USERNAME and print its URL path."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--scope", default="mine", help="mine | unit:ID | directive:ID | all_open | overdue"
        )
        parser.add_argument("--name", default="", help="name shown in the calendar app")

    def handle(self, *args, username: str, scope: str, name: str, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        try:
            _subscription, token = subscription_create(user=user, name=name, **parse_scope(scope))
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(f"{username} may not subscribe to {scope}") from exc
        path = feed_path(token)
        self.stdout.write(path)
        self.stderr.write(f"full URL: {settings.SITE_URL}{path} (shown once; only its hash is stored)")
