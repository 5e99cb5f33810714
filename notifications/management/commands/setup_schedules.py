"""Install the django-q2 schedules declared in notifications.schedules.SCHEDULES.

Idempotent: each schedule is updated or created by name, schedules that are no longer
declared are deleted. Run by ``make seed`` / ``make demo`` and after each deploy.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django_q.models import Schedule

from notifications.schedules import SCHEDULES


class Command(BaseCommand):
    help = "Create or update the background job schedules (django-q2); delete stale ones."

    @transaction.atomic
    def handle(self, *args, **options):
        names = []
        for spec in SCHEDULES:
            names.append(spec.name)
            existing = Schedule.objects.filter(name=spec.name).order_by("pk")
            for duplicate in existing[1:]:
                duplicate.delete()
            _obj, created = Schedule.objects.update_or_create(
                name=spec.name,
                defaults={
                    "func": spec.func,
                    "schedule_type": spec.schedule_type,
                    "minutes": spec.minutes,
                    "repeats": -1,
                    "next_run": spec.next_run(),
                },
            )
            verb = "created" if created else "updated"
            self.stdout.write(f"{verb}: {spec.name} ({spec.func}) next run {spec.next_run():%d/%m/%Y %H:%M}")
        stale, _detail = Schedule.objects.exclude(name__in=names).delete()
        if stale:
            self.stdout.write(f"deleted {stale} stale schedule(s)")
        self.stdout.write(self.style.SUCCESS(f"{len(names)} schedules in place."))
