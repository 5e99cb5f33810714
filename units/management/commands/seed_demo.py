"""Load a realistic demo district, or add synthetic volume for benchmarks.

    python manage.py seed_demo                       # demo district, users, directives, tasks
    python manage.py seed_demo --tasks 100000 --units 300   # + synthetic volume (bulk_create)

Running it again reuses what exists: units and users are matched by name,
demo directives by their number and symbol.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from units.demo import DEMO_PASSWORD, seed_demo_district, seed_volume


class Command(BaseCommand):
    help = "Load the demo district (idempotent) and optionally synthetic volume for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, default=0, help="add this many synthetic tasks")
        parser.add_argument(
            "--units", type=int, default=0, help="spread synthetic tasks over this many units"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed for synthetic data")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, tasks: int, units: int, seed: int, quiet: bool, **options):
        started = time.perf_counter()
        result = seed_demo_district()
        if tasks:
            created = seed_volume(tasks=tasks, units=max(units, 1), seed=seed)
            self.stdout.write(f"Synthetic volume: {created} tasks over {max(units, 1)} units.")
        elapsed = time.perf_counter() - started
        if quiet:
            return
        if result.created:
            self.stdout.write(self.style.SUCCESS("Demo district loaded."))
        else:
            self.stdout.write("Demo district already present; nothing duplicated.")
        self.stdout.write(f"Done in {elapsed:.1f} s.\n")
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for username, role in result.logins:
            self.stdout.write(f"  {username:<22} {role}")
