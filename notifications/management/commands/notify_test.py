"""Send one test message to one person through one channel, to check a configuration."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from notifications.channels import registry
from notifications.channels.base import Message, TransportError
from notifications.transports import absolute

CHANNELS = ["email", "zalo", "zns", "push", "sms"]


class Command(BaseCommand):
    help = "Send one test reminder to USER through --channel email|zalo|zns|push|sms (nothing is recorded)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--channel", choices=CHANNELS, required=True)

    def handle(self, *args, username: str, channel: str, **options):
        try:
            user = get_user_model().objects.select_related("notification_preference").get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no user {username!r}") from exc
        url = absolute(reverse("notifications:list"))
        text = f"Đây là tin thử của Đôn đốc gửi {user.get_full_name() or user.username}. Xem nhắc việc: {url}"
        if channel == "email":
            if not user.email:
                raise CommandError(f"{username} has no e-mail address")
            EmailMessage("[Đôn đốc] Tin thử", text, to=[user.email]).send(fail_silently=False)
            self.stdout.write(self.style.SUCCESS(f"e-mail sent to {user.email}"))
            return
        available = registry.available()
        transport = available.get(channel) or registry.transport_for(channel)
        if not transport.configured(transport.config):
            raise CommandError(f"channel {channel} is not configured (see README, 'Kênh nhắc việc')")
        if not transport.reachable(user):
            raise CommandError(
                f"{username} cannot be reached on {channel} (not linked, no subscription or no phone)"
            )
        message = Message(
            title="Đôn đốc – tin thử",
            text=text,
            short=f"Don doc: tin thu gui {user.username}. {url}",
            url=url,
            count=1,
            first_title="Tin thử",
            first_deadline="",
        )
        try:
            transport.send(user, message)
        except TransportError as exc:
            raise CommandError(f"{channel} failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"{channel}: test message sent to {username}"))
