"""Load a demo organisation profile, or add synthetic volume for benchmarks.

    python manage.py seed_demo --profile commune     # xã Sơn Tây Thượng (what `make demo` starts)
    python manage.py seed_demo --profile ward        # phường Cẩm Thành
    python manage.py seed_demo --profile province    # UBND tỉnh Quảng Ngãi, its Sở and communes
    python manage.py seed_demo                       # huyện Mộ Đức before the 2025 reform (default)
    python manage.py seed_demo --tasks 100000 --units 300   # + synthetic volume (bulk_create)

One profile per database (a second, different profile is refused). Running it again reuses
what exists: units and users are matched by name, demo directives by number and symbol.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from units.demo import DEMO_PASSWORD, PROFILES, seed_profile, seed_volume


class Command(BaseCommand):
    help = "Load a demo organisation profile (idempotent) and optionally synthetic volume for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--profile",
            choices=PROFILES,
            default="district",
            help="which organisation to set up (default: district, the pre-2025 demo)",
        )
        parser.add_argument(
            "--size",
            type=int,
            default=8,
            help="routine directives spread over the past months, on top of the hand-written ones",
        )
        parser.add_argument("--tasks", type=int, default=0, help="add this many synthetic tasks")
        parser.add_argument(
            "--units", type=int, default=0, help="spread synthetic tasks over this many units"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed for synthetic data")
        parser.add_argument("--quiet", action="store_true")

    def handle(
        self, *args, profile: str, size: int, tasks: int, units: int, seed: int, quiet: bool, **options
    ):
        started = time.perf_counter()
        result = seed_profile(profile, size=size)
        if tasks:
            created = seed_volume(tasks=tasks, units=max(units, 1), seed=seed)
            self.stdout.write(f"Synthetic volume: {created} tasks over {max(units, 1)} units.")
        elapsed = time.perf_counter() - started
        if quiet:
            return
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo profile '{result.profile}' loaded: {result.org_name}.")
            )
        else:
            self.stdout.write(
                f"Demo profile '{result.profile}' already present ({result.org_name}); nothing duplicated."
            )
        self.stdout.write(f"Done in {elapsed:.1f} s.\n")
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for username, role in result.logins:
            self.stdout.write(f"  {username:<22} {role}")
