"""Rebuild the shipped Word templates, or render one with this office's data to look at."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tasks.documents.builder import build_all
from tasks.documents.models import DocumentKind
from tasks.documents.preview import sample_context
from tasks.documents.render import render


class Command(BaseCommand):
    help = "--build rewrites tasks/documents/shipped/*.docx; --preview KIND OUT.docx renders KIND with real data."

    def add_arguments(self, parser):
        parser.add_argument("--build", action="store_true")
        parser.add_argument("--preview", nargs=2, metavar=("KIND", "OUT"))

    def handle(self, *args, build: bool, preview, **options):
        if build:
            for path in build_all():
                self.stdout.write(f"wrote {path}")
        if preview:
            kind, out = preview
            if kind not in DocumentKind.values:
                raise CommandError(f"kind must be one of {', '.join(DocumentKind.values)}")
            Path(out).write_bytes(render(kind, sample_context(kind)))
            self.stdout.write(f"wrote {out}")
        if not build and not preview:
            raise CommandError("give --build or --preview KIND OUT.docx")
