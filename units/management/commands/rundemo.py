"""Run the web app and the django-q2 worker together (what `make demo` starts).

Ctrl-C (or SIGTERM) stops both. A plain shell with `&` would leave the web server
running, because background jobs of a non-interactive shell ignore SIGINT.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the development web server and the django-q2 cluster; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        manage = [sys.executable, "manage.py"]
        stopping = False

        def stop(*_args) -> None:
            nonlocal stopping
            stopping = True

        # Handle Ctrl-C and SIGTERM ourselves, even when started with SIGINT ignored
        # (as background jobs of a script are); children get the default handlers back.
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)

        def default_signals() -> None:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)

        children = [
            subprocess.Popen([*manage, "qcluster"], preexec_fn=default_signals),
            subprocess.Popen([*manage, "runserver", addrport, "--noreload"], preexec_fn=default_signals),
        ]
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
            self.stdout.write("Stopped the web app and the worker.")
