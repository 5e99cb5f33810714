"""django-q2 entry points for directives: thin, load by id, call the service."""

from __future__ import annotations


def intake_process(draft_id: str) -> str:
    from directives.intake.process import intake_process as process

    return process(draft_id)


def intake_purge_stale() -> int:
    from directives.intake.purge import intake_purge_stale as purge

    return purge()
